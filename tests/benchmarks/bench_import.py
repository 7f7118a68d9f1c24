"""Benchmark: importing practice entries from a spreadsheet.

Targets (from the issue), on the database DATABASE_URL selects:

1. importing 10,000 new rows, each entry with its version, runs at at least
   5,000 rows/s and at least 0.3× a raw bulk_create of the same rows, with at
   most 0.05 queries per row;
2. 100,000 rows import in under 60 s with a peak memory under 300 MB.

This is a benchmark, not a test of the suite: `make test` never collects it;
`make bench` runs it. Each figure is printed beside its baseline, measured in
the same run, and the verdict is an assert on the targets, checked after the
table is printed.

How each figure is taken:

- The file: a CSV written here of realistic rows (a title, a summary of about
  70 words, a description of about 150, one or two pillars and priorities,
  crimes, countries and one or two sources, from the State organisations),
  BENCH_IMPORT_ROWS rows (default 10,000).
- Import: `runner.run(dry_run=False)`, exactly what the admin's confirmation
  and `import_entries` run: every row read, cleaned and validated by the
  django-import-export resource, then written with classification, sources,
  a reversion Revision and Versions and the RevisionInfo numbering them.
- Queries: counted in one more import, untimed, as Django's debug cursor logs
  them (COPY statements included), since logging them slows the import.
- Baseline: the same CSV read with the csv module and written without any
  checking: PracticeEntry objects by bulk_create, then the classification's
  through rows and the sources by bulk_create, no versions. Each of the two
  runs in a transaction rolled back afterwards, import and baseline taking
  turns, three times; medians are compared.
- 100,000 rows (BENCH_IMPORT_LARGE, default 100000; 0 skips it): another
  process runs `manage.py import_entries` on a database of its own (a new
  SQLite file, or a new PostgreSQL database beside DATABASE_URL's, migrated by
  a process before it) and reports the time of the import and the process's
  peak resident memory (VmHWM), which includes Django, Wagtail and
  everything they load.
"""

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from compendium.models import AtrocityCrime, Country, Pillar, Priority
from contributions.imports import runner
from contributions.imports.entries import COLUMNS
from contributions.models import PracticeEntry, Source
from demo.import_file import write_import_file

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
LARGE = int(os.environ.get("BENCH_IMPORT_LARGE", "100000"))
ROUNDS = 3
ROOT = Path(__file__).resolve().parents[2]


def imported(path, user):
    outcome = runner.run(path, path.name, user=user, dry_run=False)
    assert outcome.ok and outcome.new == ROWS, outcome.errors or outcome.problem


def timed_import(path, user):
    with transaction.atomic():
        started = time.perf_counter()
        imported(path, user)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def counted_import(path, user):
    """The queries of an import, as Django's debug cursor logs them (COPY
    statements included); in a run of its own, since logging them costs time."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            imported(path, user)
        transaction.set_rollback(True)
    return len(queries)


def split(cell):
    return [part.strip() for part in cell.split(";") if part.strip()]


def timed_baseline(path):
    """The same rows written raw: no cleaning, no validation, no versions."""
    organisations = {
        iso3: pk
        for iso3, pk in Country.objects.filter(organisation__isnull=False).values_list(
            "iso3", "organisation__pk"
        )
    }
    lookups = {
        "pillars": dict(Pillar.objects.values_list("code", "pk")),
        "priorities": dict(Priority.objects.values_list("code", "pk")),
        "crimes": dict(AtrocityCrime.objects.values_list("code", "pk")),
        "countries": dict(Country.objects.values_list("iso3", "pk")),
    }
    m2m = {
        m2m.name: (
            m2m.remote_field.through,
            f"{m2m.m2m_field_name()}_id",
            f"{m2m.m2m_reverse_field_name()}_id",
        )
        for m2m in PracticeEntry._meta.many_to_many
    }
    with transaction.atomic():
        started = time.perf_counter()
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader)
            rows = [
                dict(zip([n for n, *_r in COLUMNS], row, strict=True)) for row in reader
            ]
        entries = [
            PracticeEntry(
                reference=f"B-{number}",
                organisation_id=organisations[row["organisation"]],
                title=row["title"],
                summary=row["summary"],
                description=row["description"],
                start_year=int(row["start_year"]),
                end_year=int(row["end_year"]) if row["end_year"] else None,
                language="en",
            )
            for number, row in enumerate(rows)
        ]
        PracticeEntry.objects.bulk_create(entries, batch_size=2000)
        for name, lookup in lookups.items():
            through, entry_column, other_column = m2m[name]
            through.objects.bulk_create(
                [
                    through(**{entry_column: entry.pk, other_column: lookup[code]})
                    for entry, row in zip(entries, rows, strict=True)
                    for code in split(row[name])
                ],
                batch_size=2000,
            )
        Source.objects.bulk_create(
            [
                Source(
                    entry_id=entry.pk, title=title, url=url.rstrip(">"), sort_order=i
                )
                for entry, row in zip(entries, rows, strict=True)
                for i, (title, url) in enumerate(
                    part.split(" <", 1) for part in split(row["sources"])
                )
            ],
            batch_size=2000,
        )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


LARGE_SCRIPT = textwrap.dedent(
    """
    import json, os, sys, time
    import django

    def high_water_kb():
        # VmHWM belongs to the process's own memory map, which starts afresh at
        # exec; ru_maxrss would carry over the parent's peak.
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])

    os.environ["DJANGO_SETTINGS_MODULE"] = "compendium.settings.test"
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    connection.ensure_connection()
    before = high_water_kb()
    started = time.perf_counter()
    call_command("import_entries", sys.argv[1], verbosity=0)
    seconds = time.perf_counter() - started
    print(json.dumps(
        {"seconds": seconds, "peak_kb": high_water_kb(), "before_kb": before}
    ))
    """
)


def administer(base_url, statement):
    """Creating and dropping databases happens outside any transaction, on a
    connection of its own to the server's maintenance database."""
    import psycopg

    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as admin:
        admin.execute(statement)


