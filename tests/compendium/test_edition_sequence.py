"""The compendium's own sequence, edge to edge: a preliminary pre-publication
version shared with Member States (2015-pre), the first official version (1.0),
a later pre-publication version (1.1-pre) and the update that follows it (1.1).

Every public surface compares public editions only, so the public never meets
the label of an edition it gets 404 for; a round's participants read their
pre-publication edition against the official edition before it."""

import datetime

import pytest

from compendium import editions
from compendium.choices import EditionKind
from compendium.models import Edition
from tests.compendium.factories import (
    EditionFactory,
    publish_entry,
    release_edition,
    revise_entry,
)
from tests.review.factories import open_round

pytestmark = pytest.mark.django_db

PRE_LABELS = ("2015-pre", "1.1-pre")
NEW_IN_1_1 = "Community early warning network"


def _share_in_round(label, title, organisations, publisher, capture):
    """A pre-publication edition shared in a round open now, the
    participants told."""
    edition = EditionFactory(pre_publication=True, label=label, title=title)
    with capture(execute=True):
        open_round(
            organisations,
            publisher=publisher,
            edition=edition,
            title=f"Feedback on {label}",
            opens=-datetime.timedelta(minutes=5),
            closes=datetime.timedelta(days=14),
        )
    return edition


@pytest.fixture
def sequence(publisher, ghana, denmark, django_capture_on_commit_callbacks):
    """2015-pre (shared with Ghana and Denmark, then released) → 1.0 → 1.1-pre
    (shared with Ghana only, then released) → 1.1, with an entry revised for
    1.0 and CP-0007 new in 1.1-pre and 1.1."""
    capture = django_capture_on_commit_callbacks
    first = publish_entry(title="National early warning committee", reference="CP-0001")
    publish_entry(title="Mediation support unit", reference="CP-0002")

    pre = _share_in_round(
        "2015-pre", "Preliminary", [ghana, denmark], publisher, capture
    )
    editions.release(actor=publisher, edition=pre)

    revise_entry(first, summary="The committee now meets every week.")
    release_edition(publisher, "1.0", title="First official version")

    publish_entry(title=NEW_IN_1_1, reference="CP-0007")
    later_pre = _share_in_round(
        "1.1-pre", "Preliminary update", [ghana], publisher, capture
    )
    editions.release(actor=publisher, edition=later_pre)

    release_edition(publisher, "1.1", kind=EditionKind.UPDATE, title="Update")
    return {edition.label: edition for edition in Edition.objects.all()}


def _public_pages():
    return [
        "/compendium/",
        "/compendium/editions/",
        "/compendium/editions/1.0/",
        "/compendium/editions/1.1/",
        "/compendium/editions/1.0/changes/",
        "/compendium/editions/1.1/changes/",
        "/compendium/entries/CP-0001/",
        "/compendium/entries/CP-0007/",
        "/compendium/editions/1.0/entries/CP-0001/",
        "/compendium/editions/1.1/entries/CP-0001/",
        "/compendium/feed/",
        "/sitemap.xml",
        "/sitemap-editions.xml",
        "/sitemap-entries.xml",
        "/api/v1/editions/",
        "/api/v1/editions/1.1/",
        "/api/v1/editions/1.1/entries/",
        "/api/v1/editions/1.1/entries/CP-0007/",
        "/compendium/editions/1.1/download.json",
    ]


def test_baselines_are_public_editions(sequence):
    assert editions.previous_of(sequence["2015-pre"]) is None
    assert editions.previous_of(sequence["1.0"]) is None
    assert editions.previous_of(sequence["1.1-pre"]).label == "1.0"
    assert editions.previous_of(sequence["1.1"]).label == "1.0"


@pytest.mark.parametrize("path", _public_pages())
def test_no_public_surface_names_a_pre_publication_edition(client, sequence, path):
    response = client.get(path)
    assert response.status_code == 200, path
    body = b"".join(response) if response.streaming else response.content
    for label in PRE_LABELS:
        assert label.encode() not in body, (path, label)


def test_the_update_is_compared_with_the_official_version(client, sequence):
    changes = client.get("/compendium/editions/1.1/changes/").content.decode()
    assert "since edition 1.0" in changes
    assert "1 entry added" in changes
    assert NEW_IN_1_1 in changes

    entry = client.get("/compendium/entries/CP-0001/").content.decode()
    assert "Unchanged since edition 1.0" in entry
    new = client.get("/compendium/entries/CP-0007/").content.decode()
    assert "it was not in edition 1.0" in new

    feed = client.get("/compendium/feed/").content.decode()
    assert f"New in 1.1: {NEW_IN_1_1}" in feed
    assert "Edition 1.0 released" in feed


def test_the_first_official_version_is_the_first_public_edition(client, sequence):
    changes = client.get("/compendium/editions/1.0/changes/").content.decode()
    assert "is the first public edition" in changes
    assert "2 entries added" in changes


