"""Reference data is retired rather than deleted: a retired item is no longer
offered for new entries, and whatever names it keeps it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0014_fold_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="atrocitycrime",
            name="retired_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="A retired item is no longer offered for new entries; entries that have it keep it.",
                null=True,
                verbose_name="retired",
            ),
        ),
        migrations.AddField(
            model_name="country",
            name="retired_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="A retired item is no longer offered for new entries; entries that have it keep it.",
                null=True,
                verbose_name="retired",
            ),
        ),
        migrations.AddField(
            model_name="pillar",
            name="retired_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="A retired item is no longer offered for new entries; entries that have it keep it.",
                null=True,
                verbose_name="retired",
            ),
        ),
        migrations.AddField(
            model_name="practicearea",
            name="retired_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="A retired item is no longer offered for new entries; entries that have it keep it.",
                null=True,
                verbose_name="retired",
            ),
        ),
        migrations.AddField(
            model_name="priority",
            name="retired_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="A retired item is no longer offered for new entries; entries that have it keep it.",
                null=True,
                verbose_name="retired",
            ),
        ),
        migrations.AddField(
            model_name="region",
            name="retired_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="A retired item is no longer offered for new entries; entries that have it keep it.",
                null=True,
                verbose_name="retired",
            ),
        ),
        migrations.AddField(
            model_name="secretarygeneralreport",
            name="retired_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="A retired item is no longer offered for new entries; entries that have it keep it.",
                null=True,
                verbose_name="retired",
            ),
        ),
    ]
