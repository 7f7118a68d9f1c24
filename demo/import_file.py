"""Spreadsheets of new entries in volume, for benchmarking the import: realistic
rows in the import's own columns, the same for the same seed."""

import csv
import random

from compendium.models import AtrocityCrime, Country, Pillar, Priority
from contributions.imports.entries import COLUMNS

WORDS = (
    "prevention atrocity early warning mediation council national committee "
    "genocide protection civilians dialogue reconciliation justice accountability "
    "human rights monitoring capacity training regional cooperation community "
    "women youth police judiciary legislation risk assessment response network "
    "peacebuilding inclusion minorities hate speech education memorial "
    "transitional truth commission reparations security sector reform"
).split()


def write_import_file(path, count, seed=2005):
    """`count` new entries from the State organisations, as a CSV at `path`."""
    rng = random.Random(seed)  # noqa: S311 (not for security)
    states = list(Country.objects.values_list("iso3", flat=True))
    pillars = list(Pillar.objects.values_list("code", flat=True))
    priorities = list(Priority.objects.values_list("code", flat=True))
    crimes = list(AtrocityCrime.objects.values_list("code", flat=True))

    def words(n):
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([str(heading) for _name, heading, *_rest in COLUMNS])
        for number in range(count):
            start = rng.randint(1990, 2025)
            values = {
                "reference": "",
                "organisation": rng.choice(states),
                "title": f"{words(6)[:-1]} ({number})",
                "summary": words(70)[:990],
                "description": words(80) + "\n\n" + words(70),
                "pillars": "; ".join(rng.sample(pillars, rng.randint(1, 2))),
                "priorities": "; ".join(rng.sample(priorities, rng.randint(1, 2))),
                "crimes": "; ".join(rng.sample(crimes, rng.randint(0, 2))),
                "practice_areas": "",
                "countries": "; ".join(rng.sample(states, rng.randint(0, 3))),
                "regions": "",
                "sg_reports": "",
                "start_year": start,
                "end_year": "" if rng.random() < 0.5 else min(start + 3, 2026),
                "ongoing": "",
                "language": "en",
                "internal_contact": "",
                "sources": "; ".join(
                    f"{words(4)[:-1]} <https://www.example.org/{number}/{index}>"
                    for index in range(rng.randint(1, 2))
                ),
            }
            writer.writerow([values[name] for name, *_rest in COLUMNS])