@pytest.mark.parametrize(
    "path",
    [
        "/compendium/editions/2015-pre/",
        "/compendium/editions/1.1-pre/changes/",
        "/compendium/editions/1.1-pre/entries/CP-0007/",
        "/compendium/editions/1.1-pre/download.csv",
        "/compendium/editions/1.1-pre/download.pdf",
        "/compendium/editions/1.1/changes/?since=1.1-pre",
        "/compendium/editions/1.0/changes/?since=2015-pre",
        "/api/v1/editions/1.1-pre/",
        "/api/v1/editions/1.1-pre/entries/",
        "/api/v1/editions/2015-pre/entries/CP-0001/",
    ],
)
def test_pre_publication_editions_are_not_found_by_the_public(client, sequence, path):
    assert client.get(path).status_code == 404


def test_the_api_lists_public_editions_to_everyone(client, sequence):
    response = client.get("/api/v1/editions/")
    assert response.status_code == 200
    assert [item["label"] for item in response.json()] == ["1.1", "1.0"]


def test_every_api_route_answers_an_anonymous_client(client, sequence):
    """Walk the API from its root: every resource and every edition's entries
    answer without a server error, whatever edition is named."""
    root = client.get("/api/v1/").json()
    seen = {}
    for url in root.values():
        path = url.replace("http://testserver", "")
        seen[path] = client.get(path).status_code
    for label in sequence:
        for path in (
            f"/api/v1/editions/{label}/",
            f"/api/v1/editions/{label}/entries/",
            f"/api/v1/editions/{label}/entries/?q=committee&pillar=I",
            f"/api/v1/editions/{label}/entries/CP-0001/",
        ):
            seen[path] = client.get(path).status_code
    assert all(status in (200, 404) for status in seen.values()), seen
    assert seen["/api/v1/editions/1.1/entries/CP-0001/"] == 200
    assert seen["/api/v1/editions/1.1-pre/entries/CP-0001/"] == 404


def test_a_participant_reads_the_pre_publication_edition_against_the_official(
    client, sequence, focal_point
):
    client.force_login(focal_point)
    changes = client.get("/compendium/editions/1.1-pre/changes/")
    assert changes.status_code == 200
    text = changes.content.decode()
    assert "since edition 1.0" in text
    assert NEW_IN_1_1 in text
    entry = client.get("/compendium/editions/1.1-pre/entries/CP-0001/")
    assert "Unchanged since edition 1.0" in entry.content.decode()


def test_a_participant_can_see_what_the_official_version_changed_since_the_round(
    client, sequence, focal_point
):
    client.force_login(focal_point)
    page = client.get("/compendium/editions/1.0/changes/").content.decode()
    assert "?since=2015-pre" in page
    since_round = client.get("/compendium/editions/1.0/changes/?since=2015-pre")
    assert since_round.status_code == 200
    text = since_round.content.decode()
    assert "since edition 2015-pre" in text
    assert "1 entry revised" in text
    assert "now meets every week" in text


def test_a_state_outside_the_later_round_never_meets_its_edition(
    client, sequence, other_focal_point
):
    client.force_login(other_focal_point)
    assert client.get("/compendium/editions/1.1-pre/changes/").status_code == 404
    assert (
        client.get("/compendium/editions/1.1/changes/?since=1.1-pre").status_code == 404
    )
    changes = client.get("/compendium/editions/1.1/changes/").content.decode()
    assert "1.1-pre" not in changes
    # Denmark took part in the first round and may still compare with it.
    assert "?since=2015-pre" in changes
    entry = client.get("/compendium/entries/CP-0001/").content.decode()
    assert "1.1-pre" not in entry


def test_the_office_may_compare_with_any_earlier_edition(client, sequence, reviewer):
    client.force_login(reviewer)
    page = client.get("/compendium/editions/1.1/changes/").content.decode()
    assert "?since=1.1-pre" in page
    assert "?since=2015-pre" in page
    assert client.get("/compendium/editions/1.1/changes/?since=0.9").status_code == 404


def test_an_edition_shared_but_not_released_offers_the_same_comparisons(
    client, publisher, ghana, reviewer, django_capture_on_commit_callbacks
):
    """The comparisons on offer start from when the entries were pinned, as
    the baseline does, also before a pre-publication edition is released."""
    publish_entry(title="National early warning committee", reference="CP-0001")
    capture = django_capture_on_commit_callbacks
    first = _share_in_round("2015-pre", "Preliminary", [ghana], publisher, capture)
    editions.release(actor=publisher, edition=first)
    release_edition(publisher, "1.0")
    _share_in_round("1.1-pre", "Preliminary update", [ghana], publisher, capture)
    client.force_login(reviewer)
    page = client.get("/compendium/editions/1.1-pre/changes/").content.decode()
    assert "since edition 1.0" in page
    assert "?since=2015-pre" in page
