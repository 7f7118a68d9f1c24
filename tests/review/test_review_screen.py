"""The reviewer's screen in Wagtail admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions import services as contribution_services
from contributions.choices import EntryStatus
from review import services
from review.choices import Visibility
from review.models import Comment, Decision
from tests.contributions.factories import create_entry, edit_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft, focal_point):
    return contribution_services.submit(actor=focal_point, entry=draft)


def screen(client, entry, query=""):
    response = client.get(f"/admin/review/{entry.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_reviewer_sees_the_entry_threads_and_decision_form(client, submitted, reviewer):
    services.add_comment(
        actor=reviewer,
        entry=submitted,
        body="Internal: ask the desk",
        visibility=Visibility.INTERNAL,
    )
    client.force_login(reviewer)
    body = screen(client, submitted)
    assert "Review CP-0001" in body
    assert "National committee for the prevention of genocide" in body
    assert "Internal: ask the desk" in body
    assert "Record decision" in body


def test_reviewer_comments_which_starts_the_review(client, submitted, reviewer):
    client.force_login(reviewer)
    response = client.post(
        f"/admin/review/{submitted.pk}/comments/",
        {
            "field": "summary",
            "quote": "risk factors",
            "body": "Which risk factors?",
            "visibility": "shared",
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.field, comment.quote, comment.author) == (
        "summary",
        "risk factors",
        reviewer,
    )
    submitted.refresh_from_db()
    assert submitted.status == EntryStatus.UNDER_REVIEW


def test_the_diff_since_the_reviewers_last_comment_is_cumulative(
    client, submitted, reviewer, contributor, focal_point
):
    services.add_comment(actor=reviewer, entry=submitted, body="Two questions.")
    services.decide(
        actor=reviewer,
        entry=submitted,
        kind="request-changes",
        message="See comments.",
    )
    edit_entry(contributor, submitted, title="Renamed committee")
    edit_entry(
        contributor, submitted, title="Renamed committee", summary="Meets every month."
    )
    contribution_services.submit(actor=focal_point, entry=submitted)
    client.force_login(reviewer)
    body = screen(client, submitted)
    assert "Changes since you last reviewed it (version 1 to 3)" in body
    assert "Renamed committee" in body and "Meets every month." in body


def test_a_decision_without_its_message_is_refused_with_a_message(
    client, submitted, reviewer
):
    client.force_login(reviewer)
    response = client.post(
        f"/admin/review/{submitted.pk}/decision/", {"kind": "decline"}, follow=True
    )
    assert "Give the reason" in response.content.decode()
    assert not Decision.objects.exists()


def test_reviewer_accepts(client, submitted, reviewer):
    client.force_login(reviewer)
    client.post(f"/admin/review/{submitted.pk}/decision/", {"kind": "accept"})
    submitted.refresh_from_db()
    assert submitted.status == EntryStatus.ACCEPTED


def test_reviewer_resolves_and_reopens(client, submitted, reviewer):
    thread = services.add_comment(actor=reviewer, entry=submitted, body="Done?")
    client.force_login(reviewer)
    client.post(
        f"/admin/review/{submitted.pk}/comments/{thread.pk}/resolve/", {"resolved": "1"}
    )
    thread.refresh_from_db()
    assert thread.resolved_at is not None
    client.post(
        f"/admin/review/{submitted.pk}/comments/{thread.pk}/resolve/", {"resolved": "0"}
    )
    thread.refresh_from_db()
    assert thread.resolved_at is None


@pytest.mark.parametrize("role", ["contributor", "focal_point", "publisher"])
def test_others_cannot_use_the_review_screen_or_its_actions(
    client, request, submitted, role
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    # Wagtail's refusals: members back to its sign-in, other staff to the dashboard.
    staff = user.has_perm("wagtailadmin.access_admin")
    responses = [
        client.get(f"/admin/review/{submitted.pk}/"),
        client.post(
            f"/admin/review/{submitted.pk}/comments/",
            {"body": "Forged", "visibility": "internal"},
        ),
        client.post(f"/admin/review/{submitted.pk}/decision/", {"kind": "accept"}),
    ]
    for response in responses:
        assert response.status_code == 302
        if staff:
            assert response["Location"] == "/admin/"
        else:
            assert response["Location"].startswith("/admin/login/?next=/admin/review/")
    assert not Comment.objects.exists()
    assert not Decision.objects.exists()
    submitted.refresh_from_db()
    assert submitted.status == EntryStatus.SUBMITTED


def test_possible_duplicates_are_listed(
    client, submitted, reviewer, other_focal_point, denmark
):
    similar = create_entry(
        other_focal_point,
        denmark,
        title="National committee for genocide prevention",
        summary="A committee that monitors risk factors of atrocity crimes.",
    )
    contribution_services.submit(actor=other_focal_point, entry=similar)
    create_entry(
        other_focal_point, denmark, title="Fisheries", summary="Quotas for cod."
    )
    client.force_login(reviewer)
    body = screen(client, submitted)
    duplicates = body.split("Possible duplicates")[1].split("</section>")[0]
    assert "National committee for genocide prevention" in duplicates
    assert "Fisheries" not in duplicates


def test_the_screen_costs_the_same_queries_with_50_versions_and_200_comments(
    client, submitted, reviewer, contributor, focal_point
):
    client.force_login(reviewer)
    services.add_comment(actor=reviewer, entry=submitted, field="title", body="First")
    screen(client, submitted)
    with CaptureQueriesContext(connection) as few:
        screen(client, submitted)

    services.decide(
        actor=reviewer, entry=submitted, kind="request-changes", message="Revise"
    )
    for number in range(49):
        edit_entry(contributor, submitted, title=f"Title {number}")
    contribution_services.submit(actor=focal_point, entry=submitted)
    threads = [
        services.add_comment(
            actor=reviewer, entry=submitted, field="summary", body=f"Thread {n}"
        )
        for n in range(100)
    ]
    for thread in threads[:99]:
        services.add_comment(
            actor=contributor, entry=submitted, parent=thread, body="Reply"
        )
    assert Comment.objects.count() == 200
    submitted.refresh_from_db()
    assert submitted.version_number == 50
    screen(client, submitted)
    with CaptureQueriesContext(connection) as many:
        screen(client, submitted)
    assert len(many) == len(few)
