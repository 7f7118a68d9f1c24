from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    SHARED = "shared", _("shared with the organisation")
    INTERNAL = "internal", _("internal to the Office")


class DecisionKind(models.TextChoices):
    REQUEST_CHANGES = "request-changes", _("changes requested")
    ACCEPT = "accept", _("accepted")
    DECLINE = "decline", _("declined")
