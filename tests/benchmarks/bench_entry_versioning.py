"""Benchmark: what versioning adds to saving a practice entry.

Target (from the issue): saving an entry with its version costs at most 1.5× the
same save without versioning, both measured in the same run on the same data.

This is a benchmark, not a test of the suite: its file name does not match
`python_files`, so `make test` never collects it; `make bench` runs it on the
database DATABASE_URL selects. The verdict compares medians measured side by side
in one process, never a wall-clock limit.

Three paths save the same kind of edit (title, summary and description changed,
one pillar swapped for another, the one source renamed), each from forms bound and
validated outside the timer:

- versioned: the real `services.save_entry`, inside `reversion.create_revision()`;
- baseline: `save_entry` with the versioning taken out: the same transaction, row
  lock, permission and stale-version checks, model save, `save_m2m`, sources
  formset save and audit-log entry, but no revision and no version bookkeeping;
- writes only (reported, not judged): just the model save, `save_m2m` and the
  formset save in a transaction.
"""

import gc
import re
import statistics
import time
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from reversion.models import Revision, Version
from wagtail.log_actions import log

from compendium.models import Pillar
from contributions import services
from contributions.forms import PracticeEntryForm, SourceFormSet
from contributions.models import PracticeEntry, RevisionInfo
from tests.contributions.factories import (
    MembershipFactory,
    create_entry,
    entry_form_data,
)

TARGET_RATIO = 1.5
WARMUP = 5  # saves per path before measuring
SAVES = 150  # measured saves per judged path, interleaved one by one
INFO_EVERY = 4  # the writes-only path (information only) every fourth round
QUERY_SAMPLES = 3  # untimed saves per path whose queries are counted


# The paths being compared ------------------------------------------------------


def versioned_save(actor, form, sources):
    return services.save_entry(
        actor=actor,
        form=form,
        sources_formset=sources,
        message="Benchmark edit",
        expected_version=form.cleaned_data["expected_version"],
    )


def baseline_save(actor, form, sources):
    """`services.save_entry` for an existing entry, less everything reversion does:
    no create_revision, no version number, no user, comment or RevisionInfo."""
    entry = form.save(commit=False)
    expected_version = form.cleaned_data["expected_version"]
    with transaction.atomic():
        current = PracticeEntry.objects.select_for_update().get(pk=entry.pk)
        if not services.can_edit(actor, current):
            raise PermissionDenied
        if expected_version is not None and expected_version != (
            current.version_number
        ):
            raise services.StaleEntry(current, started_from=expected_version)
        for field in services.entries.KEPT_FROM_DATABASE:
            setattr(entry, field, getattr(current, field))
        entry.updated_by = actor
        entry.save()
        form.save_m2m()
        sources.instance = entry
        sources.save()
        log(entry, "wagtail.edit", user=actor)
    return entry


def writes_only_save(actor, form, sources):
    """Only the writes every path shares: the floor of any save."""
    entry = form.save(commit=False)
    with transaction.atomic():
        entry.updated_by = actor
        entry.save()
        form.save_m2m()
        sources.instance = entry
        sources.save()
    return entry


PATHS = {
    "versioned": versioned_save,
    "baseline": baseline_save,
    "writes only": writes_only_save,
}


# Data --------------------------------------------------------------------------


class Edits:
    """Bound, validated forms for the next edit of one entry; each edit differs
    from the one before in its text, one pillar and its source's title."""

    def __init__(self, entry):
        self.pk = entry.pk
        self.count = 0
        self.pillars = list(
            Pillar.objects.order_by("code").values_list("pk", flat=True)
        )
        (source,) = entry.sources.all()
        self.base = entry_form_data()
        self.base.update(
            {
                "sources-TOTAL_FORMS": "2",
                "sources-INITIAL_FORMS": "1",
                "sources-0-id": str(source.pk),
                "sources-0-url": source.url,
            }
        )

    def next(self):
        self.count += 1
        n = self.count
        entry = PracticeEntry.objects.get(pk=self.pk)
        data = {
            **self.base,
            "title": f"National committee for the prevention of genocide ({n})",
            "summary": f"An inter-ministerial committee that monitors risk, edit {n}.",
            "description": f"<p>The committee has met {n} times.</p><p>It reports.</p>",
            "pillars": [self.pillars[n % 2]],
            "expected_version": str(entry.version_number),
            "sources-0-title": f"Decree establishing the committee ({n})",
        }
        form = PracticeEntryForm(data, instance=entry)
        sources = SourceFormSet(data, instance=entry, prefix="sources")
        assert form.is_valid(), form.errors
        assert sources.is_valid(), sources.errors
        return form, sources


# Measuring ---------------------------------------------------------------------


