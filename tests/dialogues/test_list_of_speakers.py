"""The list of speakers follows one rule, which the public page explains."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Organisation
from compendium.choices import OrganisationKind
from dialogues import speakers, versions
from dialogues.choices import SpeakerLevel, TicketStatus
from dialogues.models import Speaker, TicketRequest
from tests.contributions.factories import OrganisationFactory

from .factories import dialogue

pytestmark = pytest.mark.django_db


def state(iso3):
    return Organisation.objects.get(country__iso3=iso3)


def inscribe(made, organisation, level, minutes, **fields):
    return Speaker.objects.create(
        dialogue=made,
        organisation=organisation,
        name=f"Speaker of {organisation.short_name or organisation.name}",
        level=level,
        inscribed_at=timezone.now() - datetime.timedelta(minutes=100 - minutes),
        **fields,
    )


def names(made):
    return [speaker.organisation.pk for speaker in speakers.list_of_speakers(made)]


def test_groups_first_then_level_then_time_of_inscription():
    made = dialogue()
    early_pr = inscribe(made, state("DNK"), SpeakerLevel.PERMANENT_REPRESENTATIVE, 1)
    late_minister = inscribe(made, state("GHA"), SpeakerLevel.MINISTER, 5)
    early_minister = inscribe(made, state("CRI"), SpeakerLevel.MINISTER, 3)
    group = inscribe(
        made,
        state("BRA"),
        SpeakerLevel.DEPUTY_PERMANENT_REPRESENTATIVE,
        9,
        on_behalf_of_group=True,
        group_name="Group of Friends",
    )
    head_of_state = inscribe(made, state("FRA"), SpeakerLevel.HEAD_OF_STATE, 8)
    assert names(made) == [
        group.organisation.pk,
        head_of_state.organisation.pk,
        early_minister.organisation.pk,
        late_minister.organisation.pk,
        early_pr.organisation.pk,
    ]


def test_observers_and_regional_organisations_after_member_states_civil_society_last():
    made = dialogue()
    regional = OrganisationFactory(name="African Union", kind=OrganisationKind.REGIONAL)
    observer = OrganisationFactory(
        name="Holy See", kind=OrganisationKind.OBSERVER_STATE
    )
    network = OrganisationFactory(name="A network")
    ngo = inscribe(made, network, SpeakerLevel.HEAD_OF_STATE, 0)
    au = inscribe(made, regional, SpeakerLevel.HEAD_OF_STATE, 1)
    holy_see = inscribe(made, observer, SpeakerLevel.MINISTER, 2)
    ghana = inscribe(made, state("GHA"), SpeakerLevel.OTHER, 3)
    assert names(made) == [
        ghana.organisation.pk,
        au.organisation.pk,
        holy_see.organisation.pk,
        ngo.organisation.pk,
    ]


def test_late_speakers_follow_the_timely_ones_of_their_kind():
    made = dialogue()
    late = inscribe(made, state("GHA"), SpeakerLevel.HEAD_OF_STATE, 1, late=True)
    timely = inscribe(made, state("DNK"), SpeakerLevel.OTHER, 2)
    assert names(made) == [timely.organisation.pk, late.organisation.pk]


def test_withdrawn_speakers_are_not_on_the_list():
    made = dialogue()
    inscribe(made, state("GHA"), SpeakerLevel.MINISTER, 1, withdrawn=True)
    assert names(made) == []


def test_accepted_civil_society_requests_to_speak_are_invited_in_order():
    made = dialogue()
    first, second, declined, silent = (
        OrganisationFactory(name=f"Network {n}") for n in range(4)
    )
    TicketRequest.objects.create(
        dialogue=made,
        organisation=second,
        attendees="B",
        wishes_to_speak=True,
        subject="Second",
        status=TicketStatus.ACCEPTED,
        requested_at=timezone.now(),
    )
    TicketRequest.objects.create(
        dialogue=made,
        organisation=first,
        attendees="A",
        wishes_to_speak=True,
        subject="First",
        status=TicketStatus.ACCEPTED,
        requested_at=timezone.now() - datetime.timedelta(hours=1),
    )
    TicketRequest.objects.create(
        dialogue=made,
        organisation=declined,
        attendees="C",
        wishes_to_speak=True,
        subject="No",
        status=TicketStatus.DECLINED,
    )
    TicketRequest.objects.create(
        dialogue=made,
        organisation=silent,
        attendees="D",
        status=TicketStatus.ACCEPTED,
    )
    invited = speakers.civil_society_to_invite(made)
    assert [request.subject for request in invited] == ["First", "Second"]


def test_the_public_page_shows_the_list_in_order_and_explains_the_rule(client):
    made = dialogue(year=2015, title="Dialogue of 2015")
    inscribe(made, state("DNK"), SpeakerLevel.PERMANENT_REPRESENTATIVE, 1)
    inscribe(made, state("GHA"), SpeakerLevel.MINISTER, 2)
    versions.publish(made, None)
    page = client.get("/dialogues/2015/").content.decode()
    table = page[page.index('id="speakers"') :]
    assert table.index("Ghana") < table.index("Denmark")
    assert "Statements on behalf of a group of States come first." in page
    assert "10:00–13:00 New York time" in page
