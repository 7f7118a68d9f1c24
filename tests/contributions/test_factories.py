"""The test factories' states say what they build: each is the entry people
would have made by walking the same steps, with its status, its one version,
its transitions and audit trail, its place before the Office, and, once
published, its compendium entry and editions."""

import pytest
from wagtail.models import ModelLogEntry

from compendium.choices import EditionKind, EditionStatus
from compendium.models import CompendiumEntry, Edition, EditionEntry
from contributions.choices import EntryStatus
from contributions.models import PracticeEntry
from contributions.versions import office_version
from review.models import Decision, FeedbackRound
from tests.compendium.factories import EditionFactory, publish_entry
from tests.contributions.factories import (
    DECLINE_REASON,
    REQUESTED_CHANGES,
    STATES,
    PracticeEntryFactory,
    advance,
)
from tests.review.factories import open_round

pytestmark = pytest.mark.django_db

SUBMIT = ("draft", "submitted")

# state: (status, transitions from first to last, the decision taken)
LIVES = {
    "draft": ("draft", [], None),
    "ready": ("ready", [("draft", "ready")], None),
    "submitted": ("submitted", [SUBMIT], None),
    "under_review": ("under-review", [SUBMIT, ("submitted", "under-review")], None),
    "changes_requested": (
        "changes-requested",
        [SUBMIT, ("submitted", "changes-requested")],
        ("request-changes", REQUESTED_CHANGES),
    ),
    "accepted": ("accepted", [SUBMIT, ("submitted", "accepted")], ("accept", "")),
    "declined": (
        "declined",
        [SUBMIT, ("submitted", "declined")],
        ("decline", DECLINE_REASON),
    ),
    "published": ("accepted", [SUBMIT, ("submitted", "accepted")], ("accept", "")),
    "released": ("accepted", [SUBMIT, ("submitted", "accepted")], ("accept", "")),
    "round_open": ("accepted", [SUBMIT, ("submitted", "accepted")], ("accept", "")),
}
OWN = {"draft", "ready"}  # never submitted: the organisation's alone
IN_COMPENDIUM = {"published", "released", "round_open"}


def test_every_state_is_described():
    assert set(LIVES) == set(STATES)


@pytest.mark.parametrize("state", STATES)
def test_each_state_is_what_its_name_says(state, ghana, contributor):
    status, transitions, decision = LIVES[state]

    entry = PracticeEntryFactory(
        organisation=ghana, author=contributor, **{state: True}
    )

    assert entry.organisation == ghana
    assert entry.created_by == contributor
    assert entry.status == status
    assert entry.version_number == 1
    assert list(entry.revision_infos.values_list("number", "action")) == [(1, "create")]
    assert [
        (t.from_status, t.to_status) for t in entry.transitions.order_by("pk")
    ] == transitions
    made = [
        row.action
        for row in ModelLogEntry.objects.for_instance(entry).order_by("pk")
        if row.action.startswith("contributions.entry.")
    ]
    assert made[0] == "contributions.entry.create"
    if transitions and transitions[0] == SUBMIT:
        assert "contributions.entry.submit" in made
    assert list(
        Decision.objects.filter(entry=entry).values_list("kind", "message")
    ) == ([decision] if decision else [])
    seen = entry in PracticeEntry.objects.seen_by_office()
    assert seen == (state not in OWN)
    assert office_version(entry) == (None if state in OWN else 1)

    published = CompendiumEntry.objects.filter(reference=entry.reference).first()
    if state in IN_COMPENDIUM:
        assert published.live
        assert not published.has_unpublished_changes
        assert published.source_version == 1
        assert published.title == entry.title
    else:
        assert published is None
    pinned = set(
        EditionEntry.objects.filter(reference=entry.reference).values_list(
            "edition__kind", "edition__status"
        )
    )
    assert pinned == {
        "released": {(EditionKind.OFFICIAL, EditionStatus.RELEASED)},
        "round_open": {(EditionKind.PRE_PUBLICATION, EditionStatus.SHARED)},
    }.get(state, set())


def test_a_round_open_entry_is_shared_with_its_organisation_for_feedback(
    ghana, contributor
):
    entry = PracticeEntryFactory(
        organisation=ghana, author=contributor, round_open=True
    )

    round_ = FeedbackRound.objects.get()
    assert round_.opened_at is not None
    assert round_.is_open()
    assert [p.organisation for p in round_.participations.all()] == [ghana]
    assert round_.edition.rows.filter(reference=entry.reference).exists()


def test_the_people_given_take_the_steps(
    ghana, contributor, focal_point, reviewer, publisher
):
    entry = PracticeEntryFactory(
        organisation=ghana,
        author=contributor,
        focal_point=focal_point,
        reviewer=reviewer,
        publisher=publisher,
        released=True,
        title="District peace councils",
    )

    assert [t.actor for t in entry.transitions.order_by("pk")] == [
        focal_point,
        reviewer,
    ]
    live = CompendiumEntry.objects.get(reference=entry.reference)
    assert live.title == "District peace councils"
    assert live.live_revision.user == publisher
    assert Edition.objects.get().released_by == publisher


def test_a_draft_is_advanced_through_the_same_steps(draft, focal_point, reviewer):
    entry = advance(
        draft, "changes_requested", focal_point=focal_point, reviewer=reviewer
    )

    assert entry.pk == draft.pk
    assert entry.status == EntryStatus.CHANGES_REQUESTED
    assert Decision.objects.get(entry=entry).reviewer == reviewer


def test_an_entry_is_not_taken_back(accepted):
    with pytest.raises(ValueError):
        advance(accepted, "submitted")


def test_fixtures_for_the_common_states(submitted, accepted, draft):
    assert submitted.pk == accepted.pk == draft.pk
    assert accepted.status == EntryStatus.ACCEPTED


def test_editions_are_released_and_shared_through_the_service(publisher, ghana):
    publish_entry()

    released = EditionFactory(released=publisher)
    shared = EditionFactory(pre_publication=True, shared=publisher)
    preparing = EditionFactory(update=True)

    assert (released.kind, released.status) == ("official", "released")
    assert released.released_by == publisher
    assert released.entry_count == 1
    assert (shared.kind, shared.status) == ("pre-publication", "shared")
    assert shared.label.endswith("-pre")
    assert (preparing.kind, preparing.status) == ("update", "in-preparation")
    round_ = open_round([ghana], publisher=publisher)
    assert round_.opened_by == publisher
    assert round_.edition.kind == EditionKind.PRE_PUBLICATION
    assert round_.edition.status == EditionStatus.SHARED
