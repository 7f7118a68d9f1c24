"""The period rule is declared once, on the entries' common base
(compendium.models.content.EntryContent), so its constraint is named after
each model."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0018_reference_sequence_content_type"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="compendiumentry",
            name="compendium_entry_period_in_order",
        ),
        migrations.AddConstraint(
            model_name="compendiumentry",
            constraint=models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="compendium_compendiumentry_period_in_order",
            ),
        ),
    ]
