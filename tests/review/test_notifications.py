"""Review e-mails: to a thread's participants only, to the organisation on
decisions, and never a word of an internal comment to a contributor."""

import pytest
from django.core import mail

from review import services
from review.choices import DecisionKind, Visibility

pytestmark = pytest.mark.django_db


def test_a_reply_tells_the_other_participants_only(
    submitted,
    reviewer,
    contributor,
    focal_point,
    observer,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.add_comment(
            actor=reviewer, entry=submitted, body="Which decree established it?"
        )
    assert mail.outbox == []  # a new thread has no one else in it yet

    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            actor=contributor, entry=submitted, parent=thread, body="Decree No. 12"
        )
    assert [message.to for message in mail.outbox] == [[reviewer.email]]
    assert "Decree No. 12" in mail.outbox[0].body
    assert "/admin/review/" in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            actor=reviewer, entry=submitted, parent=thread, body="Thank you."
        )
    assert [message.to for message in mail.outbox] == [[contributor.email]]
    assert "/contribute/entries/CP-0001/" in mail.outbox[0].body


def test_internal_comments_are_never_mailed_to_contributors(
    submitted, reviewer, contributor, django_capture_on_commit_callbacks
):
    from accounts.choices import StaffRole
    from tests.contributions.factories import UserFactory

    colleague = UserFactory(staff_roles=[StaffRole.REVIEWER])
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.add_comment(
            actor=reviewer,
            entry=submitted,
            body="Internal: is this a duplicate?",
            visibility=Visibility.INTERNAL,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            actor=colleague, entry=submitted, parent=thread, body="Yes, of CP-0002."
        )
    recipients = [address for message in mail.outbox for address in message.to]
    assert recipients == [reviewer.email]
    assert contributor.email not in recipients


def test_a_decision_tells_focal_points_and_contributors(
    submitted,
    reviewer,
    contributor,
    focal_point,
    observer,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            actor=reviewer,
            entry=submitted,
            kind=DecisionKind.REQUEST_CHANGES,
            message="Please add the decree's date.",
        )
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([contributor.email, focal_point.email])
    assert observer.email not in recipients
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert "Please add the decree's date." in mail.outbox[0].body
    assert mail.outbox[0].subject == "CP-0001: changes requested"


def test_comment_text_reaches_mail_as_plain_text(
    submitted, reviewer, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.add_comment(actor=reviewer, entry=submitted, body="Question")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            actor=contributor,
            entry=submitted,
            parent=thread,
            body="<script>alert(1)</script> & more",
        )
    (message,) = mail.outbox
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", [])
    assert "<script>alert(1)</script> & more" in message.body
