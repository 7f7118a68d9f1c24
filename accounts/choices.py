"""Roles a person holds: in an organisation, or on the office's staff."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipRole(models.TextChoices):
    FOCAL_POINT = "focal-point", _("focal point")
    CONTRIBUTOR = "contributor", _("contributor")
    OBSERVER = "observer", _("observer")


class StaffRole(models.TextChoices):
    """The office's staff groups; the value is the group's name."""

    REVIEWER = "Reviewers", _("reviewer")
    PUBLISHER = "Publishers", _("publisher")
    ADMINISTRATOR = "Administrators", _("administrator")
