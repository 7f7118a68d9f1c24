"""The Atom feed of releases and changes, sitemap.xml and robots.txt."""

import pytest

from compendium.choices import EditionKind
from tests.compendium.factories import publish_entry, release_edition, revise_entry

pytestmark = pytest.mark.django_db


def test_atom_feed_lists_releases_and_the_entries_they_change(client, publisher):
    entry = publish_entry(title="Early warning committee", reference="CP-0001")
    release_edition(publisher, "1.0")
    revise_entry(entry, summary="Now meets every week.")
    publish_entry(title="Mediation unit", reference="CP-0002")
    release_edition(publisher, "1.1", kind=EditionKind.UPDATE)

    response = client.get("/compendium/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Edition 1.1 released" in feed
    assert "New in 1.1: Mediation unit" in feed
    assert "Revised in 1.1: Early warning committee" in feed
    assert "/compendium/editions/1.1/changes/" in feed
    assert (
        'rel="alternate" type="application/atom+xml"'
        in client.get("/").content.decode()
    )


def test_sitemap_and_robots(client, publisher):
    publish_entry(title="Early warning committee", reference="CP-0001")
    draft_only = publish_entry(title="Never released", reference="CP-0002")
    draft_only.unpublish()
    release_edition(publisher, "1.0")
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-entries.xml" in index
    entries = client.get("/sitemap-entries.xml").content.decode()
    assert "/compendium/editions/1.0/entries/CP-0001/" in entries
    assert "CP-0002" not in entries
    assert "/about/" in client.get("/sitemap-pages.xml").content.decode()
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots
