"""Every Member State and observer State has its organisation from the start."""

from django.db import migrations


def create_state_organisations(apps, schema_editor):
    Country = apps.get_model("compendium", "Country")
    Organisation = apps.get_model("accounts", "Organisation")
    for country in Country.objects.select_related("region", "sub_region"):
        organisation, _ = Organisation.objects.get_or_create(
            country=country,
            defaults={
                "name": country.name,
                "short_name": country.iso3,
                "kind": "member-state"
                if country.un_status == "member"
                else "observer-state",
            },
        )
        organisation.regions.add(country.region, country.sub_region)


def remove_state_organisations(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Organisation.objects.filter(country__isnull=False).delete()


class Migration(migrations.Migration):
    adopts = [("contributions", "0002_state_organisations")]

    dependencies = [
        ("accounts", "0002_organisations"),
        ("compendium", "0003_reference_taxonomy"),
    ]

    operations = [
        migrations.RunPython(create_state_organisations, remove_state_organisations)
    ]
