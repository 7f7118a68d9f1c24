"""Benchmark: the public site over 10,000 and 100,000 entries.

Targets (from the issue), on the database DATABASE_URL selects:

1. releasing an edition of 10,000 entries takes under 30 s (larger sizes are
   reported, not judged);
2. search through the code the browse page uses answers with a p95 of at most
   50 ms at 10,000 entries and 150 ms at 100,000, at most 3× the raw full-text
   query it wraps, and no query takes over 1 s;
3. browse and entry pages, not cached, make at most 8 SQL queries each and serve
   at least as many requests per second as a bare Wagtail page;
4. cached pages of a released edition, for a visitor, serve at least 0.7× as
   many requests per second as a static file.

This is a benchmark, not a test of the suite: its file name does not match
`python_files`, so `make test` never collects it; `make bench` runs it. Each
figure is printed beside a baseline measured in the same run, and the verdict is
an assert on the targets above, checked after the table is printed.

Sizes: BENCH_PUBLIC_SIZES (default "10000,100000") is the list of
`seed_demo --entries N` to run, each in a database of its own. About 55% of
synthetic entries are accepted and published, so N=10,000 gives an edition of
about 5,600 entries and N=100,000 one of about 55,000. Time taken here (2 cores),
everything included: 10,000 about 1.5 minutes on SQLite and 2 on PostgreSQL;
100,000 about 3.5 minutes on SQLite and 4.5 on PostgreSQL. BENCH_PUBLIC_SECONDS
(default 2) is how long each throughput sample lasts.

How each figure is taken:

- Release: `seed_demo --entries N` (call_command), then a new official edition
  released by the demo publisher with `editions.release`. Baseline: reading what
  a release copies (the live entries, their classification and sources) without
  writing anything.
- Search: queries of one to three words chosen from the edition's own
  vocabulary: the three words found in most entries (the hard case: each matches
  most of the edition), a word found in about a tenth of the entries and a rare
  one found in about one in a thousand, alone and combined. Each query goes
  through `EditionBrowser.answer`, as the browse page calls it (ranked ids,
  facet filters and counts, the page's rows and their snippets). The answer
  ranks with `search.ranked`: the scores the release kept of the edition's
  common words (those found in COMPENDIUM_SEARCH_COMMON_ROWS rows or more; how
  many, and their size, is printed), the full-text index for the other words.
  Cold: every measured answer is asked of a new EditionBrowser, whose caches of
  ranked ids, sort orders and year ranges start empty, and the kept scores are
  read again from the database, so no answer is served from the process's
  memory; the edition's facet bitmaps, built once per process on first use
  (their build time is printed), stay loaded as in a serving process. Baseline:
  `search.ranked_ids` alone, the raw full-text query (FTS5 MATCH … ORDER BY
  bm25 on SQLite, tsvector @@ … ORDER BY the words' ts_rank on PostgreSQL),
  timed beside it in the same rounds. Both must give the same ids in the same
  order. A one-word query must find exactly the entries whose text has one of
  its terms (compendium/analysis.py: its stem in each language searched), so
  both databases are held to the same results. About 30% of the synthetic
  entries are written in French, Spanish, Arabic, Russian or Chinese
  (demo/synthetic.py), and a query in each of those languages is measured
  too: judged by the p95 and slowest-answer targets with the others, while the
  ratio to the raw query is judged over the queries chosen by frequency, as
  before (the other languages' raw queries take well under a millisecond and
  would only lower the raw median).
- Pages: served over HTTP by Django's threaded WSGI server (the server of
  pytest-django's live_server and of `runserver`), running the project's whole
  WSGI application in this process: every middleware, WhiteNoise included, with
  WhiteNoise's file list built once at start as in production rather than
  looked up on every request as the test settings ask. The clients are another
  process (two threads, one keep-alive connection each), so that making requests
  does not take the server's interpreter. The server keeps one database
  connection per client connection, as a production server with CONN_MAX_AGE
  does. Each URL is fetched for BENCH_PUBLIC_SECONDS at a time, URLs taking
  turns, for three rounds; requests/s is the total.
  - Uncached: the whole-page cache is switched off by replacing the cache
    compendium.page_cache stores pages in with Django's DummyCache; every other
    cache (Wagtail's site root paths, the per-process browse caches) works as in
    production. Baseline: the About page, a Wagtail StandardPage at /about/,
    served by the same server in the same rounds. SQL queries per page are
    counted on one more request through Django's test client, with the browse
    caches emptied first (the edition's bitmaps stay loaded).
  - Cached: the page cache as the test settings configure it (local memory);
    each page is fetched once before measuring, as a visitor without a session
    cookie. Baseline: the site's
    stylesheet /static/compendium/css/site.css, served by WhiteNoise through the
    same server.
"""

