"""The feedback round in the portal and on the shared edition: participants
read, send feedback and complete; nobody else sees anything of it."""

import pytest
from django.utils import timezone

from review import rounds
from review.models import Feedback, FeedbackRound, RoundParticipant
from tests.compendium.factories import EditionFactory, publish_entry
from tests.contributions.factories import MembershipFactory
from tests.review.factories import open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return publish_entry(title="National early warning committee")


@pytest.fixture
def opened(entry, ghana, denmark, publisher, focal_point, other_focal_point):
    return open_round(
        [ghana, denmark],
        publisher=publisher,
        edition=EditionFactory(pre_publication=True, label="2015-pre"),
    )


def test_a_participant_reads_the_edition_and_sends_feedback(
    client, opened, entry, contributor
):
    client.force_login(contributor)
    body = client.get("/contribute/rounds/").content.decode()
    assert "Feedback on the preliminary version" in body
    body = client.get(f"/contribute/rounds/{opened.pk}/").content.decode()
    assert "Open for feedback." in body
    assert "UTC" in body
    edition = client.get("/compendium/editions/2015-pre/").content.decode()
    assert "Pre-publication version." in edition
    assert "National early warning committee" in edition
    response = client.post(
        f"/contribute/rounds/{opened.pk}/feedback/",
        {
            "reference": entry.reference,
            "field": "summary",
            "quote": "risk factors",
            "body": "<b>Name</b> the ministries.",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "your feedback has reached the Office" in page
    assert "&lt;b&gt;Name&lt;/b&gt; the ministries." in page
    assert RoundParticipant.objects.get(
        round=opened, organisation__name="Ghana"
    ).first_read_at


def test_participants_see_only_their_own_organisations_feedback(
    client, opened, entry, contributor, other_focal_point
):
    rounds.leave_feedback(
        actor=other_focal_point,
        round=opened,
        reference=entry.reference,
        body="Danish remark",
    )
    client.force_login(contributor)
    body = client.get(f"/contribute/rounds/{opened.pk}/").content.decode()
    assert "Danish remark" not in body
    client.force_login(other_focal_point)
    assert (
        "Danish remark"
        in client.get(f"/contribute/rounds/{opened.pk}/").content.decode()
    )


def test_non_participants_get_404_for_the_edition_and_the_round(
    client, opened, civil_society
):
    outsider = MembershipFactory(organisation=civil_society, focal_point=True).user
    client.force_login(outsider)
    assert client.get("/compendium/editions/2015-pre/").status_code == 404
    assert client.get(f"/contribute/rounds/{opened.pk}/").status_code == 404
    response = client.post(
        f"/contribute/rounds/{opened.pk}/feedback/", {"body": "Let me in"}
    )
    assert response.status_code == 404
    assert not Feedback.objects.exists()
    client.logout()
    assert client.get("/compendium/editions/2015-pre/").status_code == 404


def test_feedback_after_closing_shows_the_closing_time(
    client, opened, entry, contributor
):
    FeedbackRound.objects.filter(pk=opened.pk).update(closes_at=timezone.now())
    contributor.time_zone = "Pacific/Kiritimati"
    contributor.save()
    client.force_login(contributor)
    response = client.post(
        f"/contribute/rounds/{opened.pk}/feedback/",
        {"reference": entry.reference, "body": "Too late"},
        follow=True,
    )
    page = response.content.decode()
    assert "This feedback round closed on" in page
    assert "(UTC+14:00)" in page
    assert not Feedback.objects.exists()


def test_the_focal_point_completes_with_a_closing_message(
    client, opened, focal_point, contributor
):
    client.force_login(contributor)
    response = client.post(f"/contribute/rounds/{opened.pk}/complete/", {})
    assert response.status_code == 403
    client.force_login(focal_point)
    response = client.post(
        f"/contribute/rounds/{opened.pk}/complete/",
        {"message": "Ghana has no further comments."},
        follow=True,
    )
    assert "marked complete" in response.content.decode()


def test_an_empty_proposal_is_explained(client, opened, contributor):
    client.force_login(contributor)
    response = client.post(
        f"/contribute/rounds/{opened.pk}/propose/",
        {"title": "", "body": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "Give the practice a title." in page
    assert not Feedback.objects.exists()


def test_an_entry_of_the_shared_edition_offers_feedback_to_participants(
    client, opened, entry, contributor, observer, reviewer
):
    url = f"/compendium/editions/2015-pre/entries/{entry.reference}/"
    client.force_login(contributor)
    body = client.get(url).content.decode()
    link = f"/contribute/rounds/{opened.pk}/?entry={entry.reference}#send"
    assert "Send feedback on this entry" in body
    assert link.replace("&", "&amp;") in body or link in body
    assert RoundParticipant.objects.get(
        round=opened, organisation__name="Ghana"
    ).first_read_at
    form = client.get(f"/contribute/rounds/{opened.pk}/?entry={entry.reference}")
    assert f'<option value="{entry.reference}" selected>' in form.content.decode()
    for reader in (observer, reviewer):  # observers read only; staff are not in it
        client.force_login(reader)
        assert "Send feedback on this entry" not in client.get(url).content.decode()
