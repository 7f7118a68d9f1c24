"""The Office moves a speaker with a reason: an audited override of the rule
that keeps its position when others are inscribed later."""

import pytest
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from dialogues import speakers
from dialogues.choices import SpeakerLevel
from dialogues.models import Speaker

from .factories import dialogue, speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def made():
    made = dialogue()
    speaker(made, "GHA", SpeakerLevel.MINISTER, 50)
    speaker(made, "DNK", SpeakerLevel.PERMANENT_REPRESENTATIVE, 40)
    speaker(made, "CRI", SpeakerLevel.PERMANENT_REPRESENTATIVE, 30)
    return made


def order(made):
    return [each.organisation.country.iso3 for each in speakers.list_of_speakers(made)]


def move_url(made, iso3):
    moved = Speaker.objects.get(dialogue=made, organisation__country__iso3=iso3)
    return f"/admin/dialogues_admin/{made.pk}/speakers/{moved.pk}/move/"


def test_the_move_is_confirmed_on_a_page_before_anything_changes(
    client, reviewer, made
):
    client.force_login(reviewer)
    page = client.get(move_url(made, "CRI")).content.decode()
    assert "is at position 3 of 3" in page
    assert "Yes, move the speaker" in page
    assert order(made) == ["GHA", "DNK", "CRI"]


def test_the_office_moves_a_speaker_up_with_a_reason_in_the_history(
    client, reviewer, made
):
    client.force_login(reviewer)
    response = client.post(
        move_url(made, "CRI"), {"where": "up", "reason": "Minister's flight"}
    )
    assert response.status_code == 302
    assert order(made) == ["GHA", "CRI", "DNK"]
    entry = ModelLogEntry.objects.get(action="dialogues.speaker.move")
    assert entry.user == reviewer
    message = log_registry.get_formatter(entry).format_message(entry)
    assert "from position 3 to 2" in message
    assert "Minister's flight" in message


def test_down_and_to_a_position(client, reviewer, made):
    client.force_login(reviewer)
    client.post(move_url(made, "GHA"), {"where": "down", "reason": "Asked to"})
    assert order(made) == ["DNK", "GHA", "CRI"]
    client.post(
        move_url(made, "CRI"), {"where": "position", "position": "1", "reason": "R"}
    )
    # Ghana keeps the second place the Office gave it.
    assert order(made) == ["CRI", "GHA", "DNK"]


def test_a_position_past_the_end_places_the_speaker_last(client, reviewer, made):
    client.force_login(reviewer)
    client.post(
        move_url(made, "GHA"), {"where": "position", "position": "999", "reason": "R"}
    )
    assert order(made) == ["DNK", "CRI", "GHA"]
    assert (
        Speaker.objects.get(organisation__country__iso3="GHA").placed_at_position == 3
    )


def test_a_moved_speaker_keeps_the_position_when_others_are_inscribed_later(
    client, reviewer, made
):
    client.force_login(reviewer)
    client.post(move_url(made, "CRI"), {"where": "up", "reason": "R"})
    # A Head of State inscribed later goes first by the rule; the placed
    # speaker stays second, the others fill around it.
    speaker(made, "BRA", SpeakerLevel.HEAD_OF_STATE, 5)
    assert order(made) == ["BRA", "CRI", "GHA", "DNK"]


def test_the_reason_is_required_and_control_characters_refused(client, reviewer, made):
    client.force_login(reviewer)
    for reason in ["", "   ", "bad\x00reason", "x" * 501]:
        response = client.post(move_url(made, "CRI"), {"where": "up", "reason": reason})
        assert response.status_code == 200
    assert order(made) == ["GHA", "DNK", "CRI"]
    assert not ModelLogEntry.objects.filter(action="dialogues.speaker.move").exists()


def test_a_position_is_needed_to_move_to_a_position(client, reviewer, made):
    client.force_login(reviewer)
    response = client.post(
        move_url(made, "CRI"), {"where": "position", "position": "", "reason": "R"}
    )
    assert "Give the position, from 1." in response.content.decode()
    assert order(made) == ["GHA", "DNK", "CRI"]


def test_rtl_and_long_reasons_are_kept_as_typed(client, reviewer, made):
    client.force_login(reviewer)
    reason = "طلب الوفد — " + "ع" * 400
    client.post(move_url(made, "CRI"), {"where": "up", "reason": reason})
    entry = ModelLogEntry.objects.get(action="dialogues.speaker.move")
    assert entry.data["reason"] == reason


def test_another_dialogues_speaker_cannot_be_moved_through_this_one(
    client, reviewer, made
):
    other = dialogue(year=2001)
    foreign = speaker(other, "BRA")
    client.force_login(reviewer)
    response = client.post(
        f"/admin/dialogues_admin/{made.pk}/speakers/{foreign.pk}/move/",
        {"where": "up", "reason": "R"},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.placed_at_position is None


def test_a_withdrawn_speaker_cannot_be_moved(client, reviewer, made):
    Speaker.objects.filter(organisation__country__iso3="CRI").update(withdrawn=True)
    client.force_login(reviewer)
    response = client.post(move_url(made, "CRI"), {"where": "up", "reason": "R"})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["focal_point", "publisher"])
def test_only_the_office_moves_speakers(client, made, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(move_url(made, "CRI"), {"where": "up", "reason": "R"})
    assert response.status_code in (302, 403)
    assert order(made) == ["GHA", "DNK", "CRI"]
    assert not ModelLogEntry.objects.filter(action="dialogues.speaker.move").exists()


def test_the_public_list_marks_a_placed_speaker_but_not_the_reason(
    client, reviewer, made
):
    client.force_login(reviewer)
    client.post(f"/admin/dialogues_admin/{made.pk}/speakers/publish/")
    client.post(move_url(made, "CRI"), {"where": "up", "reason": "Secret reason"})
    client.logout()
    page = client.get(f"/dialogues/{made.year}/").content.decode()
    assert "placed by the Office" in page
    assert "Secret reason" not in page


def test_moved_to_the_end_on_the_day_wins_over_a_placement(client, reviewer, made):
    client.force_login(reviewer)
    client.post(
        move_url(made, "CRI"), {"where": "position", "position": "1", "reason": "R"}
    )
    cri = Speaker.objects.get(organisation__country__iso3="CRI")
    client.post(
        f"/admin/dialogues_admin/{made.pk}/moderator/{cri.pk}/", {"action": "end"}
    )
    assert order(made) == ["GHA", "DNK", "CRI"]
