"""The review queue in Wagtail admin: what waits for the Office, filters, the
reviewer's own list, overdue entries, dashboard counts, and who may see it."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import StaffRole
from compendium.models import Country, Pillar
from review import services
from review.choices import Visibility
from review.models import Assignment
from tests.contributions.factories import (
    MembershipFactory,
    PracticeEntryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def colleague():
    return UserFactory(staff_roles=[StaffRole.REVIEWER], first_name="Amina")


@pytest.fixture
def entries(
    ghana, denmark, civil_society, contributor, focal_point, other_focal_point, reviewer
):
    """Ghana: a draft, two submitted (one about Kenya, pillar II), one with
    changes requested; Denmark: one under review; a civil-society entry submitted."""
    danish = MembershipFactory(organisation=denmark).user
    society_focal = MembershipFactory(organisation=civil_society, focal_point=True).user
    ghanaian = {
        "organisation": ghana,
        "author": contributor,
        "focal_point": focal_point,
    }
    return {
        "draft": PracticeEntryFactory(**ghanaian, title="Draft early warning"),
        "ghana": PracticeEntryFactory(
            **ghanaian, submitted=True, title="Ghana peace council"
        ),
        "kenya": PracticeEntryFactory(
            **ghanaian,
            submitted=True,
            title="Support to Kenya mediation",
            countries=[Country.objects.get(iso3="KEN").pk],
            pillars=[Pillar.objects.get(code="II").pk],
        ),
        "returned": PracticeEntryFactory(
            **ghanaian,
            reviewer=reviewer,
            changes_requested=True,
            title="Returned entry",
        ),
        "denmark": PracticeEntryFactory(
            organisation=denmark,
            author=danish,
            focal_point=other_focal_point,
            reviewer=reviewer,
            under_review=True,
            title="Danish training",
        ),
        "society": PracticeEntryFactory(
            organisation=civil_society,
            author=society_focal,
            focal_point=society_focal,
            submitted=True,
            title="Community radio",
        ),
    }


def titles(client, query=""):
    response = client.get(f"/admin/review/{query}")
    assert response.status_code == 200
    body = response.content.decode()
    return {
        title
        for title in (
            "Draft early warning",
            "Ghana peace council",
            "Support to Kenya mediation",
            "Returned entry",
            "Danish training",
            "Community radio",
        )
        if title in body
    }


def test_the_queue_shows_what_waits_for_the_office(client, entries, reviewer):
    client.force_login(reviewer)
    assert titles(client) == {
        "Ghana peace council",
        "Support to Kenya mediation",
        "Danish training",
        "Community radio",
    }
    assert titles(client, "?status=changes-requested") == {"Returned entry"}
    assert titles(client, "?status=under-review") == {"Danish training"}


def test_filters_by_organisation_kind_country_and_pillar(client, entries, reviewer):
    client.force_login(reviewer)
    assert titles(client, "?organisation_kind=civil-society") == {"Community radio"}
    kenya = Country.objects.get(iso3="KEN").pk
    assert titles(client, f"?country={kenya}") == {"Support to Kenya mediation"}
    denmark = Country.objects.get(iso3="DNK").pk
    assert titles(client, f"?country={denmark}") == {"Danish training"}
    pillar_two = Pillar.objects.get(code="II").pk
    assert titles(client, f"?pillar={pillar_two}") == {"Support to Kenya mediation"}
    assert titles(client, "?q=kenya") == {"Support to Kenya mediation"}


def test_assigned_to_me_reviewer_and_due_date(client, entries, reviewer, colleague):
    services.assign(
        actor=reviewer, entry=entries["ghana"], reviewer=reviewer, due_on=in_days(2)
    )
    services.assign(
        actor=reviewer, entry=entries["denmark"], reviewer=colleague, due_on=in_days(30)
    )
    services.assign(actor=reviewer, entry=entries["society"], reviewer=reviewer)
    client.force_login(reviewer)
    assert titles(client, "?assigned=me") == {"Ghana peace council", "Community radio"}
    assert titles(client, "?assigned=nobody") == {"Support to Kenya mediation"}
    assert titles(client, f"?reviewer={colleague.pk}") == {"Danish training"}
    assert titles(client, "?due=week") == {"Ghana peace council"}
    assert titles(client, "?due=later") == {"Danish training"}
    assert titles(client, "?due=none") == {
        "Support to Kenya mediation",
        "Community radio",
    }


def test_overdue_entries_are_highlighted_and_filtered(client, entries, reviewer):
    services.assign(
        actor=reviewer, entry=entries["ghana"], reviewer=reviewer, due_on=in_days(1)
    )
    services.assign(
        actor=reviewer, entry=entries["returned"], reviewer=reviewer, due_on=in_days(1)
    )
    Assignment.objects.update(due_on=in_days(-3))
    client.force_login(reviewer)
    # An entry back with its organisation is not overdue for the Office.
    assert titles(client, "?due=overdue") == {"Ghana peace council"}
    body = client.get("/admin/review/").content.decode()
    rows = re.findall(r'<tr class="overdue"', body)
    assert len(rows) == 1
    assert 'class="review-overdue">Overdue' in body
    # Overdue first by default: the earliest due date leads.
    assert body.index("Ghana peace council") < body.index("Danish training")


def test_open_comments_are_counted(client, entries, reviewer):
    services.add_comment(actor=reviewer, entry=entries["society"], body="Which year?")
    services.add_comment(
        actor=reviewer,
        entry=entries["society"],
        body="Internal note",
        visibility=Visibility.INTERNAL,
    )
    client.force_login(reviewer)
    body = client.get("/admin/review/?ordering=-open_threads").content.decode()
    first_row = body[body.index("<tbody>") :].split("</tr>")[0]
    assert "Community radio" in first_row
    assert re.search(r"<td\s*>\s*2\s*</td>", first_row)


def test_unknown_filter_values_answer_plainly(client, entries, reviewer):
    client.force_login(reviewer)
    for query in (
        "?status=nonsense",
        "?country=999999",
        "?pillar=abc",
        "?reviewer=-1",
        "?due=yesterday",
        "?p=9999",
        "?p=abc",
        "?ordering=password",
        "?q=" + "x" * 5000,
    ):
        assert client.get(f"/admin/review/{query}").status_code == 200, query


def test_results_fragment_for_wagtails_live_filtering(client, entries, reviewer):
    client.force_login(reviewer)
    response = client.get("/admin/review/results/?organisation_kind=civil-society")
    assert response.status_code == 200
    assert "Community radio" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_the_queue_is_for_the_review_team_only(
    client, entries, publisher, focal_point, contributor
):
    client.force_login(publisher)
    response = client.get("/admin/review/")
    assert response.status_code == 302  # Wagtail sends those without rights home
    assert "Ghana peace council" not in client.get("/admin/").content.decode()
    for member in (focal_point, contributor):
        client.force_login(member)
        response = client.get("/admin/review/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    client.logout()
    assert client.get("/admin/review/results/").status_code == 302


def test_the_dashboard_counts_the_queue(client, entries, reviewer, colleague):
    services.assign(
        actor=reviewer, entry=entries["ghana"], reviewer=reviewer, due_on=in_days(1)
    )
    services.assign(actor=reviewer, entry=entries["denmark"], reviewer=colleague)
    Assignment.objects.filter(entry=entries["ghana"]).update(due_on=in_days(-1))
    client.force_login(reviewer)
    body = client.get("/admin/").content.decode()
    counts = dict(
        (label.strip(), int(count))
        for count, label in re.findall(r"<strong>(\d+)</strong>\s*([^<]+)</a>", body)
    )
    assert counts == {
        "Waiting for the Office": 4,
        "Not assigned": 2,
        "Assigned to me": 1,
        "Overdue": 1,
    }


def test_the_queue_costs_the_same_queries_for_five_or_fifty_entries(
    client, entries, reviewer, ghana, contributor, focal_point
):
    client.force_login(reviewer)
    client.get("/admin/review/")  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/review/")
    for number in range(20):
        entry = PracticeEntryFactory(
            organisation=ghana,
            author=contributor,
            focal_point=focal_point,
            submitted=True,
            title=f"More practice {number}",
        )
        services.assign(actor=reviewer, entry=entry, reviewer=reviewer)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/admin/review/")
    assert "More practice 19" in response.content.decode()
    assert len(many) == len(few)
