"""Finding one's way in the feedback round's admin: each round's dashboard from
its row and its edit page, each item of feedback from its row in the triage."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from review.models import Feedback
from tests.compendium.factories import EditionFactory
from tests.review.factories import feedback_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    edition = EditionFactory(
        pre_publication=True, label="2015-pre", title="Preliminary"
    )
    return feedback_round(
        edition, title="Feedback on 2015-pre", closes=datetime.timedelta(days=14)
    )


@pytest.fixture
def items(round_, ghana, denmark, focal_point, other_focal_point):
    return [
        Feedback.objects.create(
            round=round_,
            organisation=ghana,
            author=focal_point,
            kind="entry",
            reference="CP-0001",
            body="Add the decree that set up the committee.",
        ),
        Feedback.objects.create(
            round=round_,
            organisation=denmark,
            author=other_focal_point,
            kind="entry",
            reference="CP-0002",
            body="The year it started is 2012. " + "More detail here. " * 20,
        ),
    ]


def header_of(body):
    return body[body.index("<header") : body.index("</header>")]


def dashboard_href(round_):
    return f'href="/admin/feedback_round/inspect/{round_.pk}/"'


def test_each_round_s_row_offers_its_dashboard(client, reviewer, round_):
    client.force_login(reviewer)

    body = client.get("/admin/feedback_round/").content.decode()

    assert dashboard_href(round_) in body
    assert 'aria-label="Dashboard of Feedback on 2015-pre"' in body


def test_the_round_s_edit_page_offers_its_dashboard_in_the_header(
    client, reviewer, round_
):
    client.force_login(reviewer)

    body = client.get(f"/admin/feedback_round/edit/{round_.pk}/").content.decode()

    header = header_of(body)
    assert dashboard_href(round_) in header
    assert "Dashboard" in header
    # One way to the dashboard, not also "Inspect" in the header's menu.
    assert body.count(dashboard_href(round_)) == 1


def test_the_dashboard_is_titled_dashboard(client, reviewer, round_):
    client.force_login(reviewer)

    body = client.get(f"/admin/feedback_round/inspect/{round_.pk}/").content.decode()

    assert "<title>Dashboard: Feedback on 2015-pre" in body


def test_staff_without_the_rounds_get_no_dashboard(client, administrator, round_):
    client.force_login(administrator)

    for url in (
        "/admin/feedback_round/",
        f"/admin/feedback_round/inspect/{round_.pk}/",
        f"/admin/feedback_round/edit/{round_.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/feedback_round/" not in response["Location"], url


def test_every_row_of_the_triage_opens_its_item(client, reviewer, items):
    client.force_login(reviewer)

    body = client.get("/admin/feedback/").content.decode()

    for item in items:
        link = re.search(
            rf'<a [^>]*href="/admin/feedback/edit/{item.pk}/"[^>]*>(.*?)</a>',
            body,
            re.DOTALL,
        )
        assert link, item.body
        # The row's text is the link, in the keyboard's order like any link.
        assert item.body.split()[0] in link.group(1)
        assert "tabindex" not in link.group(0)
    # A long item is shortened in the list and read in full on its page.
    assert "More detail here. " * 20 not in body
    page = client.get(f"/admin/feedback/edit/{items[1].pk}/").content.decode()
    assert ("More detail here. " * 19).strip() in page


def test_who_may_only_read_the_feedback_gets_no_link_to_triage(
    client, administrator, items
):
    administrator.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="review", codename="view_feedback"
        )
    )
    reader = get_user_model().objects.get(pk=administrator.pk)
    client.force_login(reader)

    response = client.get("/admin/feedback/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Add the decree that set up the committee." in body
    assert "/admin/feedback/edit/" not in body
    assert client.get(f"/admin/feedback/edit/{items[0].pk}/").status_code == 302
