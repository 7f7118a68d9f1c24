from django.db import models
from django.utils.translation import gettext_lazy as _

from contributions.choices import EntryStatus

# The Office holds the entry: it is waiting for a review or being reviewed.
UNDER_THE_OFFICE = frozenset({EntryStatus.SUBMITTED, EntryStatus.UNDER_REVIEW})
# Comments stay open while the organisation revises at the Office's request.
OPEN_FOR_COMMENTS = UNDER_THE_OFFICE | {EntryStatus.CHANGES_REQUESTED}


class Visibility(models.TextChoices):
    SHARED = "shared", _("shared with the organisation")
    INTERNAL = "internal", _("internal to the Office")


class DecisionKind(models.TextChoices):
    REQUEST_CHANGES = "request-changes", _("changes requested")
    ACCEPT = "accept", _("accepted")
    DECLINE = "decline", _("declined")


class FeedbackOutcome(models.TextChoices):
    NEW = "new", _("new")
    INCORPORATED = "incorporated", _("incorporated into a revision")
    NOTED = "noted", _("noted")
    NOT_RETAINED = "not-retained", _("not retained")


class FeedbackKind(models.TextChoices):
    ENTRY = "entry", _("on an entry")
    PROPOSAL = "proposal", _("proposed new entry")
