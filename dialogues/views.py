"""The dialogue in the portal (delegations inscribe their speaker, civil
society asks for tickets) and on the public site (the archive and each
year's programme and list of speakers)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST

from . import services, speakers, versions
from .choices import SpeakerOutcome
from .forms import SpeakerForm, TicketRequestForm
from .models import Dialogue, Speaker, TicketRequest

# The public pages change when the Office or the moderator acts, not when an
# edition is released, so nothing purges them: shared caches keep them a
# minute at most and browsers ask again each time.
briefly_public = cache_control(public=True, max_age=0, s_maxage=60)


def portal_link(request):
    """The portal header's "Dialogues", for focal points who may register."""
    dialogue = Dialogue.objects.newest_first().first()
    if dialogue is None or not services.registering_memberships(request.user, dialogue):
        return []
    url = reverse("dialogues:list")
    return [
        {
            "label": _("Dialogues"),
            "url": url,
            "current": request.path.startswith(url),
        }
    ]


@login_required
def dialogue_list(request):
    rows = []
    for dialogue in Dialogue.objects.newest_first():
        memberships = services.registering_memberships(request.user, dialogue)
        if memberships:
            rows.append({"dialogue": dialogue, "memberships": memberships})
    return render(request, "dialogues/portal_list.html", {"rows": rows})


def _registration(user, pk, organisation_id):
    dialogue = get_object_or_404(Dialogue, pk=pk)
    membership = services.registering_membership(user, dialogue, organisation_id)
    if membership is None:
        raise Http404
    return dialogue, membership


def _speaker_initial(speaker):
    if speaker is None or speaker.withdrawn:
        return {}
    return {
        "name": speaker.name,
        "title": speaker.title,
        "level": speaker.level,
        "on_behalf_of_group": speaker.on_behalf_of_group,
        "group_name": speaker.group_name,
    }


@login_required
def register(request, pk, organisation_id):
    """Inscribe, change or withdraw the speaker; or ask for tickets."""
    dialogue, membership = _registration(request.user, pk, organisation_id)
    organisation = membership.organisation
    delegation = services.is_delegation(organisation)
    is_open = dialogue.registration_is_open()
    speaker = Speaker.objects.filter(
        dialogue=dialogue, organisation=organisation
    ).first()
    ticket_request = TicketRequest.objects.filter(
        dialogue=dialogue, organisation=organisation
    ).first()
    form_class = SpeakerForm if delegation else TicketRequestForm
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                if delegation:
                    services.inscribe(
                        actor=request.user,
                        dialogue=dialogue,
                        organisation_id=organisation.pk,
                        data=form.cleaned_data,
                    )
                    messages.success(
                        request,
                        _(
                            "Your speaker is inscribed; the focal points have "
                            "an e-mail confirming it."
                        ),
                    )
                else:
                    services.request_tickets(
                        actor=request.user,
                        dialogue=dialogue,
                        organisation_id=organisation.pk,
                        data=form.cleaned_data,
                    )
                    messages.success(
                        request,
                        _("Your request has reached the Office, which will answer it."),
                    )
            except services.RegistrationClosed as closed:
                messages.error(request, closed.message)
            return redirect(request.path)
    elif delegation:
        form = form_class(initial=_speaker_initial(speaker))
    elif ticket_request is not None:
        form = form_class(
            initial={
                "attendees": ticket_request.attendees,
                "wishes_to_speak": ticket_request.wishes_to_speak,
                "subject": ticket_request.subject,
            }
        )
    else:
        form = form_class()
    return render(
        request,
        "dialogues/register.html",
        {
            "dialogue": dialogue,
            "organisation": organisation,
            "delegation": delegation,
            "is_open": is_open,
            "deadline": services.deadline_text(dialogue),
            "speaker": speaker if speaker and not speaker.withdrawn else None,
            "ticket_request": ticket_request,
            "form": form,
        },
    )


