"""The moderator's timer is kept on the server, so the room's screen shows
the same countdown: started, paused, resumed, stopped by the Office only."""

import datetime

import pytest
from django.utils import timezone

from dialogues import services
from dialogues.choices import SpeakerLevel
from dialogues.models import RoomTimer

from .factories import dialogue, speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def made():
    made = dialogue(year=2015)
    speaker(made, "GHA", SpeakerLevel.MINISTER, 50)
    speaker(made, "DNK", SpeakerLevel.PERMANENT_REPRESENTATIVE, 40)
    return made


def timer_url(made):
    return f"/admin/dialogues_admin/{made.pk}/moderator/timer/"


def state(client):
    return client.get("/dialogues/2015/room/state/").json()["timer"]


def test_no_timer_until_the_moderator_starts_it(client, made):
    assert state(client) is None


def test_starting_shows_the_speaker_and_the_limit_on_the_rooms_screen(
    client, reviewer, made
):
    client.force_login(reviewer)
    response = client.post(timer_url(made), {"action": "start"})
    assert response.status_code == 200
    client.logout()
    shown = state(client)
    assert shown["speaker"] == "Speaker of GHA"
    assert shown["delegation"] == "Ghana"
    assert shown["limit"] == 240
    assert shown["running"] is True
    assert shown["started_at"]
    assert 0 <= shown["elapsed"] < 5
    assert shown["warning"] is False and shown["overrun"] is False


def test_pause_keeps_the_time_and_resume_goes_on_from_it(reviewer, made):
    start = timezone.now()
    services.run_timer(actor=reviewer, dialogue=made, action="start", now=start)
    later = start + datetime.timedelta(seconds=100)
    services.run_timer(actor=reviewer, dialogue=made, action="pause", now=later)
    paused = services.timer_state(made, now=later + datetime.timedelta(hours=1))
    assert paused["running"] is False
    assert paused["elapsed"] == 100
    assert paused["remaining"] == 140
    again = later + datetime.timedelta(seconds=500)
    services.run_timer(actor=reviewer, dialogue=made, action="resume", now=again)
    running = services.timer_state(made, now=again + datetime.timedelta(seconds=115))
    assert running["elapsed"] == 215
    assert running["warning"] is True  # 25 s left
    over = services.timer_state(made, now=again + datetime.timedelta(seconds=150))
    assert over["overrun"] is True
    assert over["remaining"] == -10


def test_stop_clears_the_rooms_timer(client, reviewer, made):
    services.run_timer(actor=reviewer, dialogue=made, action="start")
    client.force_login(reviewer)
    client.post(timer_url(made), {"action": "stop"})
    assert state(client) is None


def test_a_group_statement_has_its_extra_minutes(reviewer):
    made = dialogue(year=2015)
    speaker(
        made,
        "DNK",
        on_behalf_of_group=True,
        group_name="Group of Friends",
        extra_minutes=2,
    )
    services.run_timer(actor=reviewer, dialogue=made, action="start")
    assert services.timer_state(made)["limit"] == 360


def test_an_unknown_action_is_refused_in_plain_words(client, reviewer, made):
    client.force_login(reviewer)
    for action in ["", "explode", "start\x00", "ابدأ"]:
        response = client.post(timer_url(made), {"action": action})
        assert response.status_code == 400
        assert "Choose start, pause, resume or stop." in response.json()["error"]
    assert not RoomTimer.objects.exists()


@pytest.mark.parametrize("who", ["focal_point", "publisher"])
def test_a_forged_start_by_anyone_but_the_office_is_denied(client, made, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(timer_url(made), {"action": "start"})
    assert response.status_code in (302, 403)
    assert not RoomTimer.objects.exists()


def test_an_anonymous_start_is_denied(client, made):
    response = client.post(timer_url(made), {"action": "start"})
    assert response.status_code in (302, 403)
    assert not RoomTimer.objects.exists()


def test_the_timer_needs_the_csrf_token(reviewer, made):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reviewer)
    response = browser.post(timer_url(made), {"action": "start"})
    assert response.status_code == 403
    assert not RoomTimer.objects.exists()


def test_the_moderators_screen_posts_to_the_timer_with_its_token(
    client, reviewer, made
):
    client.force_login(reviewer)
    page = client.get(f"/admin/dialogues_admin/{made.pk}/moderator/").content.decode()
    assert f'data-timer-url="{timer_url(made)}"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_the_rooms_screen_has_the_large_countdown(client, made):
    page = client.get("/dialogues/2015/room/").content.decode()
    assert "data-room-clock" in page
    assert 'role="timer"' in page
