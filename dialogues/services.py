"""Registration for the dialogue: each function checks who may act and when,
and runs in one transaction; the portal's views only call these. Closing needs
no job: every write compares the time with the registration deadline."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import Membership
from compendium.choices import OrganisationKind
from contributions.notifications import notify
from review.rounds import in_both_zones

from . import speakers as ordering
from .choices import SpeakerOutcome, TicketStatus
from .models import DELEGATION_KINDS, NEW_YORK, RoomTimer, Speaker, TicketRequest


class RegistrationClosed(Exception):
    """The deadline has passed: a message for the delegation."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def in_new_york(moment):
    """ "4 September 2015, 13:00 New York time"."""
    local = timezone.localtime(moment, NEW_YORK)
    return _("%(when)s New York time") % {"when": date_format(local, "DATETIME_FORMAT")}


def deadline_text(dialogue):
    """The deadline in New York time, then in the reader's time zone and UTC."""
    if dialogue.registration_deadline is None:
        return ""
    return f"{in_new_york(dialogue.registration_deadline)} · " + in_both_zones(
        dialogue.registration_deadline
    )


def registering_membership(user, dialogue, organisation_id):
    """The user's focal-point membership of an active organisation the
    dialogue is open to, or None."""
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(
            user=user,
            organisation_id=organisation_id,
            organisation__active=True,
        )
        .select_related("organisation")
        .first()
    )
    if (
        membership is None
        or not membership.is_focal_point
        or not dialogue.is_open_to(membership.organisation)
    ):
        return None
    return membership


def registering_memberships(user, dialogue):
    """Every membership through which the user may register for the dialogue."""
    if not user.is_authenticated:
        return []
    return [
        membership
        for membership in Membership.objects.filter(
            user=user, organisation__active=True
        ).select_related("organisation")
        if membership.is_focal_point and dialogue.is_open_to(membership.organisation)
    ]


def is_delegation(organisation):
    return organisation.kind in DELEGATION_KINDS


def _refuse_after_deadline(dialogue):
    if not dialogue.registration_is_open():
        raise RegistrationClosed(
            _(
                "Registration closed on %(when)s. To be inscribed now, write to "
                "the Office of the Special Adviser."
            )
            % {"when": deadline_text(dialogue)}
        )


def _confirm(template, membership, dialogue, context):
    organisation = membership.organisation
    notify(
        f"dialogues/email/{template}",
        organisation.focal_points,
        {"dialogue": dialogue, "organisation": organisation, **context},
        path=reverse("dialogues:register", args=[dialogue.pk, organisation.pk]),
    )


def inscribe(*, actor, dialogue, organisation_id, data):
    """Inscribe the organisation's speaker, or change the one inscribed, until
    the deadline; its focal points are told by e-mail."""
    membership = registering_membership(actor, dialogue, organisation_id)
    if membership is None or not is_delegation(membership.organisation):
        raise PermissionDenied
    _refuse_after_deadline(dialogue)
    with transaction.atomic():
        speaker = (
            Speaker.objects.select_for_update()
            .filter(dialogue=dialogue, organisation=membership.organisation)
            .first()
        )
        changed = speaker is not None and not speaker.withdrawn
        if speaker is None:
            speaker = Speaker(dialogue=dialogue, organisation=membership.organisation)
        if not changed:
            # A speaker inscribed anew, or again after a withdrawal, takes
            # their place in the order of inscription from now.
            speaker.inscribed_at = timezone.now()
        speaker.name = data["name"]
        speaker.title = data["title"]
        speaker.level = data["level"]
        speaker.on_behalf_of_group = data["on_behalf_of_group"]
        speaker.group_name = data["group_name"] if data["on_behalf_of_group"] else ""
        speaker.inscribed_by = actor
        speaker.withdrawn = False
        speaker.late = False
        speaker.save()
        log(
            speaker,
            "dialogues.speaker.change" if changed else "dialogues.speaker.inscribe",
            user=actor,
        )
        _confirm("inscribed", membership, dialogue, {"speaker": speaker})
    return speaker


