"""Dates read one way in each language (compendium/formats): "3 December 2026"
and "3 December 2026, 13:11" in the portal, the admin and the public site, and
a time still to come is never "Just now"."""

import datetime
import re

import pytest
from django.utils import formats, translation
from reversion.models import Revision

from compendium.models import Edition
from contributions.models import EntryTransition, Notification
from review import services as review_services
from review.models import Assignment, Comment, FeedbackRound
from tests.compendium.factories import EditionFactory, publish_entry, release_edition
from tests.review.factories import open_round

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 12, 3, 13, 11, tzinfo=datetime.UTC)
WRITTEN = "3 December 2026, 13:11"
OTHER_WAYS = ("Dec. 3, 2026", "3 Dec 2026", "1:11 p.m.", "03 December")


def reads_one_way(body, expected=WRITTEN):
    assert expected in body
    for other in OTHER_WAYS:
        assert other not in body


def test_english_dates_are_day_month_year_with_the_24_hour_clock():
    with translation.override("en"):
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == WRITTEN
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == WRITTEN
        assert formats.date_format(MOMENT.date()) == "3 December 2026"
        assert formats.date_format(MOMENT.date(), "SHORT_DATE_FORMAT") == (
            "3 December 2026"
        )
        # Anything undecided here still comes from Django, so forms parse dates.
        assert "%Y-%m-%d" in formats.get_format("DATE_INPUT_FORMATS")


def test_a_language_without_its_own_module_keeps_djangos_formats():
    with translation.override("fr"):
        assert formats.date_format(MOMENT.date()) == "3 décembre 2026"


@pytest.fixture
def shared_edition():
    publish_entry(title="National early warning committee")
    return EditionFactory(pre_publication=True, label="2015-pre", title="Preliminary")


@pytest.fixture
def closing_in_two_weeks(shared_edition, ghana, publisher):
    return open_round(
        [ghana],
        publisher=publisher,
        edition=shared_edition,
        closes=datetime.timedelta(days=14),
        instructions="Comment by entry.",
    )


def test_a_round_closing_in_two_weeks_is_listed_with_its_date_not_just_now(
    client, publisher, closing_in_two_weeks
):
    client.force_login(publisher)
    body = client.get("/admin/feedback_round/").content.decode()
    closes = formats.date_format(closing_in_two_weeks.closes_at, "DATETIME_FORMAT")
    assert closes in body
    assert "just now" not in body.lower()


def test_the_round_dashboard_gives_the_closing_date_and_the_time_left(
    client, publisher, closing_in_two_weeks
):
    client.force_login(publisher)
    body = client.get(
        f"/admin/feedback_round/inspect/{closing_in_two_weeks.pk}/"
    ).content.decode()
    closes = formats.date_format(closing_in_two_weeks.closes_at, "DATETIME_FORMAT")
    assert closes in body
    assert re.search(r"1\sweek,\s6\sdays\sleft", body)
    assert "just now" not in body.lower()


def test_the_portals_round_page_writes_its_times_one_way(
    client, focal_point, closing_in_two_weeks
):
    FeedbackRound.objects.filter(pk=closing_in_two_weeks.pk).update(
        closes_at=MOMENT + datetime.timedelta(days=365)
    )
    client.force_login(focal_point)
    body = client.get(f"/contribute/rounds/{closing_in_two_weeks.pk}/").content
    reads_one_way(body.decode(), "3 December 2027, 13:11 UTC")


def test_the_portals_notifications_write_their_times_one_way(client, contributor):
    notification = Notification.objects.create(
        recipient=contributor, subject="Changes requested", body="See", path="/"
    )
    Notification.objects.filter(pk=notification.pk).update(created_at=MOMENT)
    client.force_login(contributor)
    reads_one_way(client.get("/contribute/notifications/").content.decode())


def test_an_entrys_history_writes_its_times_one_way(client, draft, contributor):
    Revision.objects.update(date_created=MOMENT)
    client.force_login(contributor)
    body = client.get(f"/contribute/entries/{draft.reference}/history/").content
    reads_one_way(body.decode())


def test_the_review_queue_writes_due_dates_one_way(client, submitted, reviewer):
    review_services.assign(actor=reviewer, entry=submitted, reviewer=reviewer)
    Assignment.objects.update(due_on=MOMENT.date())
    client.force_login(reviewer)
    body = client.get("/admin/review/").content.decode()
    reads_one_way(body, "3 December 2026")


def test_the_review_screen_writes_comment_times_and_due_dates_one_way(
    client, submitted, reviewer
):
    review_services.add_comment(actor=reviewer, entry=submitted, body="A question")
    Comment.objects.update(created_at=MOMENT)
    review_services.assign(actor=reviewer, entry=submitted, reviewer=reviewer)
    Assignment.objects.update(due_on=MOMENT.date())
    client.force_login(reviewer)
    body = client.get(f"/admin/review/{submitted.pk}/").content.decode()
    reads_one_way(body)
    assert "due on 3 December 2026" in body


def test_the_admins_practice_entry_page_writes_version_times_one_way(
    client, submitted, reviewer
):
    Revision.objects.update(date_created=MOMENT)
    client.force_login(reviewer)
    body = client.get(f"/admin/practice_entries/inspect/{submitted.pk}/")
    reads_one_way(body.content.decode())


def test_the_public_list_of_editions_writes_release_dates_one_way(client, publisher):
    publish_entry(title="National early warning committee")
    edition = release_edition(publisher)
    Edition.objects.filter(pk=edition.pk).update(released_at=MOMENT)
    body = client.get("/compendium/editions/").content.decode()
    assert "3 December 2026" in body
    assert "3 Dec 2026" not in body and "Dec. 3, 2026" not in body


def test_the_admins_list_of_editions_writes_release_times_one_way(client, publisher):
    publish_entry(title="National early warning committee")
    edition = release_edition(publisher)
    Edition.objects.filter(pk=edition.pk).update(released_at=MOMENT)
    client.force_login(publisher)
    reads_one_way(client.get("/admin/edition/").content.decode())


def test_the_review_queue_writes_submission_times_one_way(client, submitted, reviewer):
    EntryTransition.objects.filter(entry=submitted).update(created_at=MOMENT)
    client.force_login(reviewer)
    body = client.get("/admin/review/").content.decode()
    reads_one_way(body)
    assert not re.search(r"\d+\s\w+ ago", body)