def large_import(path):
    """Times `import_entries` over 100,000 rows in a process of its own, on a new
    database, and reads that process's peak memory."""
    environment = dict(os.environ)
    database = os.environ.get("DATABASE_URL", "")
    created = None
    if database.startswith("postgres"):
        base, _name = database.rsplit("/", 1)
        created = "compendium_bench_import"
        administer(base, f"DROP DATABASE IF EXISTS {created}")
        administer(base, f"CREATE DATABASE {created}")
        environment["DATABASE_URL"] = f"{base}/{created}"
    else:
        handle, name = tempfile.mkstemp(suffix=".sqlite3")
        os.close(handle)
        environment["DATABASE_URL"] = f"sqlite:///{name}"
    try:
        # Migrated by a process of its own, so that what migrating loads does
        # not count towards the import's memory.
        subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env={**environment, "DJANGO_SETTINGS_MODULE": "compendium.settings.test"},
            check=True,
        )
        output = subprocess.run(  # noqa: S603 (our own interpreter and script)
            [sys.executable, "-c", LARGE_SCRIPT, str(path)],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        if created:
            administer(base, f"DROP DATABASE IF EXISTS {created}")
    return json.loads(output.strip().splitlines()[-1])


@pytest.mark.django_db
def test_import_meets_its_targets(tmp_path, capsys, django_user_model):
    user = django_user_model.objects.create_user(
        email="importer@example.org", password="x", first_name="Bench"
    )
    path = tmp_path / "entries.csv"
    write_import_file(path, ROWS)
    size = path.stat().st_size

    imports, baselines = [], []
    for _round in range(ROUNDS):
        imports.append(timed_import(path, user))
        baselines.append(timed_baseline(path))
    seconds, raw = statistics.median(imports), statistics.median(baselines)
    rate, raw_rate = ROWS / seconds, ROWS / raw
    per_row = counted_import(path, user) / ROWS

    large = None
    if LARGE:
        large_path = tmp_path / "large.csv"
        write_import_file(large_path, LARGE, seed=2006)
        large = large_import(large_path)

    lines = [
        f"Import benchmark on {connection.vendor}: {ROWS:,} new rows "
        f"({size / 1e6:.1f} MB CSV), medians of {ROUNDS} runs",
        f"{'':28}{'import':>12}{'raw bulk_create':>18}{'ratio':>8}",
        f"{'seconds':28}{seconds:>12.2f}{raw:>18.2f}",
        f"{'rows/s':28}{rate:>12,.0f}{raw_rate:>18,.0f}{rate / raw_rate:>8.2f}",
        f"{'queries per row':28}{per_row:>12.4f}",
        "targets: >= 5,000 rows/s, >= 0.3x raw, <= 0.05 queries/row",
    ]
    if large:
        lines += [
            f"{LARGE:,} rows through import_entries in a process of its own: "
            f"{large['seconds']:.1f} s ({LARGE / large['seconds']:,.0f} rows/s), "
            f"peak memory {large['peak_kb'] / 1024:.0f} MB (the process before "
            f"the import, Django started: {large['before_kb'] / 1024:.0f} MB)",
            "targets: < 60 s, peak < 300 MB",
        ]
    with capsys.disabled():
        print("\n" + "\n".join(lines))

    assert rate >= 5000
    assert rate / raw_rate >= 0.3
    assert per_row <= 0.05
    if large:
        assert large["seconds"] < 60
        assert large["peak_kb"] / 1024 < 300
