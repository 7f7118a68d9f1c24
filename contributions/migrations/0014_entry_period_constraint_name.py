"""The period rule is declared once, on the entries' common base
(compendium.models.content.EntryContent), so its constraint is named after
each model."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0013_archived_entries"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="practiceentry",
            name="entry_period_in_order",
        ),
        migrations.AddConstraint(
            model_name="practiceentry",
            constraint=models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="contributions_practiceentry_period_in_order",
            ),
        ),
    ]
