"""The organisation reads the Office's decisions and shared comments in the portal
and replies there; internal comments never reach it."""

import pytest

from contributions import services as contribution_services
from review import services
from review.choices import DecisionKind, Visibility
from review.models import Comment
from tests.contributions.factories import edit_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(draft, focal_point, reviewer):
    """Submitted, commented on (shared and internal), changes requested."""
    contribution_services.submit(actor=focal_point, entry=draft)
    shared = services.add_comment(
        actor=reviewer,
        entry=draft,
        field="summary",
        quote="monitors risk factors",
        body="How often does it meet? <script>alert('x')</script>",
    )
    services.add_comment(
        actor=reviewer,
        entry=draft,
        body="INTERNAL NOTE: possible duplicate of the AU entry",
        visibility=Visibility.INTERNAL,
    )
    services.decide(
        actor=reviewer,
        entry=draft,
        kind=DecisionKind.REQUEST_CHANGES,
        message="Please say how often the committee meets.",
    )
    return draft, shared


def page(client, user, entry):
    client.force_login(user)
    response = client.get(f"/contribute/entries/{entry.reference}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["focal_point", "contributor", "observer"])
def test_members_see_decisions_and_shared_comments_but_never_internal_ones(
    client, request, reviewed, role
):
    entry, _shared = reviewed
    body = page(client, request.getfixturevalue(role), entry)
    assert "Changes requested" in body
    assert "Please say how often the committee meets." in body
    assert "How often does it meet?" in body
    assert "On Summary" in body
    assert "monitors risk factors" in body
    assert "INTERNAL NOTE" not in body
    assert "possible duplicate" not in body


def test_comment_text_is_escaped(client, reviewed, contributor):
    entry, _shared = reviewed
    body = page(client, contributor, entry)
    assert "<script>alert('x')</script>" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body


def test_a_contributor_replies_and_revises_and_sees_the_field_changed(
    client, reviewed, contributor
):
    entry, shared = reviewed
    client.force_login(contributor)
    response = client.post(
        f"/contribute/entries/{entry.reference}/comments/{shared.pk}/reply/",
        {"body": "Monthly; it will be in the next version."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{shared.pk}")
    reply = Comment.objects.get(parent=shared)
    assert (reply.author, reply.version_number) == (contributor, 1)

    edit_entry(contributor, entry, summary="A committee that meets every month.")
    body = page(client, contributor, entry)
    assert "Monthly; it will be in the next version." in body
    assert "this field has changed since" in body
    assert "diff/?from=1&amp;to=2" in body


def test_observers_cannot_reply(client, reviewed, observer):
    entry, shared = reviewed
    client.force_login(observer)
    response = client.post(
        f"/contribute/entries/{entry.reference}/comments/{shared.pk}/reply/",
        {"body": "Observers only read."},
    )
    assert response.status_code == 403
    assert not Comment.objects.filter(parent=shared).exists()
    assert "Your reply" not in page(client, observer, entry)


def test_replying_to_an_internal_comment_is_404(client, reviewed, contributor):
    entry, _shared = reviewed
    internal = Comment.objects.get(visibility=Visibility.INTERNAL)
    client.force_login(contributor)
    response = client.post(
        f"/contribute/entries/{entry.reference}/comments/{internal.pk}/reply/",
        {"body": "Let me in"},
    )
    assert response.status_code == 404
    assert not Comment.objects.filter(parent=internal).exists()


def test_another_organisation_gets_404_when_replying(
    client, reviewed, other_focal_point
):
    entry, shared = reviewed
    client.force_login(other_focal_point)
    response = client.post(
        f"/contribute/entries/{entry.reference}/comments/{shared.pk}/reply/",
        {"body": "Not my entry"},
    )
    assert response.status_code == 404
    assert not Comment.objects.filter(parent=shared).exists()


def test_an_empty_reply_is_refused_with_a_message(client, reviewed, contributor):
    entry, shared = reviewed
    client.force_login(contributor)
    response = client.post(
        f"/contribute/entries/{entry.reference}/comments/{shared.pk}/reply/",
        {"body": "   "},
        follow=True,
    )
    assert "Write your reply before sending it." in response.content.decode()
    assert not Comment.objects.filter(parent=shared).exists()


def test_the_review_panel_costs_the_same_queries_however_many_comments(
    client, reviewed, reviewer, contributor
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    entry, shared = reviewed
    client.force_login(contributor)
    path = f"/contribute/entries/{entry.reference}/"
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    for number in range(10):
        thread = services.add_comment(
            actor=reviewer, entry=entry, field="title", body=f"Thread {number}"
        )
        services.add_comment(
            actor=contributor, entry=entry, parent=thread, body=f"Reply {number}"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many) == len(few)
