"""The dialogues on the public site: the archive and each year's page."""

import datetime

import pytest
from django.utils import translation

from dialogues.models import ProgrammeItem

from .factories import dialogue

pytestmark = pytest.mark.django_db


def test_the_archive_lists_dialogues_newest_first(client):
    dialogue(year=2014, title="Dialogue of 2014")
    dialogue(year=2015, title="Dialogue of 2015")
    page = client.get("/dialogues/").content.decode()
    assert page.index("Dialogue of 2015") < page.index("Dialogue of 2014")


def test_a_years_page_shows_programme_sessions_and_webcast(client):
    made = dialogue(year=2015, webcast_url="https://webtv.un.org/")
    ProgrammeItem.objects.create(
        dialogue=made, kind="opening", role="President of the General Assembly"
    )
    ProgrammeItem.objects.create(dialogue=made, kind="moderator", role="Moderator")
    page = client.get("/dialogues/2015/").content.decode()
    assert "President of the General Assembly" in page
    assert "10:00–13:00 New York time" in page
    assert "15:00–18:00 New York time" in page
    assert "https://webtv.un.org/" in page
    assert "Trusteeship Council Chamber" in page


def test_a_year_without_a_dialogue_is_not_found(client):
    assert client.get("/dialogues/1999/").status_code == 404
    assert client.get("/dialogues/nineteen/").status_code == 404


def test_the_pages_are_in_the_public_language_space(client):
    dialogue(year=2015)
    response = client.get("/fr/dialogues/2015/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fr"
    translation.activate("en")


def test_the_main_navigation_links_the_dialogues(client):
    page = client.get("/dialogues/").content.decode()
    assert 'href="/dialogues/" aria-current="page"' in page


def test_the_deadline_is_shown_in_new_york_time(client):
    made = dialogue(year=2015)
    made.registration_deadline = datetime.datetime(2015, 9, 4, 17, tzinfo=datetime.UTC)
    made.save()
    page = client.get("/dialogues/2015/").content.decode()
    assert "4 September 2015, 13:00 New York time" in page


def test_shared_caches_keep_the_pages_a_minute_and_the_room_state_never(client):
    """Nothing purges a dialogue's pages when the Office changes the list, so a
    shared cache may keep them only briefly, and the room's screen asks for
    the state afresh each time."""
    dialogue(year=2015)
    for url in ["/dialogues/", "/dialogues/2015/", "/dialogues/2015/room/"]:
        control = client.get(url)["Cache-Control"]
        assert "s-maxage=60" in control, url
        assert "max-age=0" in control, url
    state = client.get("/dialogues/2015/room/state/")["Cache-Control"]
    assert "no-cache" in state
    assert "s-maxage" not in state
