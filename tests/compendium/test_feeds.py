"""The Atom feed of releases and changes, sitemap.xml and robots.txt."""

import xml.etree.ElementTree as ET

import pytest

from compendium.choices import EditionKind
from tests.compendium.factories import publish_entry, release_edition, revise_entry

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


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


def test_the_feed_publishes_entry_text_as_text_never_as_html(client, publisher):
    publish_entry(
        title="<b>Early</b> warning & response",
        summary="<svg onload=alert(1)> and &amp; as typed\x0b\x1b.",
        reference="CP-0001",
    )
    release_edition(publisher, "1.0")

    response = client.get("/compendium/feed/")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)  # noqa: S314 - the site's own feed
    summaries = list(feed.iter(f"{ATOM}summary"))
    assert summaries
    assert {summary.get("type") for summary in summaries} == {"text"}
    (added,) = [
        entry
        for entry in feed.iter(f"{ATOM}entry")
        if entry.findtext(f"{ATOM}title").startswith("New in 1.0")
    ]
    assert added.findtext(f"{ATOM}title") == (
        "New in 1.0: <b>Early</b> warning & response"
    )
    assert added.find(f"{ATOM}title").get("type") in (None, "text")
    # The control characters XML cannot hold are left out, the rest as typed.
    assert added.findtext(f"{ATOM}summary") == (
        "<svg onload=alert(1)> and &amp; as typed ."
    )
    assert 'type="html"' not in response.content.decode()
