"""Released rows say which language their entry was written in and what lists
show of it in each other language (the translation's title and summary, the
contributor's name), so browse, the changelog and a country's profile read it
from the row. Rows released before hold their translations in their content:
those are copied from it, and the released content stays as it was. Their
contributor keeps the name as registered, which is what they were released
with."""

from django.db import migrations, models

from compendium.signals import editions_changed


def from_released_content(apps, schema_editor):
    Edition = apps.get_model("compendium", "Edition")
    EditionEntry = apps.get_model("compendium", "EditionEntry")
    touched = set()
    rows = EditionEntry.objects.filter(content__has_key="language")
    for row in rows.only("pk", "edition_id", "content").iterator(chunk_size=500):
        original = row.content.get("language") or "en"
        shown = {
            code: {"title": text["title"], "summary": text["summary"]}
            for code, text in sorted((row.content.get("translations") or {}).items())
            if code != original
        }
        row.language = original
        row.in_languages = shown
        row.save(update_fields=["language", "in_languages"])
        touched.add(row.edition_id)
    labels = list(
        Edition.objects.filter(pk__in=touched).values_list("label", flat=True)
    )
    if labels:
        editions_changed.send(sender=Edition, labels=labels)


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0025_report_titles_in_arabic_russian_chinese"),
    ]

    operations = [
        migrations.AddField(
            model_name="editionentry",
            name="in_languages",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text=(
                    "What lists show in each other language, as released: "
                    "{language: {title, summary, contributor_name}}, each only "
                    "where the Office wrote it."
                ),
            ),
        ),
        migrations.AddField(
            model_name="editionentry",
            name="language",
            field=models.CharField(
                choices=[
                    ("en", "English"),
                    ("fr", "French"),
                    ("es", "Spanish"),
                    ("ar", "Arabic"),
                    ("ru", "Russian"),
                    ("zh-hans", "Chinese"),
                ],
                default="en",
                help_text="The language the entry was written in.",
                max_length=8,
            ),
        ),
        migrations.RunPython(from_released_content, migrations.RunPython.noop),
    ]
