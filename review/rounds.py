"""The pre-publication feedback round: participants read the shared edition and
leave feedback until the closing time; the Office triages it.

Each function checks who may act and runs in one transaction; views only call
these. Closing needs no job: every write compares the time with `closes_at`.
"""

from datetime import UTC, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log

from accounts.choices import MembershipRole
from accounts.models import Membership, Organisation
from compendium import editions
from compendium.choices import EditionKind, EditionStatus, OrganisationKind
from compendium.models import EditionEntry
from compendium.text import refuse_control_characters
from contributions.notifications import notify
from contributions.services.entries import EntryProblem

from .choices import FeedbackKind, FeedbackOutcome
from .models import Feedback, FeedbackRound, RoundParticipant


def feedback_fields():
    """What a participant may comment on: the fields of a released entry, as
    the classification registry declares them when asked."""
    return [(name, label) for name, label, _kind in editions.FIELDS]


def field_label(name):
    """A feedback item's field as people read it ("Description"), never the
    name stored ("description_text"); "" for feedback on the whole entry."""
    if not name:
        return ""
    return str(dict(feedback_fields()).get(name) or capfirst(name.replace("_", " ")))


def is_office(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("review.change_feedbackround")
    )


def participation(user, round):
    """The user's membership in a participating organisation of an opened round,
    or None."""
    if not user.is_authenticated or round.opened_at is None:
        return None
    return (
        Membership.objects.filter(
            user=user,
            organisation__active=True,
            organisation__in=round.participants.all(),
        )
        .select_related("organisation")
        .first()
    )


def rounds_for(user):
    """The opened rounds the user takes part in, newest first."""
    if not user.is_authenticated:
        return FeedbackRound.objects.none()
    return FeedbackRound.objects.filter(
        opened_at__isnull=False,
        participants__memberships__user=user,
        participants__active=True,
    ).distinct()


def may_read_edition(user, edition):
    """The hook that opens a shared pre-publication edition to participants."""
    return rounds_for(user).filter(edition=edition).exists()


