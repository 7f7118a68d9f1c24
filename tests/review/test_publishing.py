"""From an accepted entry to the compendium: a draft revision for the publisher,
who sees what changed, previews and publishes it in Wagtail."""

import pytest
from django.core.exceptions import PermissionDenied

from compendium.models import CompendiumEntry
from contributions import services as contribution_services
from contributions.services import EntryProblem
from review import publishing, services
from review.choices import DecisionKind
from tests.contributions.factories import edit_entry

pytestmark = pytest.mark.django_db


def test_publishing_an_accepted_entry_makes_a_draft_compendium_entry(
    accepted, publisher
):
    published = publishing.publish(actor=publisher, entry=accepted)
    assert published.reference == accepted.reference
    assert published.live is False  # a draft until the publisher publishes it
    draft = published.get_latest_revision_as_object()
    assert draft.title == accepted.title
    assert draft.contributor_name == "Ghana"
    assert draft.source_version == accepted.version_number
    assert [p.code for p in draft.pillars.all()] == ["I"]
    assert [s.url for s in draft.sources.all()] == ["https://example.gov/decree"]
    # Publishing the same version again adds nothing.
    assert publishing.publish(actor=publisher, entry=accepted).pk == published.pk
    assert published.revisions.count() == 1


def test_a_later_accepted_version_becomes_the_next_revision(
    accepted, publisher, focal_point, reviewer, contributor
):
    first = publishing.publish(actor=publisher, entry=accepted)
    first.get_latest_revision().publish(user=publisher)
    # The entry goes back to its organisation (as when the Office reopens it),
    # is revised, resubmitted and accepted again at version 2.
    services.decide(
        actor=reviewer,
        entry=accepted,
        kind=DecisionKind.REQUEST_CHANGES,
        message="The committee now meets weekly; please say so.",
    )
    edit_entry(contributor, accepted, summary="A committee that meets every week.")
    contribution_services.submit(actor=focal_point, entry=accepted)
    services.decide(actor=reviewer, entry=accepted, kind=DecisionKind.ACCEPT)
    accepted.refresh_from_db()

    existing, changes = publishing.preview_changes(accepted)
    assert existing.pk == first.pk
    assert [change.name for change in changes.changed] == ["summary"]

    again = publishing.publish(actor=publisher, entry=accepted)
    assert again.pk == first.pk
    assert again.revisions.count() == 2
    assert again.has_unpublished_changes
    assert again.summary != "A committee that meets every week."  # live text kept
    assert (
        again.get_latest_revision_as_object().summary
        == "A committee that meets every week."
    )


def accepted_twin_draft(entry):
    """Another entry of the organisation, still a draft."""
    from tests.contributions.factories import create_entry

    return create_entry(entry.created_by, entry.organisation, title="Still a draft")


def test_only_publishers_publish_and_only_accepted_entries(
    draft, accepted, reviewer, focal_point, publisher
):
    for someone in (reviewer, focal_point):
        with pytest.raises(PermissionDenied):
            publishing.publish(actor=someone, entry=accepted)

    with pytest.raises(EntryProblem):
        publishing.publish(actor=publisher, entry=accepted_twin_draft(draft))
    assert not CompendiumEntry.objects.exists()


def test_the_publish_screen_shows_what_will_change(client, accepted, publisher):
    client.force_login(publisher)
    body = client.get(f"/admin/review/{accepted.pk}/publish/").content.decode()
    assert "A new compendium entry" in body
    assert accepted.title in body
    response = client.post(f"/admin/review/{accepted.pk}/publish/")
    published = CompendiumEntry.objects.get()
    assert (
        response["Location"]
        == f"/admin/snippets/compendium/compendiumentry/edit/{published.pk}/"
    )
    body = client.get(response["Location"]).content.decode()
    assert accepted.title in body


def test_members_and_reviewers_cannot_reach_the_publish_screen(
    client, accepted, reviewer, focal_point
):
    client.force_login(reviewer)
    response = client.post(f"/admin/review/{accepted.pk}/publish/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    client.force_login(focal_point)
    response = client.post(f"/admin/review/{accepted.pk}/publish/")
    assert "/admin/login/" in response["Location"]
    assert not CompendiumEntry.objects.exists()
