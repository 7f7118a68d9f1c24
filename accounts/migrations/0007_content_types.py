"""The content types of the user, organisations, memberships and invitations
follow them from contributions to accounts, so the permissions granted on them,
Wagtail's log entries and revisions keep pointing at them.

A new database has no such rows yet (they are made after migrating), so there is
nothing to rename; where both exist the old one is left for
remove_stale_contenttypes.
"""

from django.db import migrations

MODELS = ["user", "organisation", "membership", "invitation"]


def move_content_types(old_app, new_app):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        present = set(
            ContentType.objects.using(db)
            .filter(app_label=new_app, model__in=MODELS)
            .values_list("model", flat=True)
        )
        ContentType.objects.using(db).filter(
            app_label=old_app, model__in=set(MODELS) - present
        ).update(app_label=new_app)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_email_identity"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(
            move_content_types("contributions", "accounts"),
            move_content_types("accounts", "contributions"),
        )
    ]
