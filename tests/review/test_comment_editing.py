"""Editing a comment from the review screen or the portal: one's own only, the
earlier text kept and shown; and the portal's count of open comments."""

import pytest

from accounts.choices import StaffRole
from review import services
from review.choices import Visibility
from review.models import Comment
from tests.contributions.factories import UserFactory, create_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(submitted, reviewer):
    return services.add_comment(
        actor=reviewer, entry=submitted, field="summary", body="How often does it meet?"
    )


@pytest.fixture
def reply(thread, contributor):
    return services.add_comment(
        actor=contributor, entry=thread.entry, parent=thread, body="Every month."
    )


def test_a_reviewer_edits_their_comment_and_the_earlier_text_is_shown(
    client, thread, reviewer
):
    client.force_login(reviewer)
    response = client.post(
        f"/admin/review/{thread.entry_id}/comments/{thread.pk}/edit/",
        {"body": "How often, and who chairs it?"},
        follow=True,
    )
    page = response.content.decode()
    assert "Comment updated; its earlier text is kept." in page
    assert "How often, and who chairs it?" in page
    assert "earlier text" in page
    assert "How often does it meet?" in page
    thread.refresh_from_db()
    assert thread.body == "How often, and who chairs it?"
    assert [edit.body for edit in thread.earlier_texts.all()] == [
        "How often does it meet?"
    ]


def test_a_reviewer_cannot_edit_a_colleagues_comment(client, thread):
    colleague = UserFactory(staff_roles=[StaffRole.REVIEWER])
    client.force_login(colleague)
    page = client.get(f"/admin/review/{thread.entry_id}/").content.decode()
    assert "Edit your comment" not in page
    response = client.post(
        f"/admin/review/{thread.entry_id}/comments/{thread.pk}/edit/",
        {"body": "Rewritten"},
    )
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    thread.refresh_from_db()
    assert thread.body == "How often does it meet?"


def test_an_empty_edit_changes_nothing(client, thread, reviewer):
    client.force_login(reviewer)
    response = client.post(
        f"/admin/review/{thread.entry_id}/comments/{thread.pk}/edit/",
        {"body": "   "},
        follow=True,
    )
    assert "Write a comment." in response.content.decode()
    thread.refresh_from_db()
    assert thread.body == "How often does it meet?"


def test_a_contributor_edits_their_reply_in_the_portal(client, reply, contributor):
    client.force_login(contributor)
    response = client.post(
        f"/contribute/entries/CP-0001/comments/{reply.pk}/edit/",
        {"body": "Every month, chaired by the Vice-President."},
        follow=True,
    )
    page = response.content.decode()
    assert "Your reply has been updated." in page
    assert "Every month, chaired by the Vice-President." in page
    assert "Every month.</p>" in page.replace("<br>", "")  # the earlier text
    reply.refresh_from_db()
    assert reply.edited_at is not None


def test_forged_edits_from_the_portal_are_not_found(
    client, thread, reply, focal_point, other_focal_point, submitted, reviewer
):
    internal = services.add_comment(
        actor=reviewer,
        entry=submitted,
        body="Internal",
        visibility=Visibility.INTERNAL,
    )
    client.force_login(focal_point)
    for comment in (thread, reply, internal):  # not theirs, or not visible to them
        response = client.post(
            f"/contribute/entries/CP-0001/comments/{comment.pk}/edit/",
            {"body": "Rewritten"},
        )
        assert response.status_code == 404
    client.force_login(other_focal_point)
    response = client.post(
        f"/contribute/entries/CP-0001/comments/{reply.pk}/edit/", {"body": "Mine"}
    )
    assert response.status_code == 404
    assert set(Comment.objects.values_list("body", flat=True)) == {
        "How often does it meet?",
        "Every month.",
        "Internal",
    }


def test_a_member_cannot_use_the_reviewers_edit_endpoint(client, reply, contributor):
    client.force_login(contributor)
    response = client.post(
        f"/admin/review/{reply.entry_id}/comments/{reply.pk}/edit/",
        {"body": "Through the admin"},
    )
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    reply.refresh_from_db()
    assert reply.body == "Every month."


def test_the_portal_list_counts_open_shared_comments(
    client, submitted, reviewer, contributor, ghana, focal_point
):
    other = create_entry(contributor, ghana, title="Second entry")
    first = services.add_comment(actor=reviewer, entry=submitted, body="One")
    services.add_comment(actor=reviewer, entry=submitted, body="Two")
    services.add_comment(
        actor=reviewer,
        entry=submitted,
        body="Internal",
        visibility=Visibility.INTERNAL,
    )
    client.force_login(contributor)
    page = client.get("/contribute/").content.decode()
    assert "2 open comments" in page
    assert page.count("open comment") == 1  # the draft has none

    services.set_resolved(actor=reviewer, comment=first, resolved=True)
    page = client.get("/contribute/").content.decode()
    assert "1 open comment" in page
    assert other.title in page
