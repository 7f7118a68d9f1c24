"""The Office's review of submitted entries: comments pinned to versions, and
decisions. Feedback rounds join them later (see DESIGN.md §3)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import (
    UNDER_THE_OFFICE,
    DecisionKind,
    FeedbackKind,
    FeedbackOutcome,
    Visibility,
)


class CommentQuerySet(models.QuerySet):
    def shared(self):
        """What the contributing organisation may read: never internal comments."""
        return self.filter(visibility=Visibility.SHARED)

    def threads(self):
        return self.filter(parent__isnull=True)

    def open(self):
        return self.filter(parent__isnull=True, resolved_at__isnull=True)


class Comment(models.Model):
    """A remark on a practice entry, or on one of its fields, as it stood in one
    version. Replies share their thread's field, version pin and visibility."""

    entry = models.ForeignKey(
        "contributions.PracticeEntry",
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    version_number = models.PositiveIntegerField(_("written on version"))
    field = models.CharField(
        _("field"),
        max_length=32,
        blank=True,
        help_text=_("Empty for a comment on the whole entry."),
    )
    quote = models.TextField(_("quoted passage"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    def __str__(self):
        return f"{self.entry.reference} v{self.version_number}: {self.body[:40]}"

    @property
    def is_internal(self):
        return self.visibility == Visibility.INTERNAL

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        indexes = [models.Index(fields=["entry", "parent"])]


class CommentEdit(models.Model):
    """An earlier text of an edited comment: editing never loses what was said."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="earlier_texts"
    )
    body = models.TextField()
    written_at = models.DateTimeField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.comment_id} before {self.replaced_at:%Y-%m-%d %H:%M}"

    class Meta:
        ordering = ["replaced_at", "pk"]


class Decision(models.Model):
    """The Office's decision on one submitted version of an entry."""

    entry = models.ForeignKey(
        "contributions.PracticeEntry",
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    kind = models.CharField(_("decision"), max_length=24, choices=DecisionKind.choices)
    version_number = models.PositiveIntegerField(_("on version"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("decided"), auto_now_add=True)

    def __str__(self):
        return f"{self.entry.reference} v{self.version_number}: {self.kind}"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")


class AssignmentQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Past their due date while the Office still holds the entry."""
        return self.filter(
            due_on__lt=today or timezone.localdate(),
            entry__status__in=UNDER_THE_OFFICE,
        )


class Assignment(models.Model):
    """Who in the Office reviews an entry, and by when."""

    entry = models.OneToOneField(
        "contributions.PracticeEntry",
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="assignment",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    def __str__(self):
        return f"{self.entry.reference} → {self.reviewer}"

    def is_overdue(self, today=None):
        return bool(
            self.due_on
            and self.due_on < (today or timezone.localdate())
            and self.entry.status in UNDER_THE_OFFICE
        )

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        indexes = [models.Index(fields=["reviewer", "due_on"])]


class FeedbackRound(models.Model):
    """A dated round in which participants read a pre-publication edition and
    give the Office their feedback."""

    title = models.CharField(_("title"), max_length=255)
    edition = models.ForeignKey(
        "compendium.Edition",
        verbose_name=_("pre-publication edition"),
        on_delete=models.PROTECT,
        related_name="feedback_rounds",
        limit_choices_to={"kind": "pre-publication"},
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    instructions = models.TextField(_("instructions"), blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before closing"),
        default=3,
        help_text=_("Participants that have not completed are reminded then."),
    )
    participants = models.ManyToManyField(
        "accounts.Organisation",
        through="RoundParticipant",
        verbose_name=_("participants"),
        related_name="feedback_rounds",
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    def __str__(self):
        return self.title

    def is_open(self, now=None):
        now = now or timezone.now()
        return bool(self.opened_at) and self.opens_at <= now < self.closes_at

    def is_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("feedback round")
        verbose_name_plural = _("feedback rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="round_closes_after_it_opens",
            )
        ]


class RoundParticipant(models.Model):
    round = models.ForeignKey(
        FeedbackRound, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    first_read_at = models.DateTimeField(_("first read"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closing_message = models.TextField(_("closing message"), blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    def __str__(self):
        return f"{self.round} — {self.organisation}"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="one_participation_each"
            )
        ]


class Feedback(models.Model):
    """A participant's remark on an entry of the edition (general, or on a field
    quoting a passage), or a proposed new entry; the Office triages it."""

    round = models.ForeignKey(
        FeedbackRound, on_delete=models.CASCADE, related_name="feedback"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=FeedbackKind.choices,
        default=FeedbackKind.ENTRY,
    )
    reference = models.CharField(_("entry"), max_length=16, blank=True)
    field = models.CharField(_("field"), max_length=32, blank=True)
    quote = models.TextField(_("quoted passage"), blank=True)
    title = models.CharField(_("proposed title"), max_length=255, blank=True)
    body = models.TextField(_("feedback"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=FeedbackOutcome.choices,
        default=FeedbackOutcome.NEW,
    )
    outcome_reason = models.TextField(_("reason given to the participant"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("triaged"), null=True, blank=True)

    def __str__(self):
        return f"{self.round_id} {self.organisation}: {self.body[:40]}"

    @property
    def field_label(self):
        """The field commented on, by its label: what people read everywhere."""
        from .rounds import field_label

        return field_label(self.field)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [
            models.Index(fields=["round", "organisation"]),
            models.Index(fields=["round", "reference"]),
        ]
