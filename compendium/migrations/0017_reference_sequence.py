"""The entry reference sequence, owned by the compendium.

Databases made before the move already have its table, made by
contributions.0004_practice_entries: there this migration is recorded as applied
without running (`adopts`, compendium.adoption), and the table keeps its name.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0016_description_text_as_written"),
    ]

    adopts = [("contributions", "0004_practice_entries")]

    operations = [
        migrations.CreateModel(
            name="ReferenceSequence",
            fields=[
                (
                    "name",
                    models.CharField(max_length=32, primary_key=True, serialize=False),
                ),
                ("last_value", models.PositiveIntegerField(default=0)),
            ],
            options={"db_table": "contributions_referencesequence"},
        ),
    ]
