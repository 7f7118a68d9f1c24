"""Rows released while the description's plain text kept HTML's entities are
written as the text reads, and their edition's search finds the words."""

import importlib

import pytest
from django.apps import apps

from compendium.models import EditionEntry
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "compendium.migrations.0016_description_text_as_written"
)


def test_entities_in_released_text_are_written_as_the_text_reads(client, publisher):
    publish_entry(
        title="Peace committee",
        description="<p>Peace &amp; security &lt;together&gt;</p>",
        reference="CP-0001",
    )
    edition = release_edition(publisher, "1.0")
    row = EditionEntry.objects.get(edition=edition)
    row.content["description_text"] = "Peace &amp; security &lt;together&gt;"
    row.save(update_fields=["content"])

    migration.unescape_description_text(apps, None)

    row.refresh_from_db()
    assert row.content["description_text"] == "Peace & security <together>"
    assert row.content["description_html"] == (
        "<p>Peace &amp; security &lt;together&gt;</p>"
    )
    page = client.get("/compendium/?q=together").content.decode()
    assert "Peace committee" in page
