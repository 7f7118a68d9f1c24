from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MEMBER_STATE = "member-state", _("Member State")
    OBSERVER_STATE = "observer-state", _("observer State")
    REGIONAL = "regional", _("regional organisation")
    SUB_REGIONAL = "sub-regional", _("sub-regional organisation")
    CIVIL_SOCIETY = "civil-society", _("civil society organisation")
    UN_ENTITY = "un-entity", _("UN entity")

    @classmethod
    def state_kinds(cls):
        return {cls.MEMBER_STATE, cls.OBSERVER_STATE}


class MembershipRole(models.TextChoices):
    FOCAL_POINT = "focal-point", _("focal point")
    CONTRIBUTOR = "contributor", _("contributor")
    OBSERVER = "observer", _("observer")


class StaffRole(models.TextChoices):
    """The office's staff groups; the value is the group's name."""

    REVIEWER = "Reviewers", _("reviewer")
    PUBLISHER = "Publishers", _("publisher")
    ADMINISTRATOR = "Administrators", _("administrator")