import gc
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.cache.backends.dummy import DummyCache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, connections
from django.db.models.fields.json import KT
from django.http import QueryDict
from django.test import Client
from django.test.testcases import QuietWSGIRequestHandler
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.models import Page

from accounts.models import User
from compendium import analysis, browse, classification, editions, page_cache, search
from compendium.choices import EditionKind
from compendium.models import (
    CompendiumEntry,
    CompendiumSource,
    Edition,
    EditionEntry,
    EditionWord,
    Pillar,
)
from contributions.models import PracticeEntry

SIZES = [
    int(size)
    for size in os.environ.get("BENCH_PUBLIC_SIZES", "10000,100000").split(",")
    if size.strip()
]
SECONDS = float(os.environ.get("BENCH_PUBLIC_SECONDS", "2"))

RELEASE_TARGET_S = 30  # for editions built from up to 10,000 entries
SEARCH_P95_TARGET_MS = {10_000: 50, 100_000: 150}  # up to that many entries
SEARCH_RATIO_TARGET = 3.0
SEARCH_MAX_MS = 1000
QUERIES_TARGET = 8
UNCACHED_RATIO_TARGET = 1.0
CACHED_RATIO_TARGET = 0.7

SEARCH_ROUNDS = 5  # cold answers per query
PAGE_ROUNDS = 3
CLIENT_THREADS = 2
ABOUT = "/about/"
STATIC = "/static/compendium/css/site.css"

# Measuring -----------------------------------------------------------------------


def timed(function, *args):
    """(milliseconds, result) of one call; the garbage collector waits until it
    is timed."""
    gc.disable()
    try:
        start = time.perf_counter()
        result = function(*args)
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    return elapsed * 1000, result


