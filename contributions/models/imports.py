"""Spreadsheets of entries or organisations that the Office imports in bulk."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from contributions.choices import ImportKind, ImportStatus

from .entries import get_private_storage


def import_upload_to(instance, filename):
    # The view chooses a generated name; the uploaded name is kept apart.
    return filename


class ImportJob(models.Model):
    """One uploaded file on its way in: checked, shown, confirmed, imported.

    The file is kept privately with its SHA-256, so the import that follows a
    confirmation reads exactly the bytes that were checked and shown.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    file = models.FileField(
        storage=get_private_storage, upload_to=import_upload_to, max_length=255
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("size"))
    submit_entries = models.BooleanField(
        _("submit the entries for review"),
        default=False,
        help_text=_(
            "New entries go straight into the review queue instead of waiting as "
            "drafts for their organisation."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ImportStatus.choices,
        default=ImportStatus.CHECKING,
    )
    encoding = models.CharField(_("read as"), max_length=32, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    update_count = models.PositiveIntegerField(_("updated"), default=0)
    skip_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    # [{"row": 3, "column": "pillars", "message": "…"}], the first few hundred.
    errors = models.JSONField(default=list, blank=True)
    # A problem with the file as a whole (unreadable, missing columns…).
    problem = models.TextField(blank=True)
    ignored_columns = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    def __str__(self):
        return self.file_name

    @property
    def is_running(self):
        return self.status in {ImportStatus.CHECKING, ImportStatus.IMPORTING}

    @property
    def may_confirm(self):
        return self.status == ImportStatus.CHECKED

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
