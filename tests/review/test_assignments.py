"""Assigning entries to reviewers with a due date, and who is told when."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.choices import StaffRole
from contributions import services as contribution_services
from contributions.services import EntryProblem
from review import services
from review.choices import DecisionKind
from review.models import Assignment
from tests.contributions.factories import UserFactory, edit_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague():
    return UserFactory(staff_roles=[StaffRole.REVIEWER], first_name="Amina")


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_a_reviewer_assigns_a_colleague_who_is_told(
    submitted, reviewer, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assign(
            actor=reviewer, entry=submitted, reviewer=colleague, due_on=in_days(10)
        )
    assert (assignment.reviewer, assignment.due_on, assignment.assigned_by) == (
        colleague,
        in_days(10),
        reviewer,
    )
    assert [message.to for message in mail.outbox] == [[colleague.email]]
    assert mail.outbox[0].subject == "Assigned to you for review: CP-0001"
    assert f"/admin/review/{submitted.pk}/" in mail.outbox[0].body
    assert ModelLogEntry.objects.filter(action="review.assign").count() == 1


def test_reassigning_replaces_and_self_assignment_tells_nobody(
    submitted, reviewer, colleague, django_capture_on_commit_callbacks
):
    services.assign(actor=reviewer, entry=submitted, reviewer=colleague)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(actor=reviewer, entry=submitted, reviewer=reviewer)
    assert Assignment.objects.get().reviewer == reviewer
    assert mail.outbox == []


def test_only_the_review_team_assigns_and_is_assigned(
    submitted, reviewer, focal_point, contributor, publisher
):
    for intruder in (focal_point, contributor, publisher):
        with pytest.raises(PermissionDenied):
            services.assign(actor=intruder, entry=submitted, reviewer=reviewer)
    for not_a_reviewer in (publisher, focal_point):
        with pytest.raises(ValidationError):
            services.assign(actor=reviewer, entry=submitted, reviewer=not_a_reviewer)
    assert not Assignment.objects.exists()


def test_a_due_date_in_the_past_is_refused(submitted, reviewer):
    with pytest.raises(ValidationError) as refused:
        services.assign(
            actor=reviewer, entry=submitted, reviewer=reviewer, due_on=in_days(-1)
        )
    assert "already passed" in str(refused.value)
    assert not Assignment.objects.exists()


def test_drafts_and_decided_entries_are_not_assigned(draft, reviewer):
    with pytest.raises(EntryProblem):
        services.assign(actor=reviewer, entry=draft, reviewer=reviewer)


def test_the_first_submission_goes_to_the_whole_team(
    draft, focal_point, reviewer, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contribution_services.submit(actor=focal_point, entry=draft)
    assert sorted(a for m in mail.outbox for a in m.to) == sorted(
        [reviewer.email, colleague.email]
    )


def test_a_resubmission_goes_to_the_assigned_reviewer_only(
    submitted,
    reviewer,
    colleague,
    contributor,
    focal_point,
    django_capture_on_commit_callbacks,
):
    services.assign(actor=reviewer, entry=submitted, reviewer=colleague)
    services.decide(
        actor=colleague,
        entry=submitted,
        kind=DecisionKind.REQUEST_CHANGES,
        message="Name the ministries.",
    )
    edit_entry(contributor, submitted, summary="Five ministries meet monthly.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contribution_services.submit(actor=focal_point, entry=submitted)
    assert [message.to for message in mail.outbox] == [[colleague.email]]
    assert mail.outbox[0].subject == "Resubmitted after your comments: CP-0001"
    assert "now at version 2" in mail.outbox[0].body


def test_a_resubmission_nobody_holds_goes_to_the_whole_team(
    submitted,
    reviewer,
    colleague,
    contributor,
    focal_point,
    django_capture_on_commit_callbacks,
):
    services.decide(
        actor=reviewer,
        entry=submitted,
        kind=DecisionKind.REQUEST_CHANGES,
        message="Name the ministries.",
    )
    edit_entry(contributor, submitted, summary="Five ministries meet monthly.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contribution_services.submit(actor=focal_point, entry=submitted)
    assert sorted(a for m in mail.outbox for a in m.to) == sorted(
        [reviewer.email, colleague.email]
    )


def test_assigning_from_the_review_screen(client, submitted, reviewer, colleague):
    client.force_login(reviewer)
    page = client.get(f"/admin/review/{submitted.pk}/").content.decode()
    assert "Nobody is assigned to review this entry." in page
    response = client.post(
        f"/admin/review/{submitted.pk}/assignment/",
        {"reviewer": colleague.pk, "due_on": in_days(3).isoformat()},
        follow=True,
    )
    page = response.content.decode()
    assert f"Assigned to {colleague}" in page
    assert Assignment.objects.get().due_on == in_days(3)

    response = client.post(
        f"/admin/review/{submitted.pk}/assignment/", {"reviewer": ""}, follow=True
    )
    assert "no longer assigned" in response.content.decode()
    assert not Assignment.objects.exists()


def test_forged_assignments_are_refused(
    client, submitted, reviewer, contributor, focal_point
):
    client.force_login(reviewer)
    # A contributor's id is not among the choices: a plain error, nothing saved.
    response = client.post(
        f"/admin/review/{submitted.pk}/assignment/",
        {"reviewer": contributor.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        f"/admin/review/{submitted.pk}/assignment/",
        {"reviewer": reviewer.pk, "due_on": "31/02/2026"},
        follow=True,
    )
    assert "Enter a valid date." in response.content.decode()
    assert not Assignment.objects.exists()

    # Members cannot reach the endpoint at all.
    client.force_login(focal_point)
    response = client.post(
        f"/admin/review/{submitted.pk}/assignment/", {"reviewer": focal_point.pk}
    )
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not Assignment.objects.exists()


def test_overdue_is_shown_on_the_review_screen(client, submitted, reviewer):
    services.assign(
        actor=reviewer, entry=submitted, reviewer=reviewer, due_on=in_days(1)
    )
    Assignment.objects.update(due_on=in_days(-2))
    client.force_login(reviewer)
    page = client.get(f"/admin/review/{submitted.pk}/").content.decode()
    assert 'class="review-overdue">Overdue' in page
