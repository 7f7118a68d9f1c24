"""Editions: releasing pins every published entry at its live revision in one
transaction; a released edition never changes; the changelog lists what was
added, revised and withdrawn."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import ModelLogEntry

from compendium import editions
from compendium.choices import EditionKind, EditionStatus
from compendium.models import Edition, EditionEntry, EditionFacet
from tests.compendium.factories import publish_entry, release_edition, revise_entry

pytestmark = pytest.mark.django_db


def test_release_pins_every_published_entry_at_its_live_revision(publisher):
    first = publish_entry(title="Early warning committee", countries=["KEN"])
    second = publish_entry(title="Mediation support unit", pillars=["II"])
    draft_only = publish_entry(title="Will be unpublished")
    draft_only.unpublish()

    edition = release_edition(publisher, "1.0")

    assert edition.status == EditionStatus.RELEASED
    assert edition.released_by == publisher
    assert edition.entry_count == 2
    rows = {row.reference: row for row in edition.rows.all()}
    assert set(rows) == {first.reference, second.reference}
    assert rows[first.reference].revision_id == first.live_revision_id
    assert rows[first.reference].content["countries"] == [["KEN", "Kenya"]]
    assert set(
        EditionFacet.objects.filter(row=rows[first.reference]).values_list(
            "facet", "value"
        )
    ) >= {("pillar", "I"), ("priority", "2"), ("country", "KEN"), ("by", "GHA")}
    assert ModelLogEntry.objects.filter(action="compendium.edition.release").exists()


def test_drafts_never_reach_an_edition(publisher):
    entry = publish_entry(title="Published title")
    draft = entry.get_latest_revision_as_object()
    draft.title = "Unpublished draft title"
    draft.save_revision()
    edition = release_edition(publisher, "1.0")
    assert edition.rows.get().title == "Published title"


def test_a_released_edition_never_changes(publisher):
    entry = publish_entry(title="Old title")
    first = release_edition(publisher, "1.0")
    revise_entry(entry, title="New title")
    second = release_edition(publisher, "1.1", kind=EditionKind.UPDATE)

    assert first.rows.get().title == "Old title"
    assert second.rows.get().title == "New title"
    first.refresh_from_db()
    assert first.status == EditionStatus.SUPERSEDED
    assert Edition.objects.current() == second

    with pytest.raises(editions.EditionProblem):
        editions.release(actor=publisher, edition=second)


def test_only_publishers_release(publisher, reviewer, focal_point):
    publish_entry()
    edition = Edition.objects.create(label="1.0", title="First", kind="official")
    for someone in (reviewer, focal_point):
        with pytest.raises(PermissionDenied):
            editions.release(actor=someone, edition=edition)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.IN_PREPARATION
    assert not EditionEntry.objects.exists()


def test_an_edition_with_nothing_published_is_refused(publisher):
    edition = Edition.objects.create(label="1.0", title="First", kind="official")
    with pytest.raises(editions.EditionProblem):
        editions.release(actor=publisher, edition=edition)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.IN_PREPARATION


def test_chosen_entries_only(publisher):
    kept = publish_entry(title="Kept")
    publish_entry(title="Left out")
    edition = Edition.objects.create(
        label="1.0", title="First", kind="official", include_every_published_entry=False
    )
    edition.chosen_entries.add(kept)
    editions.release(actor=publisher, edition=edition)
    assert list(edition.rows.values_list("title", flat=True)) == ["Kept"]


def test_the_changelog_lists_added_revised_and_withdrawn(publisher):
    stays = publish_entry(title="Stays the same")
    revised = publish_entry(title="Committee", summary="Meets monthly.")
    withdrawn = publish_entry(title="Withdrawn later")
    release_edition(publisher, "1.0")

    revise_entry(revised, summary="Meets every week.")
    withdrawn.unpublish()
    added = publish_entry(title="Brand new")
    second = release_edition(publisher, "1.1", kind=EditionKind.UPDATE)

    previous, new, changed, gone = editions.changes(second)
    assert previous.label == "1.0"
    assert [row.reference for row in new] == [added.reference]
    assert [row.reference for row, _changes in changed] == [revised.reference]
    assert [row.reference for row in gone] == [withdrawn.reference]
    summary_change = [c for c in changed[0][1].changed]
    assert [c.name for c in summary_change] == ["summary"]
    assert ("insert", "every week") in summary_change[0].segments
    assert stays.reference not in [row.reference for row, _c in changed]


def test_a_pre_publication_edition_is_shared_then_released(publisher):
    publish_entry()
    edition = Edition.objects.create(
        label="2015-pre", title="Preliminary", kind=EditionKind.PRE_PUBLICATION
    )
    editions.share(actor=publisher, edition=edition)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SHARED
    assert edition.rows.count() == 1
    publish_entry(title="Published after sharing")
    editions.release(actor=publisher, edition=edition)
    edition.refresh_from_db()
    # Participants read exactly what was shared: the release keeps those rows.
    assert edition.rows.count() == 1
    assert Edition.objects.current() is None  # never the public's current edition


def test_paragraphs_of_the_description_stay_apart(publisher):
    publish_entry(description="<p>First paragraph.</p><p>Second one.</p>")
    edition = release_edition(publisher, "1.0")
    assert edition.rows.get().content["description_text"] == (
        "First paragraph. Second one."
    )
