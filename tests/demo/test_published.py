"""Bulk publication for demo volume: the same rows Wagtail would write, usable
by every screen, and idempotent."""

import pytest

from compendium.models import CompendiumEntry, Country, Pillar, Priority
from demo.published import bulk_publish
from tests.compendium.factories import bulk_item, release_edition

pytestmark = pytest.mark.django_db


def items(count):
    pillar = Pillar.objects.get(code="II").pk
    priority = Priority.objects.get(code="3").pk
    kenya = Country.objects.get(iso3="KEN")
    for number in range(count):
        yield bulk_item(number, country=kenya, pillar=pillar, priority=priority)


def test_bulk_published_entries_behave_like_published_ones(client, publisher):
    assert bulk_publish(items(5)) == 5
    assert bulk_publish(items(5)) == 0  # already there
    entry = CompendiumEntry.objects.get(reference="CP-0003")
    assert entry.live and entry.live_revision_id == entry.latest_revision_id
    draft = entry.get_latest_revision_as_object()
    assert [p.code for p in draft.pillars.all()] == ["II"]
    assert [s.url for s in draft.sources.all()] == ["https://example.org/report"]

    client.force_login(publisher)
    edit = client.get(f"/admin/snippets/compendium/compendiumentry/edit/{entry.pk}/")
    assert edit.status_code == 200

    edition = release_edition(publisher, "1.0")
    assert edition.entry_count == 5
    client.logout()
    body = client.get("/compendium/entries/CP-0003/").content.decode()
    assert "Synthetic mediation practice 2" in body
    assert "Kenya" in body
