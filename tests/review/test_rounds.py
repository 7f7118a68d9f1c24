"""The pre-publication feedback round: opening shares the edition with the
participants, feedback until the closing time, completion, triage, reminders,
and who may see what."""

import datetime
import zoneinfo
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from compendium.choices import EditionStatus
from contributions.services import EntryProblem
from review import rounds
from review.choices import FeedbackOutcome
from review.models import Feedback, FeedbackRound
from tests.compendium.factories import EditionFactory, publish_entry
from tests.review.factories import feedback_round

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def entry():
    return publish_entry(title="National early warning committee")


@pytest.fixture
def pre_edition(entry):
    return EditionFactory(pre_publication=True, label="2015-pre")


@pytest.fixture
def round_(pre_edition, ghana, denmark):
    return feedback_round(pre_edition, [ghana, denmark])


@pytest.fixture
def opened(
    round_,
    publisher,
    focal_point,
    other_focal_point,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        rounds.open_round(actor=publisher, round=round_)
    round_.refresh_from_db()
    return round_


def test_opening_shares_the_edition_and_tells_the_focal_points(
    opened, pre_edition, focal_point, other_focal_point, contributor
):
    pre_edition.refresh_from_db()
    assert pre_edition.status == EditionStatus.SHARED
    assert opened.opened_at is not None
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([focal_point.email, other_focal_point.email])
    assert "2015-pre" in mail.outbox[0].body


def test_by_default_every_member_state_takes_part(pre_edition, publisher):
    made = feedback_round(
        pre_edition,
        title="Round",
        opens=datetime.timedelta(0),
        closes=datetime.timedelta(days=3),
        opened_by=publisher,
    )
    assert made.participations.count() == 193


def test_only_the_office_opens_a_round(round_, focal_point, contributor):
    for someone in (focal_point, contributor):
        with pytest.raises(PermissionDenied):
            rounds.open_round(actor=someone, round=round_)
    round_.refresh_from_db()
    assert round_.opened_at is None


def test_participants_leave_feedback_propose_and_complete(
    opened, entry, contributor, focal_point, observer
):
    feedback = rounds.leave_feedback(
        actor=contributor,
        round=opened,
        reference=entry.reference,
        field="summary",
        quote="monitors risk factors",
        body="Say which ministries take part.",
    )
    assert (feedback.organisation.name, feedback.field) == ("Ghana", "summary")
    proposal = rounds.propose_entry(
        actor=contributor,
        round=opened,
        title="District peace councils",
        body="Councils in every district since 2015.",
    )
    assert proposal.kind == "proposal"
    with pytest.raises(PermissionDenied):  # observers read only
        rounds.leave_feedback(
            actor=observer, round=opened, reference=entry.reference, body="x"
        )
    with pytest.raises(PermissionDenied):  # only the focal point completes
        rounds.complete(actor=contributor, round=opened)
    participant = rounds.complete(actor=focal_point, round=opened, message="Done.")
    assert participant.completed_at is not None
    assert participant.closing_message == "Done."


def test_bad_feedback_is_explained(opened, entry, contributor):
    cases = [
        ({"reference": entry.reference, "body": "  "}, "body"),
        ({"reference": "CP-0000", "body": "On nothing"}, "reference"),
        ({"reference": entry.reference, "field": "password", "body": "x"}, "field"),
        ({"reference": entry.reference, "quote": "x", "body": "x"}, "quote"),
    ]
    for arguments, field in cases:
        with pytest.raises(ValidationError) as refused:
            rounds.leave_feedback(actor=contributor, round=opened, **arguments)
        assert field in refused.value.message_dict
    assert not Feedback.objects.exists()


def test_non_participants_cannot_take_part(opened, entry, civil_society):
    from tests.contributions.factories import MembershipFactory

    outsider = MembershipFactory(organisation=civil_society, focal_point=True).user
    with pytest.raises(PermissionDenied):
        rounds.leave_feedback(
            actor=outsider, round=opened, reference=entry.reference, body="Hello"
        )
    assert not rounds.may_read_edition(outsider, opened.edition)


def test_feedback_after_closing_is_refused_with_the_closing_time(
    opened, entry, contributor
):
    FeedbackRound.objects.filter(pk=opened.pk).update(closes_at=timezone.now())
    opened.refresh_from_db()
    with pytest.raises(EntryProblem) as refused:
        rounds.leave_feedback(
            actor=contributor, round=opened, reference=entry.reference, body="Late"
        )
    assert "closed on" in refused.value.message
    assert "UTC" in refused.value.message
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("zone", "seen"),
    [
        ("Pacific/Kiritimati", "1 December 2026, 14:00 (UTC+14:00)"),
        ("Etc/GMT+12", "30 November 2026, 12:00 (UTC−12:00)"),
        ("UTC", None),
    ],
)
def test_closing_at_midnight_utc_seen_from_utc_plus_14_and_minus_12(
    opened, entry, contributor, zone, seen
):
    midnight = datetime.datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    FeedbackRound.objects.filter(pk=opened.pk).update(
        opens_at=midnight - datetime.timedelta(days=30), closes_at=midnight
    )
    opened.refresh_from_db()
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        text = rounds.in_both_zones(opened.closes_at)
        assert text.endswith("1 December 2026, 00:00 UTC")
        if seen:
            assert text.startswith(seen)
        else:
            assert text == "1 December 2026, 00:00 UTC"
        # One second before midnight UTC is in time, wherever the writer is…
        with mock.patch(
            "django.utils.timezone.now",
            return_value=midnight - datetime.timedelta(seconds=1),
        ):
            rounds.leave_feedback(
                actor=contributor, round=opened, reference=entry.reference, body="ok"
            )
        # …and midnight itself is too late.
        with mock.patch("django.utils.timezone.now", return_value=midnight):
            with pytest.raises(EntryProblem):
                rounds.leave_feedback(
                    actor=contributor,
                    round=opened,
                    reference=entry.reference,
                    body="late",
                )
    assert Feedback.objects.count() == 1


def test_triage_with_a_reason_the_participant_reads(
    opened, entry, contributor, reviewer
):
    feedback = rounds.leave_feedback(
        actor=contributor, round=opened, reference=entry.reference, body="Add a date."
    )
    with pytest.raises(ValidationError):
        rounds.triage(actor=reviewer, feedback=feedback, outcome="not-retained")
    with pytest.raises(PermissionDenied):
        rounds.triage(actor=contributor, feedback=feedback, outcome="noted")
    done = rounds.triage(
        actor=reviewer,
        feedback=feedback,
        outcome=FeedbackOutcome.INCORPORATED,
        reason="Added in the revision.",
    )
    assert (done.outcome, done.decided_by) == ("incorporated", reviewer)


def test_reminders_go_once_to_those_who_have_not_completed(
    opened, focal_point, other_focal_point, django_capture_on_commit_callbacks
):
    rounds.complete(actor=focal_point, round=opened)
    mail.outbox.clear()
    # Not yet: the reminder window opens three days before closing.
    call_command("send_round_reminders", stdout=open("/dev/null", "w"))
    assert mail.outbox == []
    FeedbackRound.objects.filter(pk=opened.pk).update(
        closes_at=timezone.now() + datetime.timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_round_reminders", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [[other_focal_point.email]]
    assert "Reminder" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_round_reminders", stdout=open("/dev/null", "w"))
    assert mail.outbox == []