def withdraw(*, actor, dialogue, organisation_id):
    """Take the organisation's speaker off the list, until the deadline."""
    membership = registering_membership(actor, dialogue, organisation_id)
    if membership is None or not is_delegation(membership.organisation):
        raise PermissionDenied
    _refuse_after_deadline(dialogue)
    with transaction.atomic():
        speaker = (
            Speaker.objects.select_for_update()
            .filter(
                dialogue=dialogue,
                organisation=membership.organisation,
                withdrawn=False,
            )
            .first()
        )
        if speaker is None:
            return None
        speaker.withdrawn = True
        speaker.save(update_fields=["withdrawn"])
        log(speaker, "dialogues.speaker.withdraw", user=actor)
        _confirm("withdrawn", membership, dialogue, {"speaker": speaker})
    return speaker


def request_tickets(*, actor, dialogue, organisation_id, data):
    """A civil society organisation asks for tickets for named attendees,
    perhaps to speak; it may change a request the Office has not answered."""
    membership = registering_membership(actor, dialogue, organisation_id)
    if (
        membership is None
        or membership.organisation.kind != OrganisationKind.CIVIL_SOCIETY
    ):
        raise PermissionDenied
    _refuse_after_deadline(dialogue)
    with transaction.atomic():
        request = (
            TicketRequest.objects.select_for_update()
            .filter(dialogue=dialogue, organisation=membership.organisation)
            .first()
        )
        if request is not None and request.status != TicketStatus.PENDING:
            raise RegistrationClosed(_("The Office has already answered your request."))
        if request is None:
            request = TicketRequest(
                dialogue=dialogue, organisation=membership.organisation
            )
        request.attendees = "\n".join(data["attendees"])
        request.wishes_to_speak = data["wishes_to_speak"]
        request.subject = data["subject"] if data["wishes_to_speak"] else ""
        request.requested_by = actor
        request.requested_at = timezone.now()
        request.save()
        log(request, "dialogues.tickets.request", user=actor)
        _confirm("tickets_requested", membership, dialogue, {"request": request})
    return request


def mark_late(speaker):
    """A speaker inscribed after the deadline (by the Office) is marked late."""
    if speaker.inscribed_at and speaker.dialogue_id:
        deadline = speaker.dialogue.registration_deadline
        if isinstance(deadline, datetime.datetime) and speaker.inscribed_at >= deadline:
            speaker.late = True
    return speaker


def is_secretariat(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("dialogues.change_dialogue")
    )


def record_outcome(*, actor, speaker, outcome, seconds=None):
    """The moderator marks a speaker as having spoken (with the time they
    took) or absent."""
    if not is_secretariat(actor):
        raise PermissionDenied
    if outcome not in SpeakerOutcome.values:
        raise ValueError(outcome)
    with transaction.atomic():
        speaker.outcome = outcome
        speaker.seconds_spoken = (
            max(0, min(int(seconds), 24 * 3600))
            if outcome == SpeakerOutcome.SPOKE and seconds is not None
            else None
        )
        speaker.save(update_fields=["outcome", "seconds_spoken"])
        log(speaker, f"dialogues.speaker.{outcome}", user=actor)
    return speaker


def move_to_end(*, actor, speaker):
    """A delegation not in the room when called goes to the end of the list."""
    if not is_secretariat(actor):
        raise PermissionDenied
    with transaction.atomic():
        speaker.moved_to_end_at = timezone.now()
        # Called and not in the room: the end of the list wins over a place
        # the Office gave before the day.
        speaker.placed_at_position = None
        speaker.placed_at = None
        speaker.save(
            update_fields=["moved_to_end_at", "placed_at_position", "placed_at"]
        )
        log(speaker, "dialogues.speaker.move-to-end", user=actor)
    return speaker


