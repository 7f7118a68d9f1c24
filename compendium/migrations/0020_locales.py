"""A Wagtail locale for each of the six languages, so the Office can translate
the editorial pages (home, About) into any of them."""

from django.db import migrations

LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh-hans"]


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0019_entry_period_constraint_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    # Locales other data may use are left in place when going back.
    operations = [migrations.RunPython(add_locales, migrations.RunPython.noop)]
