"""Practice entries as contributors write them, with every version kept."""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.core.validators import MaxLengthValidator
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision

from compendium import classification
from compendium.models.content import SUMMARY_MAX_LENGTH, EntryContent
from contributions.choices import EntryAction, EntryStatus, SubmissionLanguage


class PrivateStorage(LazyObject):
    """Attachments live outside MEDIA_ROOT and are served only through a view that
    checks who is asking: in PRIVATE_MEDIA_ROOT, or in the "private" storage
    when settings.STORAGES names one (a bucket, settings.base.s3_storages)."""

    def _setup(self):
        if "private" in settings.STORAGES:
            self._wrapped = storages["private"]
        else:
            self._wrapped = FileSystemStorage(
                location=settings.PRIVATE_MEDIA_ROOT, base_url=None
            )


private_storage = PrivateStorage()


def get_private_storage():
    """The field refers to storage through this callable, so migrations record a
    name rather than a machine's folder."""
    return private_storage


@receiver(setting_changed)
def _reset_private_storage(setting, **kwargs):
    if setting in ("PRIVATE_MEDIA_ROOT", "STORAGES"):
        private_storage._wrapped = empty


def http_url_validator(value):
    if not value.lower().startswith(("http://", "https://")):
        raise ValidationError(
            _("Enter a web address starting with http:// or https://.")
        )


def written_fields(with_classification=True):
    """The fields contributors write, in the order the form shows them: the
    text, the classification the compendium publishes, the period, then what
    only the Office reads."""

    def facets(which):
        return classification.field_names(which) if with_classification else []

    return [
        "title",
        "summary",
        "description",
        *facets(classification.published()),
        "start_year",
        "end_year",
        "ongoing",
        *facets(classification.contributed_only()),
        "language",
        "internal_contact",
    ]


class PracticeEntryQuerySet(models.QuerySet):
    def for_user(self, user):
        """Entries of the organisations the user belongs to (any role)."""
        return self.filter(
            organisation__memberships__user=user, organisation__active=True
        )

    def submitted(self):
        return self.filter(status=EntryStatus.SUBMITTED)

    def archived(self):
        return self.filter(archived_at__isnull=False)

    def not_archived(self):
        return self.filter(archived_at__isnull=True)

    def seen_by_office(self, with_archived=False):
        """Entries the Office may see: those their organisation has submitted at
        least once. Every Office screen, list, count, export and e-mail reads
        entries through this method, and no other.

        A draft, and an entry ready for the focal point that was never
        submitted, are the organisation's own, as is one withdrawn before it
        was ever submitted (a focal point may withdraw a draft). Submitted,
        under review, changes requested, accepted and declined can only be
        reached through a submission; ready and withdrawn can be reached
        either way, so for those the entry's history decides: a transition to
        submitted, which the submit service, the import and the synthetic data
        all record. Nothing leads back to draft.

        An entry submitted once stays the Office's business whatever happens
        next, so an entry whose organisation is revising it at the Office's
        request is still listed. The versions written since its last
        submission are still the organisation's: the Office reads the version
        last submitted (contributions.versions.office_version).

        Archived entries are out of the Office's work: left out unless
        `with_archived`, which only the admin's list of practice entries (its
        "Archived" filter), an entry's own pages there and purging ask for.
        """
        only_through_submission = {
            EntryStatus.SUBMITTED,
            EntryStatus.UNDER_REVIEW,
            EntryStatus.CHANGES_REQUESTED,
            EntryStatus.ACCEPTED,
            EntryStatus.DECLINED,
        }
        was_submitted = EntryTransition.objects.filter(
            entry=models.OuterRef("pk"), to_status=EntryStatus.SUBMITTED
        )
        seen = self.filter(
            models.Q(status__in=only_through_submission)
            | (
                models.Q(status__in=[EntryStatus.READY, EntryStatus.WITHDRAWN])
                & models.Exists(was_submitted)
            )
        )
        return seen if with_archived else seen.not_archived()


