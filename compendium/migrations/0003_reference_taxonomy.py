"""Ships the reference taxonomy, so every new database has it.

Codes are stable identifiers; labels may later be edited in Wagtail admin.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

PILLARS = [
    (
        "I",
        "The protection responsibilities of the State",
        "Each State has the responsibility to protect its populations from "
        "genocide, war crimes, ethnic cleansing and crimes against humanity, and "
        "from their incitement.",
    ),
    (
        "II",
        "International assistance and capacity-building",
        "The international community has a responsibility to encourage and assist "
        "States in meeting their protection responsibilities.",
    ),
    (
        "III",
        "Timely and decisive collective response",
        "When a State is manifestly failing to protect its populations, the "
        "international community must be prepared to take collective action in a "
        "timely and decisive manner, in accordance with the Charter of the United "
        "Nations.",
    ),
]

PRIORITIES = [
    (
        "1",
        "Signalling political commitment at the national, regional and global levels",
        "Appointing focal points, adopting national strategies and speaking out in "
        "regional and global forums.",
    ),
    (
        "2",
        "Elevating prevention",
        "Putting atrocity prevention at the centre of national policy, development "
        "and security planning.",
    ),
    (
        "3",
        "Clarifying and expanding options for timely and decisive response",
        "Widening the range of diplomatic, humanitarian and other peaceful means, "
        "and of collective measures under the Charter.",
    ),
    (
        "4",
        "Addressing the risk of recurrence",
        "Accountability, transitional justice, reconciliation and rebuilding "
        "after atrocity crimes.",
    ),
    (
        "5",
        "Enhancing regional action",
        "Strengthening the role of regional and sub-regional arrangements in "
        "early warning, prevention and response.",
    ),
    (
        "6",
        "Strengthening international networks for genocide prevention and the "
        "responsibility to protect",
        "Connecting national focal points, civil society and practitioners to "
        "share lessons and build capacity.",
    ),
]

ATROCITY_CRIMES = [
    (
        "genocide",
        "Genocide",
        "Acts committed with intent to destroy, in whole or in part, a national, "
        "ethnical, racial or religious group (Convention on the Prevention and "
        "Punishment of the Crime of Genocide, 1948).",
    ),
    (
        "war-crimes",
        "War crimes",
        "Serious violations of international humanitarian law committed in "
        "international or non-international armed conflict.",
    ),
    (
        "ethnic-cleansing",
        "Ethnic cleansing",
        "Rendering an area ethnically homogeneous by using force or intimidation "
        "to remove persons of given groups from the area.",
    ),
    (
        "crimes-against-humanity",
        "Crimes against humanity",
        "Acts committed as part of a widespread or systematic attack directed "
        "against any civilian population.",
    ),
]

PRACTICE_AREAS = [
    ("ratification", "Ratification of international instruments"),
    ("national-focal-point", "National R2P focal point"),
    ("national-mechanism", "National atrocity-prevention mechanism"),
    ("early-warning", "Early warning and assessment"),
    ("domestic-legislation", "Domestic legislation"),
    ("education-training", "Education and training"),
    ("security-sector-reform", "Security sector reform"),
    ("accountability", "Accountability and transitional justice"),
    ("memorialisation", "Memorialisation and remembrance"),
    ("regional-mechanism", "Regional and sub-regional mechanism"),
    ("assistance", "Technical and financial assistance"),
    ("mediation", "Mediation and preventive diplomacy"),
    ("peace-operations", "Peace operations and protection of civilians"),
    ("hate-speech", "Countering incitement and hate speech"),
    ("displacement", "Protection of refugees and displaced persons"),
    ("civil-society", "Partnerships with civil society"),
    ("sanctions", "Targeted sanctions and other collective measures"),
]


def read_csv(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    for model_name, rows in [
        ("Pillar", PILLARS),
        ("Priority", PRIORITIES),
        ("AtrocityCrime", ATROCITY_CRIMES),
    ]:
        model = apps.get_model("compendium", model_name)
        for order, (code, name, description) in enumerate(rows, start=1):
            model.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "description": description,
                    "sort_order": order,
                },
            )

    PracticeArea = apps.get_model("compendium", "PracticeArea")
    for order, (code, name) in enumerate(PRACTICE_AREAS, start=1):
        PracticeArea.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )

    Region = apps.get_model("compendium", "Region")
    regions = {}
    # Parents come before children in the file.
    for row in read_csv("m49_regions.csv"):
        regions[row["code"]] = Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "parent": regions.get(row["parent_code"]),
            },
        )[0]

    Country = apps.get_model("compendium", "Country")
    for row in read_csv("un_member_states.csv"):
        Country.objects.update_or_create(
            iso3=row["iso3"],
            defaults={
                "iso2": row["iso2"],
                "m49": row["m49"],
                "name": row["name"],
                "un_status": row["status"],
                "region": regions[row["region_code"]],
                "sub_region": regions[row["sub_region_code"]],
                "intermediate_region": regions.get(row["intermediate_region_code"]),
            },
        )


def unload(apps, schema_editor):
    for model_name in [
        "Country",
        "Region",
        "PracticeArea",
        "AtrocityCrime",
        "Priority",
        "Pillar",
    ]:
        model = apps.get_model("compendium", model_name)
        if model_name == "Region":
            # Children first: parents are protected.
            for kind in ["intermediate-region", "sub-region", "region"]:
                model.objects.filter(kind=kind).delete()
        else:
            model.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("compendium", "0002_pages")]

    operations = [migrations.RunPython(load, unload)]