def timed_save(path, actor, edits):
    """Seconds for one save; the forms are built and validated outside the timer,
    and the garbage collector waits until the save is timed."""
    form, sources = edits.next()
    gc.disable()
    try:
        start = time.perf_counter()
        path(actor, form, sources)
        return time.perf_counter() - start
    finally:
        gc.enable()


_STATEMENT = re.compile(r"^\s*(\w+)")
_TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def statement_kind(sql):
    verb = _STATEMENT.match(sql).group(1).upper()
    table = _TABLE.search(sql)
    return f"{verb} {table.group(1)}" if table else verb


def queries_per_save(path, actor, edits):
    """(queries per save, Counter of statement kinds), from untimed saves; the
    count must be the same for every sample."""
    counts, kinds = [], None
    for _ in range(QUERY_SAMPLES):
        form, sources = edits.next()
        with CaptureQueriesContext(connection) as captured:
            path(actor, form, sources)
        counts.append(len(captured))
        kinds = Counter(statement_kind(query["sql"]) for query in captured)
    assert len(set(counts)) == 1, f"queries per save vary: {counts}"
    return counts[0], kinds


def summary(seconds):
    ms = [value * 1000 for value in seconds]
    return {
        "n": len(ms),
        "median": statistics.median(ms),
        "p95": statistics.quantiles(ms, n=20, method="inclusive")[18],
        "min": min(ms),
    }


def report(results, queries):
    versioned, baseline = results["versioned"], results["baseline"]
    ratio = versioned["median"] / baseline["median"]
    writes_ratio = versioned["median"] / results["writes only"]["median"]
    lines = [
        "",
        f"Saving an entry with and without versioning, on {connection.vendor}: "
        "saves interleaved one by one, order rotated each round",
        f"  {'path':<12} {'saves':>5} {'median ms':>10} {'p95 ms':>8} "
        f"{'min ms':>8} {'queries':>8}",
    ]
    for name in PATHS:
        result = results[name]
        lines.append(
            f"  {name:<12} {result['n']:>5} {result['median']:>10.2f} "
            f"{result['p95']:>8.2f} {result['min']:>8.2f} {queries[name][0]:>8}"
        )
    lines += [
        f"versioned save: median {versioned['median']:.2f} ms, "
        f"p95 {versioned['p95']:.2f} ms; "
        f"baseline: median {baseline['median']:.2f} ms, "
        f"p95 {baseline['p95']:.2f} ms; "
        f"ratio {ratio:.2f} (target ≤ {TARGET_RATIO})",
        f"  against writes only: ratio {writes_ratio:.2f} (for information)",
        f"queries per save: versioned {queries['versioned'][0]}, "
        f"baseline {queries['baseline'][0]} "
        f"(+{queries['versioned'][0] - queries['baseline'][0]} for versioning)",
    ]
    extra = queries["versioned"][1] - queries["baseline"][1]
    if extra:
        lines.append("  versioning's extra statements per save:")
        for kind, count in sorted(extra.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"    {count:>3} × {kind}")
    return ratio, "\n".join(lines)


# The benchmark -----------------------------------------------------------------


@pytest.mark.django_db
def test_versioned_save_costs_at_most_one_and_a_half_unversioned(ghana, capsys):
    actor = MembershipFactory(organisation=ghana, focal_point=True).user
    entry = create_entry(actor, ghana)
    edits = Edits(entry)
    revisions_before = Revision.objects.count()

    seconds = {name: [] for name in PATHS}
    order = list(PATHS)
    for round_number in range(WARMUP + SAVES):
        # One save per path and round, the paths taking turns at going first,
        # so that drift and load from elsewhere fall on all of them alike.
        turn = round_number % len(order)
        for name in order[turn:] + order[:turn]:
            if name == "writes only" and round_number % INFO_EVERY:
                continue
            elapsed = timed_save(PATHS[name], actor, edits)
            if round_number >= WARMUP:
                seconds[name].append(elapsed)

    queries = {
        name: queries_per_save(path, actor, edits) for name, path in PATHS.items()
    }

    # Each versioned save made exactly one revision holding the entry and its
    # source; the other paths made none.
    versioned_saves = WARMUP + SAVES + QUERY_SAMPLES
    assert Revision.objects.count() - revisions_before == versioned_saves
    entry.refresh_from_db()
    assert entry.version_number == 1 + versioned_saves
    latest = RevisionInfo.objects.filter(entry=entry).order_by("-number").first()
    assert latest.number == entry.version_number
    assert Version.objects.filter(revision_id=latest.revision_id).count() == 2

    ratio, text = report({name: summary(s) for name, s in seconds.items()}, queries)
    with capsys.disabled():
        print(text)
    assert ratio <= TARGET_RATIO, (
        f"saving with versioning costs {ratio:.2f}× the save without it "
        f"(target ≤ {TARGET_RATIO})"
    )
