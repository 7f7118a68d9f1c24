"""Feedback rounds in the portal's header and on its dashboard: shown to
members of participating organisations of opened rounds, and to nobody else."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from review.models import FeedbackRound
from tests.compendium.factories import EditionFactory
from tests.contributions.factories import MembershipFactory, OrganisationFactory
from tests.review.factories import feedback_round

pytestmark = pytest.mark.django_db

DASHBOARD = "/contribute/"


def make_round(title, participants, *, opens, closes, open_it=True, by=None):
    return feedback_round(
        EditionFactory(pre_publication=True, title=title),
        participants,
        title=title,
        opens=opens,
        closes=closes,
        opened_by=by if open_it else None,
    )


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def open_round(ghana, denmark, publisher, now):
    return make_round(
        "Feedback on the preliminary version",
        [ghana, denmark],
        opens=now - datetime.timedelta(hours=1),
        closes=datetime.datetime(2099, 3, 1, 12, 0, tzinfo=datetime.UTC),
        by=publisher,
    )


def header_link(client):
    html = BeautifulSoup(client.get(DASHBOARD).content.decode(), "html.parser")
    header = html.select_one(".site-header")
    return header.find("a", href="/contribute/rounds/")


def test_members_of_a_participating_organisation_see_the_rounds_open_to_them(
    client, contributor, open_round, ghana, publisher, now
):
    # Two more open rounds for Ghana, one not for Ghana, one closed.
    make_round(
        "Second round",
        [ghana],
        opens=now - datetime.timedelta(days=1),
        closes=now + datetime.timedelta(days=3),
        by=publisher,
    )
    closed = make_round(
        "Closed round",
        [ghana],
        opens=now - datetime.timedelta(days=10),
        closes=now + datetime.timedelta(days=1),
        by=publisher,
    )
    FeedbackRound.objects.filter(pk=closed.pk).update(
        closes_at=now - datetime.timedelta(days=1)
    )
    make_round(
        "Only for others",
        [OrganisationFactory()],
        opens=now - datetime.timedelta(days=1),
        closes=now + datetime.timedelta(days=3),
        by=publisher,
    )
    client.force_login(contributor)
    link = header_link(client)
    assert link is not None
    assert " ".join(link.text.split()) == "Feedback rounds 2 open"


def test_the_link_stays_when_no_round_is_open_now_without_a_count(
    client, contributor, open_round, now
):
    FeedbackRound.objects.filter(pk=open_round.pk).update(
        closes_at=now - datetime.timedelta(minutes=1)
    )
    client.force_login(contributor)
    link = header_link(client)
    assert " ".join(link.text.split()) == "Feedback rounds"


def test_the_link_is_marked_current_on_the_rounds_pages(
    client, contributor, open_round
):
    client.force_login(contributor)
    html = BeautifulSoup(
        client.get("/contribute/rounds/").content.decode(), "html.parser"
    )
    link = html.select_one(".site-header").find("a", href="/contribute/rounds/")
    assert link["aria-current"] == "page"


def test_members_of_other_organisations_see_no_rounds_link(
    client, open_round, civil_society
):
    outsider = MembershipFactory(organisation=civil_society, focal_point=True).user
    client.force_login(outsider)
    assert header_link(client) is None
    body = client.get(DASHBOARD).content.decode()
    assert "Feedback on the preliminary version" not in body
    assert client.get(f"/contribute/rounds/{open_round.pk}/").status_code == 404


def test_a_round_not_opened_yet_shows_nothing_to_its_participants(
    client, contributor, ghana, now
):
    make_round(
        "Prepared, not opened",
        [ghana],
        opens=now - datetime.timedelta(hours=1),
        closes=now + datetime.timedelta(days=5),
        open_it=False,
    )
    client.force_login(contributor)
    assert header_link(client) is None
    assert "Prepared, not opened" not in client.get(DASHBOARD).content.decode()


def test_staff_and_visitors_see_no_rounds_link(client, reviewer, open_round):
    assert "/contribute/rounds/" not in client.get("/compendium/").content.decode()
    client.force_login(reviewer)
    assert "/contribute/rounds/" not in client.get("/compendium/").content.decode()


def test_the_dashboard_shows_the_open_round_closing_in_the_readers_time_zone(
    client, contributor, open_round
):
    contributor.time_zone = "Pacific/Kiritimati"  # UTC+14
    contributor.save(update_fields=["time_zone"])
    client.force_login(contributor)
    html = BeautifulSoup(client.get(DASHBOARD).content.decode(), "html.parser")
    panel = html.find("section", attrs={"aria-labelledby": "open-rounds-heading"})
    assert panel.find("h2").text == "A feedback round is open"
    assert panel.find("a", href=f"/contribute/rounds/{open_round.pk}/").text == (
        "Feedback on the preliminary version"
    )
    closes = panel.find("time").text
    assert closes == "2 March 2099, 02:00 (UTC+14:00) · 1 March 2099, 12:00 UTC"


def test_the_dashboard_shows_no_round_once_it_closed(
    client, contributor, open_round, now
):
    FeedbackRound.objects.filter(pk=open_round.pk).update(
        closes_at=now - datetime.timedelta(minutes=1)
    )
    client.force_login(contributor)
    body = client.get(DASHBOARD).content.decode()
    assert "open-rounds-heading" not in body
