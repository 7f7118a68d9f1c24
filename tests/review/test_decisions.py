"""Decisions on submitted entries: who may take them, what they need, and that two
reviewers deciding at once give exactly one decision."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from wagtail.models import ModelLogEntry

from contributions import services as contribution_services
from contributions.choices import EntryStatus
from contributions.services import EntryProblem
from review import services
from review.choices import DecisionKind
from review.models import Decision
from tests.contributions.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_reviewer_starts_the_review(submitted, reviewer):
    entry = services.start_review(actor=reviewer, entry=submitted)
    assert entry.status == EntryStatus.UNDER_REVIEW
    assert entry.transitions.first().action == "start-review"


@pytest.mark.parametrize(
    "kind, status",
    [
        (DecisionKind.REQUEST_CHANGES, EntryStatus.CHANGES_REQUESTED),
        (DecisionKind.ACCEPT, EntryStatus.ACCEPTED),
        (DecisionKind.DECLINE, EntryStatus.DECLINED),
    ],
)
def test_each_decision_sets_the_status_and_leaves_a_trail(
    submitted, reviewer, kind, status
):
    decision = services.decide(
        actor=reviewer, entry=submitted, kind=kind, message="Reason given"
    )
    submitted.refresh_from_db()
    assert submitted.status == status
    assert (decision.version_number, decision.reviewer) == (1, reviewer)
    transition = submitted.transitions.first()
    assert (transition.from_status, transition.to_status, transition.message) == (
        "submitted",
        status,
        "Reason given",
    )
    assert ModelLogEntry.objects.filter(
        object_id=str(submitted.pk), action=f"review.decision.{kind}"
    ).exists()


@pytest.mark.parametrize("kind", [DecisionKind.REQUEST_CHANGES, DecisionKind.DECLINE])
def test_request_changes_and_decline_need_a_message(submitted, reviewer, kind):
    with pytest.raises(ValidationError) as error:
        services.decide(actor=reviewer, entry=submitted, kind=kind, message="  ")
    assert "message" in error.value.message_dict
    submitted.refresh_from_db()
    assert submitted.status == EntryStatus.SUBMITTED


@pytest.mark.parametrize("role", ["focal_point", "contributor", "publisher"])
def test_only_reviewers_decide(request, submitted, role):
    with pytest.raises(PermissionDenied):
        services.decide(
            actor=request.getfixturevalue(role),
            entry=submitted,
            kind=DecisionKind.ACCEPT,
        )
    assert not Decision.objects.exists()


def test_a_decided_entry_cannot_be_decided_again(submitted, reviewer):
    services.decide(actor=reviewer, entry=submitted, kind=DecisionKind.ACCEPT)
    with pytest.raises(EntryProblem) as problem:
        services.decide(
            actor=reviewer, entry=submitted, kind=DecisionKind.DECLINE, message="No"
        )
    assert "accepted" in problem.value.message
    assert Decision.objects.count() == 1


def test_changes_requested_then_revised_and_resubmitted(
    submitted, reviewer, contributor, focal_point
):
    from tests.contributions.factories import edit_entry

    services.decide(
        actor=reviewer,
        entry=submitted,
        kind=DecisionKind.REQUEST_CHANGES,
        message="Add the decree's date.",
    )
    edit_entry(contributor, submitted, summary="Set up by decree of 3 May 2012.")
    contribution_services.submit(actor=focal_point, entry=submitted)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.version_number) == (EntryStatus.SUBMITTED, 2)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locking is a PostgreSQL guarantee; SQLite has one writer at a time",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_deciding_at_once_give_exactly_one_decision(ghana, focal_point):
    from tests.contributions.factories import PracticeEntryFactory

    entry = PracticeEntryFactory(
        organisation=ghana, author=focal_point, focal_point=focal_point, submitted=True
    )
    from accounts.choices import StaffRole

    reviewers = [UserFactory(staff_roles=[StaffRole.REVIEWER]) for _ in range(2)]
    start = threading.Barrier(2)
    outcomes = []

    def decide(reviewer, kind, message):
        from django.db import connection as thread_connection

        try:
            start.wait()
            services.decide(actor=reviewer, entry=entry, kind=kind, message=message)
            outcomes.append("decided")
        except EntryProblem:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=decide, args=(reviewers[0], DecisionKind.ACCEPT, "")),
        threading.Thread(
            target=decide, args=(reviewers[1], DecisionKind.DECLINE, "Duplicate")
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["decided", "refused"]
    assert Decision.objects.filter(entry=entry).count() == 1
    entry.refresh_from_db()
    assert (
        entry.status
        == {"accept": EntryStatus.ACCEPTED, "decline": EntryStatus.DECLINED}[
            Decision.objects.get(entry=entry).kind
        ]
    )