def move_speaker(*, actor, speaker, position, reason):
    """The Office places a speaker at a position of the list (1 is the
    first), overriding the rule for that speaker only, with a reason that the
    audit log keeps (speakers.place says how the placement lasts)."""
    if not is_secretariat(actor):
        raise PermissionDenied
    with transaction.atomic():
        speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
        if speaker.withdrawn:
            raise PermissionDenied
        ordered = ordering.list_of_speakers(speaker.dialogue)
        before = next(
            index for index, each in enumerate(ordered, 1) if each.pk == speaker.pk
        )
        position = max(1, min(int(position), len(ordered)))
        speaker.placed_at_position = position
        speaker.placed_at = timezone.now()
        speaker.save(update_fields=["placed_at_position", "placed_at"])
        log(
            speaker,
            "dialogues.speaker.move",
            user=actor,
            data={"from": before, "to": position, "reason": reason},
        )
    return speaker


def answer_tickets(*, actor, request, status, reason=""):
    """The Office accepts or declines a civil society organisation's ticket
    request; its focal points are told in their own language, a decline with
    its reason if the Office gave one."""
    if not is_secretariat(actor):
        raise PermissionDenied
    if status not in (TicketStatus.ACCEPTED, TicketStatus.DECLINED):
        raise ValueError(status)
    with transaction.atomic():
        request = TicketRequest.objects.select_for_update().get(pk=request.pk)
        if request.status == status and request.decision_reason == reason:
            return request
        request.status = status
        request.decision_reason = reason if status == TicketStatus.DECLINED else ""
        request.save(update_fields=["status", "decision_reason"])
        log(request, f"dialogues.tickets.{status}", user=actor)
        dialogue = request.dialogue
        organisation = request.organisation
        notify(
            f"dialogues/email/tickets_{status}",
            organisation.focal_points,
            {
                "dialogue": dialogue,
                "organisation": organisation,
                "request": request,
                "sessions": list(dialogue.sessions.all()),
            },
            path=reverse("dialogues:register", args=[dialogue.pk, organisation.pk]),
        )
    return request


TIMER_ACTIONS = ("start", "pause", "resume", "stop")


def run_timer(*, actor, dialogue, action, now=None):
    """The moderator starts, pauses, resumes or stops the timer of the speaker
    speaking now; the room's screen reads it from room/state/."""
    if not is_secretariat(actor):
        raise PermissionDenied
    if action not in TIMER_ACTIONS:
        raise ValueError(action)
    now = now or timezone.now()
    with transaction.atomic():
        timer, _created = RoomTimer.objects.select_for_update().get_or_create(
            dialogue=dialogue
        )
        speaking = ordering.day_order(dialogue)["now"]
        if action == "start" or (action == "resume" and timer.speaker != speaking):
            # A start always counts from zero, for whoever speaks now.
            timer.speaker = speaking
            timer.limit_seconds = speaking.minutes * 60 if speaking else 0
            timer.elapsed_seconds = 0
            timer.started_at = now if speaking else None
        elif action == "resume":
            if timer.started_at is None:
                timer.started_at = now
        elif action == "pause":
            timer.elapsed_seconds = timer.elapsed(now)
            timer.started_at = None
        else:
            timer.speaker = None
            timer.elapsed_seconds = 0
            timer.started_at = None
        timer.save()
    return timer


def timer_state(dialogue, now=None):
    """What the room's screen needs to count down on its own: the limit, the
    seconds elapsed at `now` and whether the timer runs."""
    now = now or timezone.now()
    timer = RoomTimer.objects.filter(dialogue=dialogue).first()
    if timer is None or timer.speaker_id is None:
        return None
    elapsed = timer.elapsed(now)
    return {
        "speaker": timer.speaker.name,
        "delegation": timer.speaker.organisation.name,
        "limit": timer.limit_seconds,
        "elapsed": round(elapsed, 1),
        "remaining": round(timer.limit_seconds - elapsed, 1),
        "running": timer.running,
        "started_at": timer.started_at.isoformat() if timer.started_at else None,
        "warning": 0 < timer.limit_seconds - elapsed <= WARNING_SECONDS,
        "overrun": timer.limit_seconds - elapsed <= 0,
    }


# The warning the moderator's timer gives before the limit (timer.js).
WARNING_SECONDS = 30
