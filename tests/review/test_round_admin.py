"""The Office's side of the feedback round in Wagtail admin: rounds and their
dashboard, triage, export, and the next steps from an item of feedback."""

import datetime

import pytest
from django.utils import timezone

from compendium.choices import EditionStatus
from review import rounds
from review.models import Feedback, FeedbackRound
from tests.compendium.factories import EditionFactory, publish_entry
from tests.contributions.factories import PracticeEntryFactory
from tests.review.factories import feedback_round

pytestmark = pytest.mark.django_db


def when(days):
    return (timezone.now() + datetime.timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def pre_edition():
    publish_entry(title="National early warning committee", reference="CP-0001")
    return EditionFactory(pre_publication=True, label="2015-pre", title="Preliminary")


def round_post(edition, *organisations, **overrides):
    data = {
        "title": "Feedback on 2015-pre",
        "edition": edition.pk,
        "opens_at": when(-1),
        "closes_at": when(14),
        "reminder_days": "3",
        "instructions": "Comment by entry.",
        "organisations": [organisation.pk for organisation in organisations],
    }
    data.update(overrides)
    return data


def test_the_office_sets_up_and_opens_a_round(
    client, publisher, pre_edition, ghana, civil_society, focal_point
):
    client.force_login(publisher)
    response = client.post(
        "/admin/feedback_round/new/", round_post(pre_edition, ghana, civil_society)
    )
    assert response.status_code == 302
    made = FeedbackRound.objects.get()
    assert set(made.participants.values_list("name", flat=True)) == {
        "Ghana",
        civil_society.name,
    }
    body = client.get(f"/admin/feedback_round/inspect/{made.pk}/").content.decode()
    assert "not opened yet" in body
    response = client.post(f"/admin/feedback_round/{made.pk}/open/", follow=True)
    assert "The round is open" in response.content.decode()
    pre_edition.refresh_from_db()
    assert pre_edition.status == EditionStatus.SHARED


def test_a_round_must_close_after_it_opens(client, publisher, pre_edition, ghana):
    client.force_login(publisher)
    response = client.post(
        "/admin/feedback_round/new/",
        round_post(pre_edition, ghana, opens_at=when(5), closes_at=when(1)),
    )
    assert response.status_code == 200
    assert "The round must close after it opens." in response.content.decode()
    assert not FeedbackRound.objects.exists()


def test_a_reviewer_cannot_share_an_edition_in_preparation(
    client, reviewer, pre_edition, ghana
):
    made = feedback_round(
        pre_edition,
        [ghana],
        title="Round",
        opens=datetime.timedelta(0),
        closes=datetime.timedelta(days=3),
    )
    client.force_login(reviewer)
    response = client.post(f"/admin/feedback_round/{made.pk}/open/", follow=True)
    assert "A publisher must share edition 2015-pre first." in response.content.decode()
    made.refresh_from_db()
    assert made.opened_at is None


@pytest.fixture
def opened(pre_edition, ghana, denmark, publisher):
    return feedback_round(
        pre_edition,
        [ghana, denmark],
        title="Round",
        closes=datetime.timedelta(days=3),
        opened_by=publisher,
    )


def test_dashboard_triage_and_export(client, opened, contributor, reviewer):
    feedback = rounds.leave_feedback(
        actor=contributor, round=opened, reference="CP-0001", body="Add the decree."
    )
    client.force_login(reviewer)
    body = client.get(f"/admin/feedback_round/inspect/{opened.pk}/").content.decode()
    assert "Ghana" in body and "Denmark" in body
    assert "CP-0001" in body
    assert "1 of 2 participating organisations read" in body
    assert "1 sent 1 items of feedback" in body

    listing = client.get(f"/admin/feedback/?round={opened.pk}").content.decode()
    assert "Add the decree." in listing

    response = client.post(
        f"/admin/feedback/edit/{feedback.pk}/",
        {"outcome": "not-retained", "outcome_reason": ""},
    )
    assert response.status_code == 200
    assert "Say why" in response.content.decode()
    response = client.post(
        f"/admin/feedback/edit/{feedback.pk}/",
        {"outcome": "incorporated", "outcome_reason": "Added to the revision."},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.outcome, feedback.decided_by) == ("incorporated", reviewer)

    response = client.get("/admin/feedback/?export=csv")
    csv = b"".join(response.streaming_content).decode()
    assert "Add the decree." in csv
    assert "incorporated" in csv.lower()
    xlsx = client.get("/admin/feedback/?export=xlsx")
    assert xlsx.status_code == 200
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"  # a zip: the XLSX format

    # The participant reads the outcome and the reason.
    client.force_login(contributor)
    page = client.get(f"/contribute/rounds/{opened.pk}/").content.decode()
    assert "Added to the revision." in page


def test_members_never_reach_the_rounds_in_the_admin(client, opened, focal_point):
    client.force_login(focal_point)
    for url in (
        "/admin/feedback_round/",
        f"/admin/feedback_round/inspect/{opened.pk}/",
        "/admin/feedback/?export=csv",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_from_feedback_the_office_asks_the_organisation_for_changes(
    client, opened, ghana, contributor, focal_point, reviewer
):
    practice = PracticeEntryFactory(
        organisation=ghana,
        author=contributor,
        focal_point=focal_point,
        reviewer=reviewer,
        accepted=True,
    )
    feedback = Feedback.objects.create(
        round=opened,
        organisation=ghana,
        author=contributor,
        reference=practice.reference,
        body="The committee was renamed in 2020.",
    )
    client.force_login(reviewer)
    triage = client.get(f"/admin/feedback/edit/{feedback.pk}/").content.decode()
    assert "Request changes from the contributing organisation" in triage
    page = client.get(
        f"/admin/review/{practice.pk}/reopen/?feedback={feedback.pk}"
    ).content.decode()
    assert "The committee was renamed in 2020." in page
    client.post(
        f"/admin/review/{practice.pk}/reopen/",
        {"message": "Please update the name of the committee."},
    )
    practice.refresh_from_db()
    assert practice.status == "changes-requested"
    assert (
        practice.decisions.first().message == "Please update the name of the committee."
    )


def test_triage_finds_feedback_whatever_the_accents_and_case(
    client, opened, contributor, reviewer
):
    rounds.leave_feedback(
        actor=contributor,
        round=opened,
        reference="CP-0001",
        body="Mention the Comité national de prévention.",
    )
    client.force_login(reviewer)
    for typed in ("comite PREVENTION", "Comité national", "COMITÉ"):
        listing = client.get("/admin/feedback/", {"q": typed}).content.decode()
        assert "Comité national de prévention" in listing, typed
    listing = client.get("/admin/feedback/", {"q": "comite absent"}).content.decode()
    assert "Comité national de prévention" not in listing
