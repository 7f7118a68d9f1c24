from django.db import migrations, models


def date_shared_editions(apps, schema_editor):
    """Editions shared before the field existed take the time their sharing was
    logged, else their creation: the time their entries were pinned."""
    Edition = apps.get_model("compendium", "Edition")
    LogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    for edition in Edition.objects.filter(
        kind="pre-publication", shared_at__isnull=True
    ).exclude(status="in-preparation"):
        logged = (
            LogEntry.objects.filter(
                action="compendium.edition.share", object_id=str(edition.pk)
            )
            .order_by("timestamp")
            .values_list("timestamp", flat=True)
            .first()
        )
        if logged is None and edition.released_at is not None:
            continue  # released without sharing: pinned at its release
        edition.shared_at = logged or edition.created_at
        edition.save(update_fields=["shared_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0011_common_words_of_an_edition"),
    ]

    operations = [
        migrations.AddField(
            model_name="edition",
            name="shared_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When a pre-publication edition was shared with a round.",
                null=True,
                verbose_name="shared",
            ),
        ),
        migrations.RunPython(date_shared_editions, migrations.RunPython.noop),
    ]