class PracticeEntry(EntryContent):
    """One practice, as the contributing organisation describes it."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, editable=False
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    summary = models.TextField(
        _("summary"),
        validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)],
        help_text=_("At most 1,000 characters: what was done, by whom, and why."),
    )
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language of submission"),
        max_length=8,
        choices=SubmissionLanguage.choices,
        default=SubmissionLanguage.ENGLISH,
    )
    internal_contact = models.CharField(
        _("internal contact"),
        max_length=255,
        blank=True,
        help_text=_("Who the Office may ask about this entry. Never published."),
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=EntryStatus.choices,
        default=EntryStatus.DRAFT,
        editable=False,
    )
    version_number = models.PositiveIntegerField(
        _("version"), default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    # Archiving takes an entry out of the Office's work without deleting
    # anything: its versions and files stay until an administrator purges it
    # (manage.py purge_archived_entries). Set only by services.archive and
    # services.restore.
    archived_at = models.DateTimeField(
        _("archived"), null=True, blank=True, editable=False
    )
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("archived by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    archive_reason = models.TextField(
        _("reason for archiving"), blank=True, editable=False
    )

    objects = PracticeEntryQuerySet.as_manager()

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def is_editable(self):
        return self.status in EntryStatus.editable() and not self.is_archived

    @property
    def is_archived(self):
        return self.archived_at is not None

    class Meta(EntryContent.Meta):
        ordering = ["-updated_at"]
        verbose_name = _("practice entry")
        verbose_name_plural = _("practice entries")
        permissions = [
            ("import_practiceentry", _("Can import practice entries from files")),
            ("archive_practiceentry", _("Can archive and restore practice entries")),
        ]
        indexes = [
            # The review queue counts and pages entries by status.
            models.Index(fields=["status"], name="entry_status"),
            # An import matches rows to entries by organisation and title.
            models.Index(
                fields=["organisation", "title"], name="entry_organisation_title"
            ),
        ]


# Its classification, every facet of the registry.
classification.classification_fields(
    PracticeEntry, models.ManyToManyField, classification.facets()
)


class Source(models.Model):
    """A published source for the practice, with a web address."""

    entry = models.ForeignKey(
        PracticeEntry, on_delete=models.CASCADE, related_name="sources"
    )
    title = models.CharField(_("source title"), max_length=255)
    url = models.URLField(
        _("web address"), max_length=500, validators=[http_url_validator]
    )
    sort_order = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.label(self.title, self.url)

    @staticmethod
    def label(title, url):
        return f"{title} <{url}>"

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")


def attachment_upload_to(instance, filename):
    # The service chooses a generated name; nothing of the user's name is used.
    return filename


class Attachment(models.Model):
    """A supporting document, stored privately under a generated name."""

    entry = models.ForeignKey(
        PracticeEntry, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        storage=get_private_storage, upload_to=attachment_upload_to, max_length=255
    )
    display_name = models.CharField(_("file name"), max_length=160)
    kind = models.CharField(_("type"), max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public attachments are offered with the published entry."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.display_name

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class RevisionInfo(models.Model):
    """The entry's own numbering and kind of change for one reversion revision."""

    revision = models.OneToOneField(
        Revision, on_delete=models.CASCADE, related_name="entry_info"
    )
    entry = models.ForeignKey(
        PracticeEntry, on_delete=models.CASCADE, related_name="revision_infos"
    )
    number = models.PositiveIntegerField(_("version"))
    action = models.CharField(max_length=16, choices=EntryAction.choices)

    def __str__(self):
        return f"{self.entry.reference} v{self.number}"

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "number"], name="entry_version_number_unique"
            ),
        ]


class EntryTransition(models.Model):
    """A change of status: who, when, from what to what, and why."""

    entry = models.ForeignKey(
        PracticeEntry, on_delete=models.CASCADE, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=16, choices=EntryAction.choices)
    from_status = models.CharField(max_length=24, choices=EntryStatus.choices)
    to_status = models.CharField(max_length=24, choices=EntryStatus.choices)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.entry.reference}: {self.from_status} → {self.to_status}"

    class Meta:
        ordering = ["-created_at", "-pk"]


# Every save of an entry is a numbered version; sources and attachments travel
# with it, so restoring a version restores the whole entry.
reversion.register(Source)
reversion.register(Attachment)
reversion.register(PracticeEntry, follow=("sources", "attachments"))
