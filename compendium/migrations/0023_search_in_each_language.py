"""Search stems words in the language they are written in and reads Chinese
in pairs of characters: the full-text index of every edition written before is
made again from its rows, so that it holds the terms queries now ask for."""

from django.db import migrations

from compendium import search
from compendium.signals import editions_changed


def rebuild_search_index(apps, schema_editor):
    Edition = apps.get_model("compendium", "Edition")
    EditionEntry = apps.get_model("compendium", "EditionEntry")
    written = EditionEntry.objects.values("edition_id")
    for edition in Edition.objects.filter(pk__in=written).only("pk", "label"):
        search.rebuild_index(edition)
        editions_changed.send(sender=Edition, labels=[edition.label])


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0022_entry_languages"),
    ]

    operations = [
        migrations.RunPython(rebuild_search_index, migrations.RunPython.noop),
    ]
