"""The demo's dialogue of 8 September 2015, made again on every run."""

import datetime

import pytest

from compendium.choices import OrganisationKind
from demo import dialogue as demo_dialogue
from dialogues import speakers
from dialogues.models import Dialogue, Speaker, TicketRequest
from tests.contributions.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_demo_dialogue_is_the_2015_one_and_seeding_again_changes_nothing(
    client,
):
    OrganisationFactory(name="African Union", kind=OrganisationKind.REGIONAL)
    OrganisationFactory(name="Global Centre for the Responsibility to Protect")
    made = demo_dialogue.seed()
    demo_dialogue.seed()
    assert Dialogue.objects.count() == 1
    assert made.room == "Trusteeship Council Chamber"
    assert made.report.symbol == "A/69/981"
    assert made.registration_deadline == datetime.datetime(
        2015, 9, 4, 17, tzinfo=datetime.UTC
    )
    assert [str(session) for session in made.sessions.all()] == [
        "10:00–13:00",
        "15:00–18:00",
    ]
    assert made.programme.count() == 5
    assert Speaker.objects.count() == 6
    assert TicketRequest.objects.count() == 1
    first = speakers.list_of_speakers(made)[0]
    assert first.on_behalf_of_group
    assert client.get("/dialogues/2015/").status_code == 200