@login_required
@require_POST
def withdraw(request, pk, organisation_id):
    dialogue, membership = _registration(request.user, pk, organisation_id)
    try:
        withdrawn = services.withdraw(
            actor=request.user, dialogue=dialogue, organisation_id=organisation_id
        )
    except PermissionDenied:
        raise Http404 from None
    except services.RegistrationClosed as closed:
        messages.error(request, closed.message)
    else:
        if withdrawn is not None:
            messages.success(request, _("Your speaker is withdrawn from the list."))
    return redirect("dialogues:register", pk, organisation_id)


@briefly_public
def archive(request):
    """Every dialogue and debate since 2009, newest year first."""
    return render(
        request,
        "dialogues/archive.html",
        {"dialogues": Dialogue.objects.newest_first().select_related("report")},
    )


def _dialogue_of(year):
    """The dialogue of a year in the address; none for a year no date has."""
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise Http404
    dialogue = (
        Dialogue.objects.filter(date__year=year)
        .select_related("report", "letter", "information_note")
        .first()
    )
    if dialogue is None:
        raise Http404
    return dialogue


def _as_delivered(dialogue):
    """What the moderator recorded on the day, by the published rows' key:
    the latest list then reads as delivered (spoke, and for how long, or
    absent). Numbered versions stay as they were published."""
    return {
        f"organisation-{speaker.organisation_id}": {
            "outcome": speaker.get_outcome_display(),
            "spoke": speaker.outcome == SpeakerOutcome.SPOKE,
            "time": (
                f"{speaker.seconds_spoken // 60}:{speaker.seconds_spoken % 60:02d}"
                if speaker.seconds_spoken is not None
                else ""
            ),
        }
        for speaker in dialogue.speakers.exclude(outcome="").only(
            "organisation_id", "outcome", "seconds_spoken"
        )
    }


def _published(dialogue, number=None):
    """The version of the published list shown (the latest unless `number`
    names one), the one before it, their difference, and every version."""
    every = list(dialogue.list_versions.latest_first())
    if number is None:
        shown = every[0] if every else None
    else:
        shown = next((each for each in every if each.number == number), None)
        if shown is None:
            raise Http404
    previous = next(
        (each for each in every if shown and each.number == shown.number - 1), None
    )
    rows = [
        {**row, "level_label": versions.level_label(row)}
        for row in (shown.rows if shown else [])
    ]
    delivered = _as_delivered(dialogue) if shown and number is None else {}
    for row in rows:
        row["delivered"] = delivered.get(row["key"])
    return {
        "delivered": bool(delivered),
        "version": shown,
        "rows": rows,
        "previous": previous,
        "changes": versions.diff(previous.rows, shown.rows) if previous else None,
        "versions": every,
    }


@briefly_public
def list_version(request, year, number):
    """One numbered version of the list of speakers, as published, with what
    changed since the one before."""
    dialogue = _dialogue_of(year)
    return render(
        request,
        "dialogues/list_version.html",
        {"dialogue": dialogue, "rule": speakers.RULE, **_published(dialogue, number)},
    )


@briefly_public
def dialogue_page(request, year):
    dialogue = _dialogue_of(year)
    return render(
        request,
        "dialogues/dialogue.html",
        {
            "dialogue": dialogue,
            "sessions": dialogue.sessions.all(),
            "programme": dialogue.programme.all(),
            **_published(dialogue),
            "rule": speakers.RULE,
            "deadline": services.deadline_text(dialogue),
            "is_open": dialogue.registration_is_open(),
        },
    )


@briefly_public
def room(request, year):
    """The screen in the room: who is speaking and the next three, in large
    type, kept in step by static/dialogues/room.js."""
    dialogue = _dialogue_of(year)
    return render(
        request,
        "dialogues/room.html",
        {"dialogue": dialogue, "day": speakers.day_order(dialogue)},
    )


@never_cache
def room_state(request, year):
    """What the room's screen shows, for room.js to ask again and again."""
    dialogue = _dialogue_of(year)
    day = speakers.day_order(dialogue)

    def shown(speaker):
        return {"delegation": speaker.organisation.name, "name": speaker.name}

    return JsonResponse(
        {
            "now": shown(day["now"]) if day["now"] else None,
            "next": [shown(speaker) for speaker in day["next"]],
            # The screen counts down from this on its own between two asks.
            "timer": services.timer_state(dialogue),
        }
    )