def p95(values):
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def refresh_statistics():
    """On PostgreSQL autovacuum analyses new rows a while after a load; the
    benchmark does it at once, so the planner sees the tables as a live site's
    would (see bench_review_queue.py). VACUUM needs autocommit, which the test's
    transaction=True gives."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def forget_process_caches():
    """Answers and bitmaps kept by this process for editions of an earlier
    database: a flushed database gives its ids out again."""
    browse._browsers.clear()
    browse._labels.clear()
    search._indexes.clear()
    search._common_words.clear()


# 1. Release ------------------------------------------------------------------------


def read_what_a_release_copies():
    """The floor of any release: the live entries, their classification and
    sources, read and nothing written."""
    entries = CompendiumEntry.objects.filter(live=True)
    rows = list(
        entries.values_list(
            "pk",
            "reference",
            "title",
            "summary",
            "description",
            "contributor_name",
            "contributor_kind",
            "contributor_country_id",
            "start_year",
            "end_year",
            "ongoing",
            "live_revision_id",
        )
    )
    for facet in classification.published():
        through = getattr(CompendiumEntry, facet.field).through
        rows += list(through.objects.values_list())
    rows += list(CompendiumSource.objects.values_list("entry_id", "title", "url"))
    return len(rows)


def release_edition(publisher):
    edition = Edition.objects.create(
        label="bench", title="Benchmark edition", kind=EditionKind.OFFICIAL
    )
    return editions.release(actor=publisher, edition=edition)


def record_languages(edition):
    """Give the edition's rows the language of the entry each comes from, as
    released content carries it ("language"), and make its index again, when
    the release did not record it (entries published in bulk by seed_demo
    before the compendium's entries had a language). Returns whether it did."""
    rows = EditionEntry.objects.filter(edition=edition)
    if rows.filter(content__has_key="language").exists():
        return False
    written_in = dict(PracticeEntry.objects.values_list("reference", "language"))
    changed = []
    for row in rows.only("pk", "reference", "content").iterator(chunk_size=2000):
        row.content["language"] = analysis.language_of(written_in.get(row.reference))
        changed.append(row)
    EditionEntry.objects.bulk_update(changed, ["content"], batch_size=1000)
    search.rebuild_index(edition)
    browse.forget(edition)
    return True


# 2. Search -------------------------------------------------------------------------


def document_frequency(edition):
    """({word: rows whose indexed text has it}, rows): title, summary,
    description and contributor's name, folded as the full-text index holds
    them."""
    frequency = Counter()
    rows = 0
    texts = EditionEntry.objects.filter(edition=edition).values_list(
        "title", "summary", "content__description_text", "contributor_name"
    )
    for title, summary, body, contributor in texts.iterator(chunk_size=2000):
        frequency.update(
            set(search.words_in(f"{title} {summary} {body} {contributor}"))
        )
        rows += 1
    return frequency, rows


def rows_found_by(edition, terms):
    """How many rows hold one of `terms` (a one-word query's alternatives):
    each row's terms as search._document makes them for the index (its text in
    its language, each translation's in the translation's), counted here
    rather than by the engine."""
    wanted = set(terms)
    texts = EditionEntry.objects.filter(edition=edition).values_list(
        "title",
        "summary",
        "content__description_text",
        "contributor_name",
        KT("content__language"),
        "content__translations",
    )
    return sum(
        1
        for text in texts.iterator(chunk_size=2000)
        if wanted.intersection(" ".join(search._document(*text)).split())
    )


# Words of the entries written in the other languages (demo/synthetic.py).
OTHER_LANGUAGE_QUERIES = {
    "French": "protection civils",
    "Spanish": "desplazadas",
    "Russian": "предупреждения",
    "Arabic": "المدنيين",
    "Chinese": "保护平民",
}


def choose_queries(frequency, rows):
    """[(label, query text)]: one to three words, the most common of the
    vocabulary, one of middle frequency and a rare one."""
    words = [(word, n) for word, n in frequency.most_common() if word.isalpha()]
    common = [word for word, _n in words[:3]]

    def nearest(share, minimum=1):
        candidates = [
            (abs(n - share * rows), word)
            for word, n in words
            if word not in common and len(word) >= 4 and n >= minimum
        ]
        return min(candidates)[1]

    mid, rare = nearest(0.10), nearest(0.001, minimum=3)
    first, second, third = common
    return [
        ("1st most common", first),
        ("2nd most common", second),
        ("3rd most common", third),
        ("1st + 2nd", f"{first} {second}"),
        ("1st + 2nd + 3rd", f"{first} {second} {third}"),
        ("mid-frequency", mid),
        ("mid + 1st", f"{mid} {first}"),
        ("rare", rare),
        ("rare + 1st + 2nd", f"{rare} {first} {second}"),
        ("3rd + mid", f"{third} {mid}"),
        *OTHER_LANGUAGE_QUERIES.items(),
    ]


def cold_answer(edition, params):
    """The browse page's answer from a browser whose caches start empty, with
    the common words' kept scores read again."""
    search._common_words.clear()
    return browse.EditionBrowser(edition).answer(browse.Query.from_params(params))


def measure_search(edition, queries):
    """{label: {raw: [ms], answer: [ms], matching, text}}; raw query and answer
    alternate which goes first, and the queries take turns. A one-word query
    must find exactly the entries whose text has one of its terms (its stems
    in the languages searched), on either database."""
    results = {
        label: {"raw": [], "answer": [], "text": text, "matching": None}
        for label, text in queries
    }
    order = list(results)
    for round_number in range(SEARCH_ROUNDS):
        turn = round_number % len(order)
        for label in order[turn:] + order[:turn]:
            result = results[label]
            words = search.clauses_for(edition, search.words_of(result["text"]), "en")
            params = QueryDict(mutable=True)
            params["q"] = result["text"]
            steps = [
                ("raw", search.ranked_ids, (edition, words)),
                ("answer", cold_answer, (edition, params)),
            ]
            if round_number % 2:
                steps.reverse()
            for name, function, args in steps:
                elapsed, value = timed(function, *args)
                result[name].append(elapsed)
                if name == "raw":
                    matching = len(value)
                else:
                    total = value.total
            assert matching == total, (label, matching, total)
            if round_number == 0:
                ranked, _found = search.ranked(edition, words)
                assert ranked == search.ranked_ids(edition, words), label
            if len(words) == 1 and round_number == 0:
                assert matching == rows_found_by(edition, words[0]), (label, matching)
            assert matching > 0, f"{label}: {result['text']!r} matches nothing"
            result["matching"] = matching
    return results


# 3 and 4. Pages --------------------------------------------------------------------

CLIENT = r"""
import http.client, json, sys, threading, time

host, port, path, seconds, threads = sys.argv[1:6]
port, seconds, threads = int(port), float(seconds), int(threads)
ready = threading.Barrier(threads + 1)
counts, errors, ends = [0] * threads, [], [0.0] * threads
box = {}


def work(number):
    client = http.client.HTTPConnection(host, port, timeout=30)
    client.connect()
    ready.wait()
    deadline = box["start"] + seconds
    while time.perf_counter() < deadline:
        client.request("GET", path)
        response = client.getresponse()
        body = response.read()
        if response.status != 200 or not body:
            errors.append(response.status)
        counts[number] += 1
        if response.will_close:
            client.close()
            client = http.client.HTTPConnection(host, port, timeout=30)
    ends[number] = time.perf_counter()
    client.close()


workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
for worker in workers:
    worker.start()
box["start"] = time.perf_counter()
ready.wait()
for worker in workers:
    worker.join()
elapsed = max(ends) - box["start"]
print(json.dumps({"requests": sum(counts), "seconds": elapsed, "errors": errors}))
"""


class RequestHandler(QuietWSGIRequestHandler):
    """Writes each response at once: with Nagle's algorithm on, a response's
    body waits for the client to acknowledge its headers, 40 ms on every
    keep-alive request (measured: about 45 requests/s for any URL)."""

    disable_nagle_algorithm = True


class Server:
    """The project's WSGI application behind Django's threaded WSGI server, in
    this process, on a free port."""

    def __init__(self):
        # An in-memory SQLite database exists only in this connection: the
        # server's threads share it, as with pytest-django's live_server.
        self.shared = {
            alias: conn
            for alias in connections
            if (conn := connections[alias]).vendor == "sqlite"
            and conn.is_in_memory_db()
        }
        for conn in self.shared.values():
            conn.inc_thread_sharing()
        self.settings = connections.settings["default"]
        self.conn_max_age = self.settings["CONN_MAX_AGE"]
        self.settings["CONN_MAX_AGE"] = None  # one connection per client thread
        # WhiteNoise as in production: its file list built once, here from the
        # apps' folders (the test settings' WHITENOISE_USE_FINDERS) since
        # nothing was collected into STATIC_ROOT.
        with override_settings(WHITENOISE_AUTOREFRESH=False, STATIC_ROOT=None):
            application = WSGIHandler()
        self.httpd = ThreadedWSGIServer(
            ("127.0.0.1", 0),
            RequestHandler,
            allow_reuse_address=False,
            connections_override=self.shared,
        )
        self.httpd.set_app(application)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def throughput(self, path):
        """Requests per second for one path over SECONDS, from the client
        process."""
        done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [
                sys.executable,
                "-c",
                CLIENT,
                "127.0.0.1",
                str(self.port),
                path,
                str(SECONDS),
                str(CLIENT_THREADS),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=SECONDS + 120,
        )
        result = json.loads(done.stdout)
        assert not result["errors"], (path, Counter(result["errors"]))
        return result["requests"], result["seconds"]

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
        self.settings["CONN_MAX_AGE"] = self.conn_max_age
        for conn in self.shared.values():
            conn.dec_thread_sharing()


@contextmanager
def page_cache_off():
    """Whole pages are neither kept nor served from the cache; nothing else
    changes."""
    kept = page_cache.cache
    page_cache.cache = DummyCache("page-cache-off", {})
    try:
        yield
    finally:
        page_cache.cache = kept


def measure_throughput(server, urls):
    """{label: requests/s}, URLs taking turns over PAGE_ROUNDS rounds."""
    totals = {label: [0, 0.0] for label in urls}
    order = list(urls)
    for round_number in range(PAGE_ROUNDS):
        turn = round_number % len(order)
        for label in order[turn:] + order[:turn]:
            requests, seconds = server.throughput(urls[label])
            totals[label][0] += requests
            totals[label][1] += seconds
    return {label: requests / seconds for label, (requests, seconds) in totals.items()}


def count_queries(client, url):
    """SQL queries of one request with the browse caches emptied (the edition's
    bitmaps stay loaded) and the page cache off."""
    browse._browsers.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


# Report --------------------------------------------------------------------------


def search_target_ms(entries):
    for limit, target in sorted(SEARCH_P95_TARGET_MS.items()):
        if entries <= limit:
            return target
    return None


def report(entries, facts, searches, uncached, cached, queries):
    vendor = connection.vendor
    target_ms = search_target_ms(entries)
    raw_all = [ms for result in searches.values() for ms in result["raw"]]
    answer_all = [ms for result in searches.values() for ms in result["answer"]]
    summary = {
        "raw": (statistics.median(raw_all), p95(raw_all), max(raw_all)),
        "answer": (statistics.median(answer_all), p95(answer_all), max(answer_all)),
    }
    failures = []
    lines = [
        "",
        f"Public site on {vendor}: seed_demo --entries {entries:,} "
        f"(seeded in {facts['seeding_s']:.1f} s), edition of {facts['rows']:,} "
        "entries",
        "",
        "1. Release",
        f"  {'':<44} {'seconds':>8}",
        f"  {'release (editions.release)':<44} {facts['release_s']:>8.1f}",
        f"  {'baseline: reading what it copies':<44} {facts['baseline_s']:>8.1f}",
        f"  {'facet bitmaps, first use in a process':<44} {facts['bitmaps_s']:>8.2f}",
        *(
            [
                f"  {'languages recorded, index made again':<44} "
                f"{facts['languages_s']:>8.1f}"
            ]
            if facts.get("languages_s") is not None
            else []
        ),
        f"  common words kept by the release: {facts['common_words']} "
        f"(found in {search.common_rows():,} rows or more), "
        f"{facts['common_mb']:.1f} MB of rows and scores",
    ]
    if entries <= 10_000:
        verdict = facts["release_s"] < RELEASE_TARGET_S
        lines.append(
            f"  target: under {RELEASE_TARGET_S} s: {'met' if verdict else 'MISSED'}"
        )
        if not verdict:
            failures.append(f"release took {facts['release_s']:.1f} s")
    else:
        lines.append(
            f"  ({facts['rows'] / facts['release_s']:,.0f} entries/s; "
            f"the {RELEASE_TARGET_S} s target is for 10,000 entries)"
        )

    lines += [
        "",
        f"2. Search: cold EditionBrowser.answer against search.ranked_ids, "
        f"{SEARCH_ROUNDS} rounds per query",
        f"  {'query':<18} {'words':<34} {'matching':>8} {'raw ms':>7} "
        f"{'answer ms':>9} {'max ms':>7} {'ratio':>6}",
    ]
    for label, result in searches.items():
        raw = statistics.median(result["raw"])
        answer = statistics.median(result["answer"])
        lines.append(
            f"  {label:<18} {result['text'][:34]:<34} {result['matching']:>8,} "
            f"{raw:>7.1f} {answer:>9.1f} {max(result['answer']):>7.1f} "
            f"{answer / raw:>6.1f}"
        )
    lines.append(
        f"  {'all queries':<18} {'':<34} {'':>8} {'median':>7} {'p95':>9} {'max':>7}"
    )
    for name in ("raw", "answer"):
        median, high, most = summary[name]
        label = "raw (baseline)" if name == "raw" else "answer"
        lines.append(
            f"  {label:<18} {'':<34} {'':>8} {median:>7.1f} {high:>9.1f} {most:>7.1f}"
        )
    # The ratio is judged over the queries chosen by frequency, as the target
    # was set: the words of the other languages (raw queries well under a
    # millisecond, in a few hundred entries) would lower the raw median alone.
    by_frequency = [
        result
        for label, result in searches.items()
        if label not in OTHER_LANGUAGE_QUERIES
    ]
    raw_chosen = [ms for result in by_frequency for ms in result["raw"]]
    answer_chosen = [ms for result in by_frequency for ms in result["answer"]]
    ratio_p95 = p95(answer_chosen) / p95(raw_chosen)
    ratio_median = statistics.median(answer_chosen) / statistics.median(raw_chosen)
    answer_p95, answer_max = summary["answer"][1], summary["answer"][2]
    checks = [
        (
            f"p95 {answer_p95:.1f} ms ≤ {target_ms} ms",
            target_ms is None or answer_p95 <= target_ms,
        ),
        (
            f"p95 {ratio_p95:.2f}× and median {ratio_median:.2f}× the raw query "
            "(queries chosen by frequency) "
            f"≤ {SEARCH_RATIO_TARGET:g}×",
            max(ratio_p95, ratio_median) <= SEARCH_RATIO_TARGET,
        ),
        (
            f"slowest answer {answer_max:.1f} ms ≤ {SEARCH_MAX_MS} ms",
            answer_max <= SEARCH_MAX_MS,
        ),
    ]
    for text, verdict in checks:
        lines.append(f"  target: {text}: {'met' if verdict else 'MISSED'}")
        if not verdict:
            failures.append(f"search: {text}")
    lines.append(
        "  ratio per query: answer median / raw median (for information; a "
        "rare word's raw query takes well under a millisecond, and every answer "
        "also reads its page's rows and snippets and counts the facets)"
    )

    about = uncached["about (baseline)"]
    lines += [
        "",
        f"3. Pages not cached: requests/s over HTTP ({CLIENT_THREADS} client "
        f"connections, {PAGE_ROUNDS} × {SECONDS:g} s each), SQL queries per page",
        f"  {'page':<44} {'req/s':>7} {'× about':>8} {'queries':>7}",
    ]
    for label, rate in uncached.items():
        count = queries.get(label, "")
        lines.append(f"  {label:<44} {rate:>7.1f} {rate / about:>8.2f} {count!s:>7}")
        if label == "about (baseline)":
            continue
        if rate < UNCACHED_RATIO_TARGET * about:
            failures.append(
                f"uncached {label}: {rate:.1f} req/s < about's {about:.1f} req/s"
            )
        if count > QUERIES_TARGET:
            failures.append(f"uncached {label}: {count} queries > {QUERIES_TARGET}")
    lines.append(
        f"  targets: at least the about page's requests/s; at most "
        f"{QUERIES_TARGET} queries"
    )

    static = cached["static file (baseline)"]
    lines += [
        "",
        "4. Cached pages, for a visitor: requests/s over HTTP",
        f"  {'page':<44} {'req/s':>7} {'× static':>8}",
    ]
    for label, rate in cached.items():
        lines.append(f"  {label:<44} {rate:>7.1f} {rate / static:>8.2f}")
        if label != "static file (baseline)" and rate < CACHED_RATIO_TARGET * static:
            failures.append(
                f"cached {label}: {rate / static:.2f}× the static file's "
                f"requests/s < {CACHED_RATIO_TARGET}"
            )
    lines.append(f"  target: at least {CACHED_RATIO_TARGET}× the static file's")
    lines.append("")
    lines.append(
        "verdict: every target met"
        if not failures
        else "verdict: MISSED: " + "; ".join(failures)
    )
    return failures, "\n".join(lines)


# The benchmark ---------------------------------------------------------------------


# Committed rows, as a live database has them (see bench_review_queue.py); the
# database is emptied afterwards and its migrated contents put back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("entries", SIZES, ids=lambda n: f"{n}-entries")
def test_public_site_meets_its_targets(entries, capsys):
    forget_process_caches()
    facts = {}
    started = time.perf_counter()
    call_command("seed_demo", "--entries", str(entries), stdout=StringIO())
    facts["seeding_s"] = time.perf_counter() - started
    assert CompendiumEntry.objects.filter(live=True).count() > entries // 3
    refresh_statistics()

    # 1. Release, beside reading what it copies.
    publisher = User.objects.get(email="publisher@example.org")
    baseline_ms, _rows = timed(read_what_a_release_copies)
    release_ms, edition = timed(release_edition, publisher)
    facts.update(
        release_s=release_ms / 1000,
        baseline_s=baseline_ms / 1000,
        rows=edition.entry_count,
    )
    assert Edition.objects.current() == edition
    languages_ms, recorded = timed(record_languages, edition)
    facts["languages_s"] = languages_ms / 1000 if recorded else None
    refresh_statistics()
    bitmaps_ms, _index = timed(search.facet_index, edition)
    facts["bitmaps_s"] = bitmaps_ms / 1000
    kept = EditionWord.objects.filter(edition=edition).values_list("rows", "scores")
    facts["common_words"] = len(kept)
    facts["common_mb"] = sum(len(rows) + len(scores) for rows, scores in kept) / 1e6

    # 2. Search.
    frequency, rows = document_frequency(edition)
    assert rows == edition.entry_count
    queries = choose_queries(frequency, rows)
    searches = measure_search(edition, queries)

    # 3 and 4. Pages, over HTTP.
    assert Page.objects.live().filter(url_path="/home/about/").exists()
    common, mid = queries[0][1], queries[5][1]
    reference = (
        EditionEntry.objects.filter(edition=edition)
        .order_by("-start_year", "reference")
        .values_list("reference", flat=True)
        .first()
    )
    pillar = Pillar.objects.order_by("code").values_list("code", flat=True)[1]
    pages = {
        "browse /compendium/": "/compendium/",
        f"search ?q={common}": f"/compendium/?q={common}",
        f"search ?q={mid}&pillar={pillar}": f"/compendium/?q={mid}&pillar={pillar}",
        f"filter ?pillar={pillar}&sort=newest&page=3": (
            f"/compendium/?pillar={pillar}&sort=newest&page=3"
        ),
        f"entry {reference}": f"/compendium/entries/{reference}/",
    }
    client = Client()
    server = Server()
    try:
        with page_cache_off():
            for url in [ABOUT, *pages.values()]:
                # What a process loads once (taxonomy labels, Wagtail's site
                # root paths) is not a page's cost.
                assert client.get(url).status_code == 200, url
            queries_per_page = {
                label: count_queries(client, url)
                for label, url in {"about (baseline)": ABOUT, **pages}.items()
            }
            uncached = measure_throughput(server, {"about (baseline)": ABOUT, **pages})
        cached_pages = {
            "static file (baseline)": STATIC,
            "browse /compendium/": pages["browse /compendium/"],
            f"search ?q={common}": pages[f"search ?q={common}"],
            f"entry {reference}": pages[f"entry {reference}"],
        }
        for url in cached_pages.values():
            assert client.get(url).status_code == 200, url
        cached = measure_throughput(server, cached_pages)
    finally:
        server.stop()
        forget_process_caches()

    failures, text = report(
        entries, facts, searches, uncached, cached, queries_per_page
    )
    with capsys.disabled():
        print(text)
    assert not failures, "; ".join(failures)
