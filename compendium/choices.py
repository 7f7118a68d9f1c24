from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    REGION = "region", _("Region")
    SUB_REGION = "sub-region", _("Sub-region")
    INTERMEDIATE_REGION = "intermediate-region", _("Intermediate region")


class UNStatus(models.TextChoices):
    MEMBER = "member", _("Member State")
    OBSERVER = "observer", _("Observer State")


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


class Language(models.TextChoices):
    """The six official languages, as settings.LANGUAGES names them: the
    language an entry is written in and those it is translated into."""

    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh-hans", _("Chinese")


class EntryOrigin(models.TextChoices):
    CONTRIBUTED = "contributed", _("contributed and reviewed")
    OFFICE = "office", _("the Office's own research")


class EditionKind(models.TextChoices):
    PRE_PUBLICATION = "pre-publication", _("preliminary pre-publication version")
    OFFICIAL = "official", _("official version")
    UPDATE = "update", _("update")


class EditionStatus(models.TextChoices):
    IN_PREPARATION = "in-preparation", _("in preparation")
    SHARED = "shared", _("shared with participants")
    RELEASED = "released", _("released")
    SUPERSEDED = "superseded", _("superseded")
