"""Names every reference term in the five official languages besides English,
from the data files in compendium/data/ (the UN's short names of States, the
M49 names of regions, UN terminology for the rest)."""

import csv
from pathlib import Path

from django.db import migrations, models

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
OTHER_LANGUAGES = ["fr", "es", "ar", "ru", "zh-hans"]
TERM_MODELS = {
    "pillar": "Pillar",
    "priority": "Priority",
    "crime": "AtrocityCrime",
    "area": "PracticeArea",
}


def read_csv(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def other_names(row):
    # An empty cell leaves that language to fall back to English.
    return {language: row[language] for language in OTHER_LANGUAGES if row[language]}


def load(apps, schema_editor):
    for row in read_csv("reference_term_names.csv"):
        model_name = TERM_MODELS.get(row["model"])
        if model_name:
            model = apps.get_model("compendium", model_name)
            model.objects.filter(code=row["code"]).update(names=other_names(row))
    Region = apps.get_model("compendium", "Region")
    for row in read_csv("m49_region_names.csv"):
        Region.objects.filter(code=row["code"]).update(names=other_names(row))
    Country = apps.get_model("compendium", "Country")
    for row in read_csv("un_member_state_names.csv"):
        Country.objects.filter(iso3=row["iso3"]).update(names=other_names(row))
    Report = apps.get_model("compendium", "SecretaryGeneralReport")
    for row in read_csv("sg_report_titles.csv"):
        Report.objects.filter(symbol=row["symbol"]).update(names=other_names(row))


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0020_locales"),
    ]

    operations = [
        migrations.AddField(
            model_name="atrocitycrime",
            name="names",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The name in French, Spanish, Arabic, Russian and Chinese, keyed by language code; a language left out shows the English name.",
                verbose_name="names in other languages",
            ),
        ),
        migrations.AddField(
            model_name="country",
            name="names",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The name in French, Spanish, Arabic, Russian and Chinese, keyed by language code; a language left out shows the English name.",
                verbose_name="names in other languages",
            ),
        ),
        migrations.AddField(
            model_name="pillar",
            name="names",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The name in French, Spanish, Arabic, Russian and Chinese, keyed by language code; a language left out shows the English name.",
                verbose_name="names in other languages",
            ),
        ),
        migrations.AddField(
            model_name="practicearea",
            name="names",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The name in French, Spanish, Arabic, Russian and Chinese, keyed by language code; a language left out shows the English name.",
                verbose_name="names in other languages",
            ),
        ),
        migrations.AddField(
            model_name="priority",
            name="names",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The name in French, Spanish, Arabic, Russian and Chinese, keyed by language code; a language left out shows the English name.",
                verbose_name="names in other languages",
            ),
        ),
        migrations.AddField(
            model_name="region",
            name="names",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The name in French, Spanish, Arabic, Russian and Chinese, keyed by language code; a language left out shows the English name.",
                verbose_name="names in other languages",
            ),
        ),
        migrations.AddField(
            model_name="secretarygeneralreport",
            name="names",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The name in French, Spanish, Arabic, Russian and Chinese, keyed by language code; a language left out shows the English name.",
                verbose_name="names in other languages",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
