"""The General Assembly's informal interactive dialogue on the responsibility
to protect: its programme, the speakers delegations inscribe and the tickets
civil society asks for."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from compendium.choices import Language, OrganisationKind
from contributions.models.entries import get_private_storage

from .choices import (
    DialogueFormat,
    ProgrammeKind,
    SpeakerLevel,
    SpeakerOutcome,
    StatementStatus,
    TicketStatus,
)

# The General Assembly meets in New York: sessions and deadlines are set there.
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")

# Who may take part, in the order the information note names them.
REGISTERING_KINDS = [
    (OrganisationKind.MEMBER_STATE, OrganisationKind.MEMBER_STATE.label),
    (OrganisationKind.OBSERVER_STATE, OrganisationKind.OBSERVER_STATE.label),
    (OrganisationKind.REGIONAL, OrganisationKind.REGIONAL.label),
    (OrganisationKind.SUB_REGIONAL, OrganisationKind.SUB_REGIONAL.label),
    (OrganisationKind.CIVIL_SOCIETY, OrganisationKind.CIVIL_SOCIETY.label),
]
# Delegations inscribe a speaker; civil society asks for tickets.
DELEGATION_KINDS = {
    OrganisationKind.MEMBER_STATE,
    OrganisationKind.OBSERVER_STATE,
    OrganisationKind.REGIONAL,
    OrganisationKind.SUB_REGIONAL,
}


def every_registering_kind():
    return [value for value, _label in REGISTERING_KINDS]


class DialogueQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-date", "-pk")


class Dialogue(ClusterableModel):
    """One year's informal interactive dialogue of the General Assembly."""

    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"))
    room = models.CharField(_("room"), max_length=255, blank=True)
    report = models.ForeignKey(
        "compendium.SecretaryGeneralReport",
        verbose_name=_("report under discussion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    letter = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("letter of the President of the General Assembly"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    information_note = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("information note"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    format = models.CharField(
        _("format"),
        max_length=40,
        choices=DialogueFormat.choices,
        default=DialogueFormat.INFORMAL_INTERACTIVE_DIALOGUE,
    )
    # Dialogues of the archive may have no deadline on record: registration
    # for them is simply closed.
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("In New York time."),
    )
    intervention_minutes = models.PositiveSmallIntegerField(
        _("intervention limit (minutes)"), default=4
    )
    open_to = models.JSONField(
        _("who may register"), default=every_registering_kind, blank=True
    )
    webcast_url = models.URLField(_("webcast"), blank=True)

    objects = DialogueQuerySet.as_manager()

    @property
    def year(self):
        return self.date.year

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (
            self.date
            and Dialogue.objects.filter(date__year=self.date.year)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"date": _("There is already a dialogue in this year.")}
            )

    def is_open_to(self, organisation):
        return organisation.kind in (self.open_to or [])

    def registration_is_open(self, now=None):
        if self.registration_deadline is None:
            return False
        return (now or timezone.now()) < self.registration_deadline

    class Meta:
        ordering = ["-date"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")


class Session(Orderable):
    """A meeting of the dialogue, its times in New York."""

    dialogue = ParentalKey(Dialogue, on_delete=models.CASCADE, related_name="sessions")
    starts = models.TimeField(_("starts (New York time)"))
    ends = models.TimeField(_("ends (New York time)"))

    @property
    def starts_at(self):
        return datetime.datetime.combine(self.dialogue.date, self.starts, NEW_YORK)

    @property
    def ends_at(self):
        return datetime.datetime.combine(self.dialogue.date, self.ends, NEW_YORK)

    def clean(self):
        super().clean()
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": _("A session ends after it starts.")})

    def __str__(self):
        return f"{self.starts:%H:%M}–{self.ends:%H:%M}"

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")


class ProgrammeItem(Orderable):
    """A part of the programme, its speaker named by role."""

    dialogue = ParentalKey(Dialogue, on_delete=models.CASCADE, related_name="programme")
    kind = models.CharField(_("part"), max_length=16, choices=ProgrammeKind.choices)
    role = models.CharField(
        _("speaker's role"),
        max_length=255,
        blank=True,
        help_text=_("Such as: the President of the General Assembly."),
    )
    speaker_name = models.CharField(_("speaker's name"), max_length=255, blank=True)

    def __str__(self):
        return f"{self.get_kind_display()}: {self.role}"

    class Meta(Orderable.Meta):
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")


class Speaker(models.Model):
    """The one speaker an organisation inscribes on the list of speakers."""

    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("dialogue"),
        on_delete=models.CASCADE,
        related_name="speakers",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=255)
    title = models.CharField(_("title"), max_length=255, blank=True)
    level = models.CharField(_("level"), max_length=40, choices=SpeakerLevel.choices)
    on_behalf_of_group = models.BooleanField(
        _("statement on behalf of a group"), default=False
    )
    group_name = models.CharField(_("group"), max_length=255, blank=True)
    extra_minutes = models.PositiveSmallIntegerField(
        _("extra minutes"),
        default=0,
        help_text=_("The Office may give a group's statement more time."),
    )
    inscribed_at = models.DateTimeField(_("inscribed"), default=timezone.now)
    inscribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inscribed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    late = models.BooleanField(
        _("late"), default=False, help_text=_("Inscribed after the deadline.")
    )
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    # On the day, as the moderator records it.
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=SpeakerOutcome.choices, blank=True
    )
    seconds_spoken = models.PositiveIntegerField(
        _("seconds spoken"), null=True, blank=True
    )
    moved_to_end_at = models.DateTimeField(_("moved to the end"), null=True, blank=True)
    # The Office's override of the rule (speakers.py): the position this
    # speaker keeps, whatever is inscribed later. The reason is in the audit
    # log only.
    placed_at_position = models.PositiveSmallIntegerField(
        _("placed by the Office at position"), null=True, blank=True
    )
    placed_at = models.DateTimeField(_("placed by the Office"), null=True, blank=True)

    @property
    def minutes(self):
        return self.dialogue.intervention_minutes + self.extra_minutes

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    def clean(self):
        super().clean()
        if self.on_behalf_of_group and not self.group_name.strip():
            raise ValidationError({"group_name": _("Name the group.")})

    class Meta:
        ordering = ["inscribed_at", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "organisation"],
                name="dialogues_one_speaker_per_organisation",
            )
        ]


class StatementQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=StatementStatus.PUBLISHED)


def statement_upload_to(instance, filename):
    # The service chooses a generated name; nothing of the user's name is used.
    return filename


class Statement(models.Model):
    """A statement a delegation made at the dialogue, as it uploaded it: kept
    in private storage, public once the Office publishes it."""

    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("dialogue"),
        on_delete=models.CASCADE,
        related_name="statements",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("speaker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    title = models.CharField(_("title"), max_length=255, blank=True)
    file = models.FileField(
        storage=get_private_storage, upload_to=statement_upload_to, max_length=255
    )
    display_name = models.CharField(_("file name"), max_length=160)
    kind = models.CharField(_("type"), max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=StatementStatus.choices,
        default=StatementStatus.SUBMITTED,
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the compendium holds of the practice the statement speaks of.
    entries = models.ManyToManyField(
        "compendium.CompendiumEntry",
        verbose_name=_("practice entries"),
        blank=True,
        related_name="+",
    )
    # The draft entry its focal point started from it, so a second start
    # offers that draft rather than another.
    draft_entry = models.ForeignKey(
        "contributions.PracticeEntry",
        verbose_name=_("draft entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = StatementQuerySet.as_manager()

    @property
    def is_published(self):
        return self.status == StatementStatus.PUBLISHED

    @property
    def kind_label(self):
        from contributions.uploads import ALLOWED_KINDS

        found = ALLOWED_KINDS.get(self.kind)
        return found.label if found else self.kind

    def __str__(self):
        return f"{self.organisation} ({self.get_language_display()})"

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "organisation", "language"],
                name="dialogues_one_statement_per_language",
            )
        ]


class TicketRequest(models.Model):
    """A civil society organisation's request for special-events tickets."""

    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("dialogue"),
        on_delete=models.CASCADE,
        related_name="ticket_requests",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendees = models.TextField(_("attendees"), help_text=_("One name a line."))
    wishes_to_speak = models.BooleanField(_("wishes to speak"), default=False)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TicketStatus.choices,
        default=TicketStatus.PENDING,
    )
    decision_reason = models.TextField(
        _("reason for the decision"),
        blank=True,
        help_text=_("Sent to the organisation with a decline."),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    @property
    def attendee_names(self):
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]

    def __str__(self):
        return f"{self.organisation} ({self.get_status_display()})"

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("ticket request")
        verbose_name_plural = _("ticket requests")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "organisation"],
                name="dialogues_one_ticket_request_per_organisation",
            )
        ]


class ListVersionQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-number")


class ListVersion(models.Model):
    """A numbered version of the published list of speakers: the rows as the
    public read them, kept unchanged for good so that every version and the
    difference between two stays citable."""

    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("dialogue"),
        on_delete=models.CASCADE,
        related_name="list_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # [{"key", "position", "organisation", "speaker", "title", "level",
    #   "group", "late", "placed", "civil_society"}], in the list's order.
    rows = models.JSONField(_("rows"), default=list)

    objects = ListVersionQuerySet.as_manager()

    def __str__(self):
        return f"{self.dialogue} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A published version of the list never changes.")
        super().save(*args, **kwargs)

    class Meta:
        ordering = ["dialogue", "number"]
        verbose_name = _("version of the list of speakers")
        verbose_name_plural = _("versions of the list of speakers")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "number"],
                name="dialogues_one_list_version_per_number",
            )
        ]


class RoomTimer(models.Model):
    """The moderator's intervention timer as the room's screen shows it: the
    elapsed time up to the last pause, and since when it runs again."""

    dialogue = models.OneToOneField(
        Dialogue, on_delete=models.CASCADE, related_name="timer"
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    limit_seconds = models.PositiveIntegerField(default=0)
    elapsed_seconds = models.FloatField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)

    @property
    def running(self):
        return self.started_at is not None

    def elapsed(self, now=None):
        """Seconds spoken so far, counting the current run."""
        if self.started_at is None:
            return self.elapsed_seconds
        now = now or timezone.now()
        return self.elapsed_seconds + max(0.0, (now - self.started_at).total_seconds())

    def __str__(self):
        return f"{self.dialogue}: {self.elapsed():.0f} s"
