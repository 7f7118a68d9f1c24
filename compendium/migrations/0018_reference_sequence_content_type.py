"""The reference sequence's content type follows it from contributions to the
compendium, so whatever names it (permissions, log entries) keeps doing so.

A new database has no such row yet (it is made after migrating); where both
exist the old one is left for remove_stale_contenttypes.
"""

from django.db import migrations


def move_content_type(old_app, new_app):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        types = ContentType.objects.using(schema_editor.connection.alias)
        if not types.filter(app_label=new_app, model="referencesequence").exists():
            types.filter(app_label=old_app, model="referencesequence").update(
                app_label=new_app
            )

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0017_reference_sequence"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(
            move_content_type("contributions", "compendium"),
            move_content_type("compendium", "contributions"),
        )
    ]
