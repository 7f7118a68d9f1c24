"""The moderator's screen: who speaks now and next, the timer, and what
happened to each speaker, kept with the time they took."""

import pytest
from django.contrib.staticfiles import finders

from accounts.models import Organisation
from dialogues.choices import SpeakerLevel, SpeakerOutcome
from dialogues.models import Speaker

from .factories import dialogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def made():
    made = dialogue()
    for iso3, level in [
        ("GHA", SpeakerLevel.MINISTER),
        ("DNK", SpeakerLevel.PERMANENT_REPRESENTATIVE),
        ("CRI", SpeakerLevel.OTHER),
    ]:
        Speaker.objects.create(
            dialogue=made,
            organisation=Organisation.objects.get(country__iso3=iso3),
            name=f"Speaker of {iso3}",
            level=level,
        )
    return made


def url(made):
    return f"/admin/dialogues_admin/{made.pk}/moderator/"


def record(made, iso3):
    speaker = Speaker.objects.get(organisation__country__iso3=iso3)
    return f"/admin/dialogues_admin/{made.pk}/moderator/{speaker.pk}/"


def now_speaking(page):
    start = page.index('id="now-heading"')
    return page[start : page.index('id="next-heading"')]


def test_the_screen_shows_who_speaks_now_and_next_with_the_timer(
    client, reviewer, made
):
    client.force_login(reviewer)
    page = client.get(url(made)).content.decode()
    assert "Speaker of GHA" in now_speaking(page)
    assert 'data-limit="240"' in page
    assert "dialogues/timer.js" in page
    assert "<script>" not in page.replace('<script src="', "")  # none inline
    assert page.index("Speaker of DNK", page.index('id="next-heading"')) < page.index(
        "Speaker of CRI", page.index('id="next-heading"')
    )
    assert finders.find("dialogues/timer.js")


def test_spoke_keeps_the_time_taken_and_calls_the_next(client, reviewer, made):
    client.force_login(reviewer)
    client.post(record(made, "GHA"), {"action": "spoke", "seconds": "262"})
    ghana = Speaker.objects.get(organisation__country__iso3="GHA")
    assert ghana.outcome == SpeakerOutcome.SPOKE
    assert ghana.seconds_spoken == 262
    page = client.get(url(made)).content.decode()
    assert "Speaker of DNK" in now_speaking(page)
    assert "262 s" in page


def test_absent_and_moved_to_the_end(client, reviewer, made):
    client.force_login(reviewer)
    client.post(record(made, "GHA"), {"action": "end"})
    page = client.get(url(made)).content.decode()
    assert "Speaker of DNK" in now_speaking(page)
    client.post(record(made, "DNK"), {"action": "absent", "seconds": "99"})
    denmark = Speaker.objects.get(organisation__country__iso3="DNK")
    assert denmark.outcome == SpeakerOutcome.ABSENT
    assert denmark.seconds_spoken is None
    page = client.get(url(made)).content.decode()
    assert "Speaker of CRI" in now_speaking(page)
    client.post(record(made, "CRI"), {"action": "spoke", "seconds": ""})
    page = client.get(url(made)).content.decode()
    assert "Speaker of GHA" in now_speaking(page)


def test_a_forged_action_or_another_dialogues_speaker_changes_nothing(
    client, reviewer, made
):
    other = dialogue(year=2014)
    client.force_login(reviewer)
    response = client.post(record(made, "GHA"), {"action": "delete"})
    assert response.status_code == 302
    speaker = Speaker.objects.get(organisation__country__iso3="GHA")
    assert (
        client.post(
            f"/admin/dialogues_admin/{other.pk}/moderator/{speaker.pk}/",
            {"action": "spoke"},
        ).status_code
        == 404
    )
    speaker.refresh_from_db()
    assert speaker.outcome == ""


def test_only_the_secretariat_runs_the_screen(client, publisher, focal_point, made):
    for user in (publisher, focal_point):
        client.force_login(user)
        assert client.get(url(made)).status_code in (302, 403)
        client.post(record(made, "GHA"), {"action": "spoke", "seconds": "10"})
    assert Speaker.objects.get(organisation__country__iso3="GHA").outcome == ""


def test_the_dialogues_listing_links_the_screen(client, reviewer, made):
    client.force_login(reviewer)
    assert url(made) in client.get("/admin/dialogues_admin/").content.decode()


def test_the_room_screen_follows_the_moderator(client, reviewer, made):
    room = f"/dialogues/{made.year}/room/"
    page = client.get(room).content.decode()
    assert "Speaker of GHA" in page[page.index("room__now") :]
    assert "dialogues/room.js" in page
    state = client.get(f"/dialogues/{made.year}/room/state/").json()
    assert state["now"]["name"] == "Speaker of GHA"
    assert [speaker["name"] for speaker in state["next"]] == [
        "Speaker of DNK",
        "Speaker of CRI",
    ]
    client.force_login(reviewer)
    client.post(record(made, "GHA"), {"action": "spoke", "seconds": "200"})
    client.logout()
    state = client.get(f"/dialogues/{made.year}/room/state/").json()
    assert state["now"]["name"] == "Speaker of DNK"
    assert client.get("/dialogues/1999/room/state/").status_code == 404