def in_both_zones(moment):
    """ "1 December 2026, 14:00 (Pacific/Kiritimati) · 1 December 2026, 00:00 UTC":
    a time as the reader's own, and in UTC."""
    local = timezone.localtime(moment)
    utc = moment.astimezone(UTC)
    text = date_format(utc, "DATETIME_FORMAT") + " UTC"
    if local.utcoffset() != utc.utcoffset():
        minutes = int(local.utcoffset().total_seconds() // 60)
        sign = "+" if minutes >= 0 else "−"
        offset = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        text = f"{date_format(local, 'DATETIME_FORMAT')} ({offset}) · {text}"
    return text


def _refuse_if_not_open(round):
    now = timezone.now()
    if round.opened_at is None or now < round.opens_at:
        raise EntryProblem(_("This feedback round has not opened yet."))
    if now >= round.closes_at:
        raise EntryProblem(
            _("This feedback round closed on %(when)s; no more feedback can be sent.")
            % {"when": in_both_zones(round.closes_at)}
        )


def open_round(*, actor, round):
    """Open the round: share the edition with the participants (every Member
    State unless others were chosen) and e-mail their focal points."""
    if not is_office(actor):
        raise PermissionDenied
    with transaction.atomic():
        round = FeedbackRound.objects.select_for_update().get(pk=round.pk)
        if round.opened_at is not None:
            raise EntryProblem(_("This round is already open."))
        if round.edition.kind != EditionKind.PRE_PUBLICATION:
            raise ValidationError(_("A round covers a pre-publication edition."))
        if round.is_closed():
            raise EntryProblem(_("The closing time has already passed."))
        if round.edition.status == EditionStatus.IN_PREPARATION:
            if not editions.may_publish(actor):
                raise EntryProblem(
                    _("A publisher must share edition %(label)s first.")
                    % {"label": round.edition.label}
                )
            editions.share(actor=actor, edition=round.edition)
        if not round.participations.exists():
            RoundParticipant.objects.bulk_create(
                RoundParticipant(round=round, organisation=organisation)
                for organisation in Organisation.objects.active().filter(
                    kind=OrganisationKind.MEMBER_STATE
                )
            )
        round.opened_at = timezone.now()
        round.opened_by = actor
        round.save(update_fields=["opened_at", "opened_by"])
        log(round, "review.round.open", user=actor)
        transaction.on_commit(
            lambda: _tell_focal_points(round, "review/email/round_opened")
        )
    return round


def _focal_points(round, organisations=None):
    from django.contrib.auth import get_user_model

    organisations = (
        organisations if organisations is not None else round.participants.all()
    )
    return (
        get_user_model()
        .objects.filter(
            memberships__organisation__in=organisations,
            memberships__role=MembershipRole.FOCAL_POINT,
            memberships__organisation__active=True,
            is_active=True,
        )
        .distinct()
    )


def _tell_focal_points(round, template, organisations=None):
    notify(
        template,
        _focal_points(round, organisations),
        {"round": round, "edition": round.edition},
        path=reverse("review:round", args=[round.pk]),
    )


def record_reading(user, round):
    """The first time someone of a participating organisation opens the round."""
    found = participation(user, round)
    if found is None:
        return
    RoundParticipant.objects.filter(
        round=round, organisation=found.organisation, first_read_at__isnull=True
    ).update(first_read_at=timezone.now())


def _control_characters(**texts):
    """{field: messages} for each text holding a control character, which no
    export of the feedback could carry (see compendium.text)."""
    errors = {}
    for name, text in texts.items():
        try:
            refuse_control_characters(text)
        except ValidationError as error:
            errors[name] = error.messages
    return errors


def leave_feedback(*, actor, round, body, reference="", field="", quote=""):
    found = participation(actor, round)
    if found is None or not found.can_contribute:
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your feedback.")})
    if errors := _control_characters(body=body, quote=quote):
        raise ValidationError(errors)
    if field and field not in dict(feedback_fields()):
        raise ValidationError({"field": _("Choose a field of the entry.")})
    if quote and not field:
        raise ValidationError(
            {"quote": _("Quote a passage only when commenting on a field.")}
        )
    if not EditionEntry.objects.filter(
        edition=round.edition, reference=reference
    ).exists():
        raise ValidationError({"reference": _("Choose an entry of this edition.")})
    with transaction.atomic():
        _refuse_if_not_open(round)
        feedback = Feedback.objects.create(
            round=round,
            organisation=found.organisation,
            author=actor,
            kind=FeedbackKind.ENTRY,
            reference=reference,
            field=field,
            quote=(quote or "").strip(),
            body=body,
        )
        RoundParticipant.objects.filter(
            round=round, organisation=found.organisation, first_read_at__isnull=True
        ).update(first_read_at=timezone.now())
    return feedback


def propose_entry(*, actor, round, title, body):
    found = participation(actor, round)
    if found is None or not found.can_contribute:
        raise PermissionDenied
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the practice a title.")
    if not body:
        errors["body"] = _("Describe the practice.")
    errors.update(_control_characters(title=title, body=body))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _refuse_if_not_open(round)
        return Feedback.objects.create(
            round=round,
            organisation=found.organisation,
            author=actor,
            kind=FeedbackKind.PROPOSAL,
            title=title,
            body=body,
        )


def complete(*, actor, round, message=""):
    """The focal point marks the organisation's review complete."""
    found = participation(actor, round)
    if found is None or not found.is_focal_point:
        raise PermissionDenied
    with transaction.atomic():
        _refuse_if_not_open(round)
        participant = RoundParticipant.objects.select_for_update().get(
            round=round, organisation=found.organisation
        )
        if participant.completed_at is None:
            participant.completed_at = timezone.now()
            participant.completed_by = actor
            participant.closing_message = (message or "").strip()
            participant.save(
                update_fields=["completed_at", "completed_by", "closing_message"]
            )
            log(
                round,
                "review.round.complete",
                user=actor,
                data={"organisation": found.organisation.name},
            )
    return participant


def triage(*, actor, feedback, outcome, reason=""):
    """The Office's outcome for one item, with a reason the participant reads."""
    if not is_office(actor):
        raise PermissionDenied
    if outcome not in FeedbackOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    reason = (reason or "").strip()
    if outcome == FeedbackOutcome.NOT_RETAINED and not reason:
        raise ValidationError(
            {"reason": _("Say why, so the participant understands the decision.")}
        )
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
        feedback.outcome = outcome
        feedback.outcome_reason = reason
        feedback.decided_by = actor if outcome != FeedbackOutcome.NEW else None
        feedback.decided_at = timezone.now() if outcome != FeedbackOutcome.NEW else None
        feedback.save(
            update_fields=["outcome", "outcome_reason", "decided_by", "decided_at"]
        )
        log(
            feedback.round,
            "review.feedback.triage",
            user=actor,
            data={"feedback": feedback.pk, "outcome": outcome},
        )
    return feedback


def due_reminders(now=None):
    """Participations of open rounds that have not completed and enter their
    reminder window now, not yet reminded."""
    now = now or timezone.now()
    due = []
    for round in FeedbackRound.objects.filter(
        opened_at__isnull=False, closes_at__gt=now
    ):
        if now >= round.closes_at - timedelta(days=round.reminder_days):
            due.extend(
                round.participations.filter(
                    completed_at__isnull=True, reminded_at__isnull=True
                ).select_related("organisation", "round")
            )
    return due


@task()
def send_reminders():
    """E-mail the focal points of participants that have not completed."""
    sent = 0
    for participant in due_reminders():
        with transaction.atomic():
            locked = RoundParticipant.objects.select_for_update().get(pk=participant.pk)
            if locked.reminded_at is not None or locked.completed_at is not None:
                continue
            locked.reminded_at = timezone.now()
            locked.save(update_fields=["reminded_at"])
            _tell_focal_points(
                participant.round,
                "review/email/round_reminder",
                organisations=[participant.organisation],
            )
            sent += 1
    return sent


def participation_summary(round):
    """A sentence for an edition's release notes on how the round went."""
    participants = round.participations.all()
    total = participants.count()
    return _(
        "During the feedback round “%(title)s” on edition %(label)s (%(opens)s to "
        "%(closes)s), %(read)d of %(total)d participating organisations read the "
        "pre-publication version, %(commented)d sent %(items)d items of feedback and "
        "%(completed)d marked their review complete."
    ) % {
        "title": round.title,
        "label": round.edition.label,
        "opens": date_format(round.opens_at.astimezone(UTC)),
        "closes": date_format(round.closes_at.astimezone(UTC)),
        "read": participants.filter(first_read_at__isnull=False).count(),
        "total": total,
        "commented": Feedback.objects.filter(round=round)
        .values("organisation")
        .distinct()
        .count(),
        "items": Feedback.objects.filter(round=round).count(),
        "completed": participants.filter(completed_at__isnull=False).count(),
    }


def feedback_action(request, edition, row):
    """On an entry of a shared edition: note that the participant read it, and
    offer to send feedback on it while their round is open."""
    for round in rounds_for(request.user).filter(edition=edition):
        record_reading(request.user, round)
        found = participation(request.user, round)
        if round.is_open() and found is not None and found.can_contribute:
            return {
                "label": _("Send feedback on this entry"),
                "url": reverse("review:round", args=[round.pk])
                + f"?entry={row.reference}#send",
            }
    return None
