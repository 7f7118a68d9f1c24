"""The reviewer's screen in Wagtail admin."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext

from contributions import services as contribution_services
from contributions.choices import EntryStatus
from review import publishing, services
from review.choices import Visibility
from review.models import Comment, Decision
from tests.contributions.factories import (
    PracticeEntryFactory,
    create_entry,
    edit_entry,
)

pytestmark = pytest.mark.django_db


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
    PracticeEntryFactory(
        organisation=denmark,
        author=other_focal_point,
        focal_point=other_focal_point,
        submitted=True,
        title="National committee for genocide prevention",
        summary="A committee that monitors risk factors of atrocity crimes.",
    )
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


def soup(body):
    return BeautifulSoup(body, "html.parser")


def assert_diff_reads_as_in_the_portal(body, added, removed):
    """Added and removed words in <ins> and <del>, each with its screen-reader
    word in a visually hidden span, and no bracketed text anyone could see."""
    changes = soup(body).select_one(".changes")
    assert changes is not None
    insertion = next(ins for ins in changes.select("ins") if added in ins.text)
    deletion = next(d for d in changes.select("del") if removed in d.text)
    assert insertion.select_one("span.visually-hidden").text.strip() == "added:"
    assert deletion.select_one("span.visually-hidden").text.strip() == "removed:"
    assert "[removed:" not in body and "[added:" not in body
    # The admin's stylesheet, on every admin page, hides those words and marks
    # changes by more than colour.
    assert static("compendium/css/admin.css") in body
    stylesheet = Path(finders.find("compendium/css/admin.css")).read_text()
    assert ".visually-hidden {" in stylesheet
    assert "text-decoration: underline" in stylesheet
    assert "text-decoration: line-through" in stylesheet


@pytest.fixture
def revised(submitted, reviewer, contributor, focal_point):
    """Version 2, resubmitted after the reviewer commented on version 1."""
    services.add_comment(actor=reviewer, entry=submitted, body="Two questions.")
    services.decide(
        actor=reviewer, entry=submitted, kind="request-changes", message="See."
    )
    edit_entry(contributor, submitted, summary="A committee that meets every week.")
    contribution_services.submit(actor=focal_point, entry=submitted)
    submitted.refresh_from_db()
    return submitted


def test_the_review_screen_marks_changes_as_the_portal_does(client, revised, reviewer):
    client.force_login(reviewer)
    body = screen(client, revised)
    assert_diff_reads_as_in_the_portal(body, "meets every week", "monitors")


def test_the_practice_entry_page_in_the_admin_marks_changes_as_the_portal_does(
    client, revised, reviewer
):
    client.force_login(reviewer)
    response = client.get(f"/admin/practice_entries/inspect/{revised.pk}/?from=1&to=2")
    assert response.status_code == 200
    body = response.content.decode()
    assert_diff_reads_as_in_the_portal(body, "meets every week", "monitors")


def test_the_publish_confirmation_marks_changes_as_the_portal_does(
    client, revised, reviewer, publisher, focal_point
):
    services.decide(actor=reviewer, entry=revised, kind="accept")
    first = publishing.publish(actor=publisher, entry=revised)
    first.get_latest_revision().publish(user=publisher)
    services.decide(
        actor=reviewer, entry=revised, kind="request-changes", message="Daily now?"
    )
    edit_entry(revised.created_by, revised, summary="A committee that meets daily.")
    contribution_services.submit(actor=focal_point, entry=revised)
    services.decide(actor=reviewer, entry=revised, kind="accept")
    client.force_login(publisher)
    response = client.get(f"/admin/review/{revised.pk}/publish/")
    assert response.status_code == 200
    body = response.content.decode()
    assert_diff_reads_as_in_the_portal(body, "daily", "every week")


def field_section(body, name):
    section = soup(body).select_one(f"section#field-{name}")
    assert section is not None
    return section


def test_comments_on_a_field_are_shown_beside_that_field(
    client, submitted, reviewer, contributor
):
    on_summary = services.add_comment(
        actor=reviewer,
        entry=submitted,
        field="summary",
        quote="risk factors",
        body="Which risk factors?",
    )
    services.add_comment(
        actor=contributor,
        entry=submitted,
        parent=on_summary,
        body="Those of the framework.",
    )
    general = services.add_comment(
        actor=reviewer, entry=submitted, body="Overall fine."
    )
    client.force_login(reviewer)
    body = screen(client, submitted)

    summary = field_section(body, "summary")
    thread = summary.select_one(f"#comment-{on_summary.pk}")
    assert thread is not None
    assert "Which risk factors?" in thread.text
    assert "Those of the framework." in thread.text
    assert thread.select_one("blockquote").text == "risk factors"
    # Not beside any other field, nor among the comments on the whole entry.
    assert "Which risk factors?" not in field_section(body, "title").text
    comments = soup(body).select_one("section#comments")
    assert comments.select_one(f"#comment-{on_summary.pk}") is None
    assert comments.select_one(f"#comment-{general.pk}") is not None
    assert not soup(body).select(f"section[id^=field-] #comment-{general.pk}")


def test_quoting_by_selection_is_a_deferred_static_script_and_typing_still_works(
    client, submitted, reviewer
):
    client.force_login(reviewer)
    page = soup(screen(client, submitted))
    script = page.select_one(f'script[src="{static("review/quote.js")}"]')
    assert script is not None and script.has_attr("defer")
    assert Path(finders.find("review/quote.js")).read_text().count("data-quote") > 0
    # The fields of the current version can be quoted from; the form keeps a
    # plain text input for the quote and a note for what was selected.
    summary = field_section(str(page), "summary")
    assert summary.select_one('[data-quote-field="summary"]') is not None
    form = page.select_one("form[data-quote-form]")
    assert form.select_one('input[name="quote"]')["type"] == "text"
    assert form.select_one("[data-quote-note]").has_attr("hidden")

    client.post(
        f"/admin/review/{submitted.pk}/comments/",
        {
            "field": "summary",
            "quote": "monitors risk factors",
            "body": "Typed by hand.",
            "visibility": "shared",
        },
    )
    comment = Comment.objects.get()
    assert (comment.field, comment.quote) == ("summary", "monitors risk factors")
    summary = field_section(screen(client, submitted), "summary")
    assert summary.select_one("blockquote").text == "monitors risk factors"


def test_an_earlier_version_offers_no_quoting_as_comments_go_on_the_current_one(
    client, revised, reviewer
):
    client.force_login(reviewer)
    current = soup(screen(client, revised))
    assert current.select("[data-quote-field]")
    earlier = soup(screen(client, revised, "?version=1"))
    assert not earlier.select("[data-quote-field]")
    assert "monitors" in field_section(str(earlier), "summary").text


def test_the_review_screen_template_has_no_inline_script_or_style():
    root = Path(__file__).resolve().parents[2] / "templates"
    for name in ("review/review_entry.html", "review/_thread.html"):
        source = (root / name).read_text()
        assert "style=" not in source
        assert "<script>" not in source
        assert all("src=" in tag for tag in source.split("<script")[1:]), (
            "scripts are static files"
        )


def test_the_entrys_admin_page_offers_the_review_and_publication(
    client, submitted, reviewer, publisher
):
    from django.urls import reverse

    inspect = reverse("practice_entries:inspect", args=[submitted.pk])
    client.force_login(reviewer)
    links = BeautifulSoup(client.get(inspect).content, "html.parser")
    assert links.find("a", string="Review this entry")["href"] == (
        f"/admin/review/{submitted.pk}/"
    )
    assert links.find("a", string="Publish to the compendium") is None

    services.decide(actor=reviewer, entry=submitted, kind="accept")
    client.force_login(publisher)
    links = BeautifulSoup(client.get(inspect).content, "html.parser")
    assert links.find("a", string="Review this entry") is None
    assert links.find("a", string="Publish to the compendium")["href"] == (
        f"/admin/review/{submitted.pk}/publish/"
    )
