"""Review comments: pinned to versions, threaded, shared or internal, edited with
their history kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contributions.services import EntryProblem
from review import services
from review.choices import Visibility
from review.models import Comment
from tests.contributions.factories import edit_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(submitted, reviewer):
    """A shared comment on the summary, quoting a passage of version 1."""
    return services.add_comment(
        actor=reviewer,
        entry=submitted,
        field="summary",
        quote="monitors risk factors",
        body="How often does it meet?",
    )


def test_a_comment_is_pinned_to_the_version_it_was_written_on(thread):
    assert (thread.version_number, thread.field, thread.quote) == (
        1,
        "summary",
        "monitors risk factors",
    )
    assert thread.visibility == Visibility.SHARED


def test_the_organisation_replies_on_a_shared_thread(thread, contributor):
    reply = services.add_comment(
        actor=contributor, entry=thread.entry, parent=thread, body="Every month."
    )
    assert (reply.parent, reply.field, reply.visibility) == (
        thread,
        "summary",
        Visibility.SHARED,
    )


def test_members_cannot_start_threads_or_reply_to_internal_ones(
    submitted, reviewer, contributor, observer
):
    internal = services.add_comment(
        actor=reviewer,
        entry=submitted,
        body="Check with the regional desk first.",
        visibility=Visibility.INTERNAL,
    )
    with pytest.raises(PermissionDenied):
        services.add_comment(actor=contributor, entry=submitted, body="New thread")
    with pytest.raises(PermissionDenied):
        services.add_comment(
            actor=contributor, entry=submitted, parent=internal, body="Reply"
        )
    shared = services.add_comment(actor=reviewer, entry=submitted, body="Shared")
    with pytest.raises(PermissionDenied):
        services.add_comment(
            actor=observer, entry=submitted, parent=shared, body="Observers read"
        )
    assert Comment.objects.count() == 2


def test_another_organisation_cannot_reply(thread, other_focal_point):
    with pytest.raises(PermissionDenied):
        services.add_comment(
            actor=other_focal_point, entry=thread.entry, parent=thread, body="Hi"
        )


def test_a_reply_must_belong_to_the_same_entry(thread, contributor, ghana):
    from tests.contributions.factories import create_entry

    other = create_entry(contributor, ghana)
    with pytest.raises(PermissionDenied):
        services.add_comment(actor=contributor, entry=other, parent=thread, body="x")


def test_contributors_never_see_internal_comments(
    submitted, reviewer, contributor, other_focal_point
):
    services.add_comment(
        actor=reviewer,
        entry=submitted,
        body="Internal: duplicate of CP-0002?",
        visibility=Visibility.INTERNAL,
    )
    shared = services.add_comment(actor=reviewer, entry=submitted, body="Shared")
    assert list(services.visible_comments(contributor, submitted)) == [shared]
    assert services.visible_comments(reviewer, submitted).count() == 2
    assert not services.visible_comments(other_focal_point, submitted).exists()


def test_empty_comments_and_unknown_fields_are_refused(submitted, reviewer):
    with pytest.raises(ValidationError):
        services.add_comment(actor=reviewer, entry=submitted, body="   ")
    with pytest.raises(ValidationError):
        services.add_comment(
            actor=reviewer, entry=submitted, field="status", body="Not a field"
        )
    with pytest.raises(ValidationError):
        services.add_comment(
            actor=reviewer, entry=submitted, quote="a passage", body="No field"
        )


def test_comments_are_open_only_while_the_office_has_the_entry(draft, reviewer):
    with pytest.raises(EntryProblem):
        services.add_comment(actor=reviewer, entry=draft, body="Too early")


def test_editing_keeps_the_earlier_text(thread, reviewer, publisher):
    services.edit_comment(actor=reviewer, comment=thread, body="How often, exactly?")
    services.edit_comment(actor=reviewer, comment=thread, body="How often does it sit?")
    thread.refresh_from_db()
    assert thread.body == "How often does it sit?"
    assert [edit.body for edit in thread.earlier_texts.all()] == [
        "How often does it meet?",
        "How often, exactly?",
    ]
    with pytest.raises(PermissionDenied):
        services.edit_comment(actor=publisher, comment=thread, body="Not mine")


def test_the_office_resolves_and_reopens_threads(thread, reviewer, contributor):
    services.set_resolved(actor=reviewer, comment=thread, resolved=True)
    thread.refresh_from_db()
    assert thread.resolved_by == reviewer
    assert not Comment.objects.open().exists()
    with pytest.raises(PermissionDenied):
        services.set_resolved(actor=contributor, comment=thread, resolved=False)
    services.set_resolved(actor=reviewer, comment=thread, resolved=False)
    assert Comment.objects.open().get() == thread


def test_a_reply_after_a_revision_is_pinned_to_the_newer_version(
    thread, reviewer, contributor, focal_point
):
    from review.choices import DecisionKind

    services.decide(
        actor=reviewer,
        entry=thread.entry,
        kind=DecisionKind.REQUEST_CHANGES,
        message="See the comment on the summary.",
    )
    edit_entry(contributor, thread.entry, summary="It meets every month.")
    reply = services.add_comment(
        actor=contributor, entry=thread.entry, parent=thread, body="Updated."
    )
    assert (thread.version_number, reply.version_number) == (1, 2)
