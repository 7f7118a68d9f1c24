"""The Secretary-General's reports on the responsibility to protect that entries
cite most; administrators can add later ones."""

from django.db import migrations

REPORTS = [
    ("A/63/677", 2009, "Implementing the responsibility to protect"),
    ("A/64/864", 2010, "Early warning, assessment and the responsibility to protect"),
    (
        "A/65/877",
        2011,
        "The role of regional and sub-regional arrangements in implementing the "
        "responsibility to protect",
    ),
    ("A/66/874", 2012, "Responsibility to protect: timely and decisive response"),
    (
        "A/67/929",
        2013,
        "Responsibility to protect: State responsibility and prevention",
    ),
    (
        "A/68/947",
        2014,
        "Fulfilling our collective responsibility: international assistance and the "
        "responsibility to protect",
    ),
    (
        "A/69/981",
        2015,
        "A vital and enduring commitment: implementing the responsibility to protect",
    ),
]


def load(apps, schema_editor):
    Report = apps.get_model("compendium", "SecretaryGeneralReport")
    for symbol, year, title in REPORTS:
        Report.objects.update_or_create(
            symbol=symbol, defaults={"year": year, "title": title}
        )


def unload(apps, schema_editor):
    Report = apps.get_model("compendium", "SecretaryGeneralReport")
    Report.objects.filter(symbol__in=[symbol for symbol, _, _ in REPORTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("compendium", "0005_secretary_general_reports")]

    operations = [migrations.RunPython(load, unload)]
