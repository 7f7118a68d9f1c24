"""Rows released before the description's plain text was unescaped hold HTML's
entities in it ("Peace &amp; security"): written as the text reads, so that
downloads, the API and search show what was written and no later edition lists
the entry as revised for a change nobody made. The text is derived from the
description as released, which stays as it was; the search index of each edition
touched is made again from its rows."""

from html import unescape

from django.db import migrations

from compendium import search
from compendium.signals import editions_changed


def unescape_description_text(apps, schema_editor):
    Edition = apps.get_model("compendium", "Edition")
    EditionEntry = apps.get_model("compendium", "EditionEntry")
    touched = set()
    rows = EditionEntry.objects.filter(content__description_text__icontains="&")
    for row in rows.only("pk", "edition_id", "content").iterator(chunk_size=500):
        text = row.content.get("description_text") or ""
        written = unescape(text)
        if written != text:
            row.content["description_text"] = written
            row.save(update_fields=["content"])
            touched.add(row.edition_id)
    for edition in Edition.objects.filter(pk__in=touched).only("pk", "label"):
        search.rebuild_index(edition)
        editions_changed.send(sender=Edition, labels=[edition.label])


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0015_retired_reference_data"),
    ]

    operations = [
        migrations.RunPython(unescape_description_text, migrations.RunPython.noop),
    ]
