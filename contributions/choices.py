from django.db import models
from django.utils.translation import gettext_lazy as _

from compendium.choices import Language


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    READY = "ready", _("ready for focal point")
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under-review", _("under review")
    CHANGES_REQUESTED = "changes-requested", _("changes requested")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")

    @classmethod
    def editable(cls):
        """States in which the organisation may still change the text."""
        return {cls.DRAFT, cls.READY, cls.CHANGES_REQUESTED}


# The language an entry is written in: one of the six official languages.
SubmissionLanguage = Language


class EntryAction(models.TextChoices):
    """What happened to an entry, as its history and the audit log tell it."""

    CREATE = "create", _("created")
    EDIT = "edit", _("edited")
    ATTACH = "attach", _("attachment added")
    DETACH = "detach", _("attachment removed")
    RESTORE = "restore", _("earlier version restored")
    READY = "ready", _("marked ready for focal point")
    SUBMIT = "submit", _("submitted to the Office")
    WITHDRAW = "withdraw", _("withdrawn")
    START_REVIEW = "start-review", _("review started")
    REQUEST_CHANGES = "request-changes", _("changes requested")
    ACCEPT = "accept", _("accepted")
    DECLINE = "decline", _("declined")


class ImportKind(models.TextChoices):
    ENTRIES = "entries", _("practice entries")
    ORGANISATIONS = "organisations", _("organisations")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("checking")
    CHECKED = "checked", _("ready to import")
    INVALID = "invalid", _("has errors")
    IMPORTING = "importing", _("importing")
    IMPORTED = "imported", _("imported")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")
