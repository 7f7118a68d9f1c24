"""Benchmark: the production stack under load, beside its baselines.

Target (from the issue): against the prod-local stack at 10,000 entries, 200
concurrent public clients for 60 s through Varnish, on a mix of cached pages,
distinct searches, downloads and API calls, while 20 signed-in contributors save
entries and 5 reviewers comment: no errors, no lost saves, and the latency and
throughput of each kind of request beside a static file served by the same
Varnish and by the same app servers in the same run.

This is a benchmark, not a test of the suite: `make bench` runs it with the
others, `make bench-load` alone. It needs what `make prod-local` needs
(PostgreSQL at PROD_LOCAL_PG, Redis, Varnish) and the dev requirements
(aiohttp).

The stack: deploy/prod-local.sh starts its own copy, as tests/production/ does,
on free ports, in var/bench-load/, with the database BENCH_LOAD_DATABASE
(default compendium_bench_load): two gunicorn app servers with their default
workers, the worker and Varnish. The database is kept between runs: the first
run seeds it (`seed_demo --entries BENCH_LOAD_ENTRIES`, default 10,000, about
2 minutes here) and releases an official edition "load" of every published
entry; a later run finds that edition and only adds what it writes (saves and
comments). Drop the database to start again.

The clients: one process (this one), asyncio and aiohttp, so that the load
generator takes as little of the machine as it can; its own CPU time is
reported, since on a machine of 2 cores it competes with what it measures.
- BENCH_LOAD_CLIENTS (default 200) public visitors, each with an address of
  its own in X-Forwarded-For (Varnish appends the real hop; the app believes
  only what Varnish wrote, so each visitor is counted apart by the API's limit
  per client, as on the Internet), each sending one request after another with
  no pause, for BENCH_LOAD_SECONDS (default 60). Each request is, at random by
  weight (WEIGHTS): a page kept by the cache (home, browse, the editions, a
  sample of entry pages, the countries, a country, the statistics, some in
  other languages; all fetched once before the run), a search for two words
  drawn from the synthetic entries' vocabulary (so that nearly every search is
  new to Varnish and to the page cache), a download of the edition (CSV or
  JSON), or an API call (editions, the edition, a page of its entries, an
  entry, the taxonomy).
- BENCH_LOAD_CONTRIBUTORS (default 20) contributors, each signed in through
  the sign-in page (members have no second factor unless they set one up),
  saving a draft entry of their own organisation through the portal's edit
  form (the form as the browser sends it, with the expected version), then
  waiting BENCH_LOAD_THINK seconds (default 1) and saving again.
- BENCH_LOAD_REVIEWERS (default 5) reviewers, staff with a second factor,
  signed in through the sign-in page and the two-factor page with the code
  their authenticator app shows now (each has an app whose key the benchmark
  made, as tests/second_factor.py computes codes for the tests), commenting on
  entries waiting for the Office from the review screen's comment form, with
  the same pause.

Each response is counted as an error if its status is not 2xx or 3xx (a save or
a comment must redirect where success redirects), and each exception by its
kind. After the run, the database is read: every save a contributor saw
succeed is a version with its note, and each entry has exactly as many new
versions as saves seen; every comment seen is there.

Latency is the time from sending a request to its last byte. Requests per
second count every answer over the run, the answers of requests sent before the
end and received after it included (the run lasts that much longer).

Baselines, in the same run, each with the same number of clients for
BENCH_LOAD_BASELINE_SECONDS (default 15): the site's stylesheet (a static file)
through the same Varnish, and straight from the app servers (gunicorn and
WhiteNoise, the two taking turns).

The table is printed, and the figures written to var/bench-load/results-*.json
(var/ is not in git). The stack is stopped at the end, whatever happens.
"""

import asyncio
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from yarl import URL

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "prod-local.sh"
PYTHON = Path(sys.executable)  # the interpreter running the benchmark
RUN_DIR = ROOT / "var" / "bench-load"
PG = os.environ.get("PROD_LOCAL_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_LOAD_DATABASE", "compendium_bench_load")

ENTRIES = int(os.environ.get("BENCH_LOAD_ENTRIES", "10000"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "200"))
CONTRIBUTORS = int(os.environ.get("BENCH_LOAD_CONTRIBUTORS", "20"))
REVIEWERS = int(os.environ.get("BENCH_LOAD_REVIEWERS", "5"))
THINK_SECONDS = float(os.environ.get("BENCH_LOAD_THINK", "1"))
BASELINE_SECONDS = float(os.environ.get("BENCH_LOAD_BASELINE_SECONDS", "15"))

EDITION = "load"
PASSWORD = "bench-load-password"  # the benchmark's own accounts, in its database
TIMEOUT_S = 120
SIGNING_IN_AT_ONCE = 2
# Kinds of public request, by weight.
WEIGHTS = {"cached page": 55, "search": 15, "api": 25, "download": 5}
JSON_MARK = "BENCH-LOAD-JSON "

pytestmark = pytest.mark.skipif(
    not (shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists()),
    reason="varnishd is not installed (Debian package varnish; .ci/run installs it)",
)


# Inside the stack: run by `prod-local.sh run python manage.py shell` -------------


def emit(value):
    print(JSON_MARK + json.dumps(value))


def prepare(entries, contributors, reviewers, password):
    """Seed the database once, make the benchmark's people idempotently, and say
    what the clients need: URLs to sample, the forms to post, the keys."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.choices import MembershipRole, StaffRole
    from accounts.models import Membership
    from accounts.roles import staff_group
    from compendium import editions
    from compendium.choices import EditionKind
    from compendium.models import Country, Edition, EditionEntry
    from contributions.choices import EntryStatus
    from contributions.forms import PracticeEntryForm, SourceFormSet
    from contributions.models import PracticeEntry
    from demo import synthetic
    from review.choices import OPEN_FOR_COMMENTS

    User = get_user_model()
    seeded_s = None
    edition = Edition.objects.filter(label=EDITION, released_at__isnull=False).first()
    if edition is None:
        started = time.perf_counter()
        call_command("seed_demo", "--entries", str(entries))
        publisher = User.objects.get(email="publisher@example.org")
        edition = editions.release(
            actor=publisher,
            edition=Edition.objects.create(
                label=EDITION, title="Load benchmark edition", kind=EditionKind.OFFICIAL
            ),
        )
        seeded_s = time.perf_counter() - started

    def account(email, first_name):
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": "Bench",
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        return user

    # Contributors: each one a draft entry of its own, and a membership in that
    # entry's organisation.
    drafts = list(
        PracticeEntry.objects.filter(status=EntryStatus.DRAFT, reference__isnull=False)
        .exclude(reference="")
        .order_by("pk")[:contributors]
    )
    assert len(drafts) == contributors, "not enough draft entries to edit"
    contributor_rows = []
    for number, entry in enumerate(drafts, start=1):
        user = account(
            f"bench.contributor.{number}@example.org", f"Contributor {number}"
        )
        Membership.objects.update_or_create(
            user=user,
            organisation=entry.organisation,
            defaults={"role": MembershipRole.CONTRIBUTOR},
        )
        form = PracticeEntryForm(instance=entry)
        sources = SourceFormSet(instance=entry, prefix="sources")
        contributor_rows.append(
            {
                "email": user.email,
                "pk": entry.pk,
                "reference": entry.reference,
                "version": entry.version_number,
                "form": form_data(form, sources),
            }
        )

    # Reviewers: staff, each with an authenticator app whose key is known here.
    waiting = list(
        PracticeEntry.objects.seen_by_office()
        .filter(status__in=OPEN_FOR_COMMENTS)
        .order_by("pk")
        .values_list("pk", flat=True)[: reviewers * 20]
    )
    assert len(waiting) >= reviewers, "not enough entries waiting for the Office"
    reviewer_rows = []
    for number in range(1, reviewers + 1):
        user = account(f"bench.reviewer.{number}@example.org", f"Reviewer {number}")
        user.groups.set([staff_group(StaffRole.REVIEWER)])
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name="Load benchmark app", confirmed=True
            )
        reviewer_rows.append(
            {
                "email": user.email,
                "key": device.key,
                "step": device.step,
                "t0": device.t0,
                "digits": device.digits,
                "drift": device.drift,
                "last_t": device.last_t,
                "entries": waiting[number - 1 :: reviewers],
            }
        )

    vocabulary = sorted(
        {
            word.lower()
            for phrases in (
                synthetic.TOPICS,
                synthetic.ACTORS,
                synthetic.DEEDS,
                synthetic.OBJECTS,
                synthetic.PURPOSES,
                synthetic.RESULTS,
                synthetic.LESSONS,
                synthetic.RARE,
            )
            for phrase in phrases
            for word in str(phrase).split()
            if word.isalpha() and len(word) > 3
        }
    )
    rows = EditionEntry.objects.filter(edition=edition)
    emit(
        {
            "seeded_s": seeded_s,
            "edition": edition.label,
            "edition_entries": rows.count(),
            "references": list(
                rows.order_by("?").values_list("reference", flat=True)[:200]
            ),
            "countries": list(
                Country.objects.order_by("?").values_list("iso3", flat=True)[:30]
            ),
            "vocabulary": vocabulary,
            "contributors": contributor_rows,
            "reviewers": reviewer_rows,
        }
    )


def form_data(form, formset):
    """What a browser sends for an unchanged form and its formset."""
    data = {}

    def add(bound):
        value = bound.value()
        if value is None or value is False:
            return
        if value is True:
            data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = str(value)

    for bound in form:
        add(bound)
    for bound in formset.management_form:
        add(bound)
    for each in formset.forms:
        for bound in each:
            add(bound)
    return data


def verify(seen):
    """Every save and comment the clients saw succeed, read back from the
    database: {"saves": {pk: {"before": n, "notes": [...]}}, "comments": [...]}"""
    from reversion.models import Version

    from contributions.models import PracticeEntry
    from review.models import Comment

    lost, extra = [], []
    saves_found = 0
    for pk, seen_entry in seen["saves"].items():
        entry = PracticeEntry.objects.get(pk=pk)
        notes = list(
            Version.objects.get_for_object(entry).values_list(
                "revision__comment", flat=True
            )
        )
        for note in seen_entry["notes"]:
            if note in notes:
                saves_found += 1
            else:
                lost.append(f"{entry.reference}: {note}")
        added = entry.version_number - seen_entry["before"]
        if added != len(seen_entry["notes"]):
            extra.append(
                f"{entry.reference}: {added} new versions, "
                f"{len(seen_entry['notes'])} saves seen"
            )
    bodies = set(
        Comment.objects.filter(body__in=seen["comments"]).values_list("body", flat=True)
    )
    missing = [body for body in seen["comments"] if body not in bodies]
    emit(
        {
            "saves_found": saves_found,
            "lost_saves": lost,
            "version_mismatches": extra,
            "comments_found": len(bodies),
            "lost_comments": missing,
        }
    )


# The stack -------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    """A prod-local copy of its own: started, used, always stopped."""

    def __init__(self):
        self.app_ports = [free_port(), free_port()]
        self.varnish_port = free_port()
        self.env = {
            **os.environ,
            "PROD_LOCAL_DIR": str(RUN_DIR),
            "PROD_LOCAL_APP_PORTS": " ".join(map(str, self.app_ports)),
            "PROD_LOCAL_VARNISH_PORT": str(self.varnish_port),
            "PROD_LOCAL_DATABASE": DATABASE,
            "PROD_LOCAL_PG": PG,
            # Seeded below, with the synthetic entries and their edition.
            "PROD_LOCAL_SEED": "0",
            "PYTHON": str(PYTHON),
        }
        for variable in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SITE_URL"):
            self.env.pop(variable, None)

    def run(self, *command, timeout=900):
        return subprocess.run(  # noqa: S603 the repository's script
            [str(SCRIPT), *command],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self):
        started = self.run("start")
        assert started.returncode == 0, started.stdout + started.stderr

    def stop(self):
        stopped = self.run("stop", timeout=120)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr

    def backends(self):
        """Varnish's view of the app servers' health (its probe of
        /health/live), or why it could not be read."""
        if not shutil.which("varnishadm"):
            return "varnishadm is not installed"
        done = subprocess.run(  # noqa: S603 Varnish's own tool
            ["varnishadm", "-n", str(RUN_DIR / "varnish"), "backend.list"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=30,
        )
        return (done.stdout or done.stderr).strip()

    def call(self, function, *args, timeout=1800):
        """Run one of this module's functions inside the stack's environment and
        return what it emitted."""
        code = (
            "from tests.benchmarks import bench_load\n"
            f"bench_load.{function}(*{json.dumps(args)})\n"
        )
        done = self.run(
            "run", str(PYTHON), "manage.py", "shell", "-c", code, timeout=timeout
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        for line in reversed(done.stdout.splitlines()):
            if line.startswith(JSON_MARK):
                return json.loads(line[len(JSON_MARK) :])
        raise AssertionError(f"{function} said nothing:\n{done.stdout[-3000:]}")


# The clients -----------------------------------------------------------------------


class Record:
    """Latencies, statuses and exceptions by kind of request."""

    def __init__(self):
        self.latencies = defaultdict(list)
        self.errors = Counter()  # (kind, "HTTP 503" or an exception's name)
        self.examples = {}

    def ok(self, kind, started):
        self.latencies[kind].append((time.perf_counter() - started) * 1000)

    def error(self, kind, what, url):
        self.errors[(kind, what)] += 1
        self.examples.setdefault((kind, what), url)


async def fetch(session, record, kind, url, *, method="GET", expect=None, **kwargs):
    """One request, timed and counted; returns (status, headers, body) or None."""
    started = time.perf_counter()
    try:
        async with session.request(
            method, url, allow_redirects=False, **kwargs
        ) as response:
            body = await response.read()
            status, headers = response.status, response.headers
    except Exception as error:  # noqa: BLE001 counted by kind, reported below
        record.error(kind, type(error).__name__, f"{url}: {error}")
        return None
    if not 200 <= status < 400:
        record.error(kind, f"HTTP {status}", url)
        return None
    if expect is not None and not expect(status, headers):
        record.error(kind, f"unexpected {status} {headers.get('Location', '')}", url)
        return None
    record.ok(kind, started)
    return status, headers, body


def csrf_token(session, base):
    for cookie in session.cookie_jar.filter_cookies(URL(base)).values():
        if cookie.key == "csrftoken":
            return cookie.value
    raise AssertionError("no CSRF cookie")


def redirects_to(fragment):
    return lambda status, headers: (
        status == 302 and fragment in headers.get("Location", "")
    )


async def sign_in(session, record, base, email, kind, second_factor=None):
    """The sign-in page as a person fills it in; then the code of their app
    when they owe one."""
    await fetch(session, record, kind, f"{base}/accounts/login/")
    answer = await fetch(
        session,
        record,
        kind,
        f"{base}/accounts/login/",
        method="POST",
        data={
            "username": email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(session, base),
        },
        expect=lambda status, _headers: status == 302,
    )
    assert answer is not None, f"{email} could not sign in"
    if second_factor is not None:
        code = await asyncio.to_thread(second_factor)
        answer = await fetch(
            session,
            record,
            kind,
            f"{base}/accounts/two-factor/",
            method="POST",
            data={"code": code, "csrfmiddlewaretoken": csrf_token(session, base)},
            expect=lambda status, _headers: status == 302,
        )
        assert answer is not None, f"{email}'s code was refused"


def authenticator(row):
    """The code the reviewer's app shows now, as tests/second_factor.py gives it."""
    from tests.second_factor import code_for_key

    return lambda: code_for_key(
        bytes.fromhex(row["key"]),
        step=row["step"],
        t0=row["t0"],
        digits=row["digits"],
        drift=row["drift"],
        after_step=row["last_t"],
    )


class Load:
    """One run: the public visitors, the contributors and the reviewers."""

    def __init__(self, base, facts, urls):
        self.base = base
        self.facts = facts
        self.urls = urls
        self.record = Record()
        self.signing_in = Record()
        self.saves = {
            row["pk"]: {"before": row["version"], "notes": []}
            for row in facts["contributors"]
        }
        self.comments = []
        self.random = random.Random(2015)  # noqa: S311 not for security

    def search_url(self):
        words = self.random.sample(self.facts["vocabulary"], 2)
        return f"{self.base}/compendium/?q={'+'.join(words)}"

    async def visitor(self, session, number, deadline):
        headers = {"X-Forwarded-For": f"10.{number // 250}.{number % 250}.{7}"}
        kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
        while time.perf_counter() < deadline:
            kind = self.random.choices(kinds, weights)[0]
            if kind == "search":
                url = self.search_url()
            else:
                url = self.random.choice(self.urls[kind])
            await fetch(session, self.record, kind, url, headers=headers)

    async def contributor(self, session, row, deadline):
        version = row["version"]
        edit = f"{self.base}/contribute/entries/{row['reference']}/edit/"
        number = 0
        while time.perf_counter() < deadline:
            number += 1
            note = f"Load benchmark save {row['pk']}-{number}-{time.time_ns()}"
            data = {
                **row["form"],
                "summary": f"{row['form'].get('summary', '')[:900]} ({note})",
                "message": note,
                "expected_version": str(version),
                "csrfmiddlewaretoken": csrf_token(session, self.base),
            }
            answer = await fetch(
                session,
                self.record,
                "save entry",
                edit,
                method="POST",
                data=[
                    (name, item)
                    for name, value in data.items()
                    for item in (value if isinstance(value, list) else [value])
                ],
                expect=redirects_to(f"/entries/{row['reference']}/"),
            )
            if answer is not None:
                version += 1
                self.saves[row["pk"]]["notes"].append(note)
            await asyncio.sleep(THINK_SECONDS)

    async def reviewer(self, session, row, deadline):
        number = 0
        while time.perf_counter() < deadline:
            number += 1
            pk = row["entries"][number % len(row["entries"])]
            body = (
                f"Load benchmark comment {row['email']} {number} "
                f"{time.time_ns()}: could the entry name its sources?"
            )
            answer = await fetch(
                session,
                self.record,
                "comment",
                f"{self.base}/admin/review/{pk}/comments/",
                method="POST",
                data={
                    "body": body,
                    "visibility": "shared",
                    "csrfmiddlewaretoken": csrf_token(session, self.base),
                },
                expect=redirects_to("#comment-"),
            )
            if answer is not None:
                self.comments.append(body)
            await asyncio.sleep(THINK_SECONDS)

    async def run(self, seconds):
        import aiohttp

        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        timeout = aiohttp.ClientTimeout(total=TIMEOUT_S)
        people = self.facts["contributors"] + self.facts["reviewers"]
        # A session of their own for each signed-in person; cookies for
        # 127.0.0.1, which aiohttp keeps only when told to. A connection of
        # its own for each of their requests: a browser sends a form again when
        # the kept-alive connection it chose turns out closed by Varnish (idle
        # for 5 s, as while the others sign in), aiohttp never resends a POST.
        sessions = [
            aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(force_close=True),
                timeout=timeout,
                cookie_jar=aiohttp.CookieJar(unsafe=True),
            )
            for _ in people
        ]
        try:
            # Everyone signs in before the clock starts, a few at a time as
            # people arrive: signing in is not the load measured (each one
            # hashes a password, slowly on purpose).
            started = time.perf_counter()
            arriving = asyncio.Semaphore(SIGNING_IN_AT_ONCE)

            async def arrive(session, row):
                async with arriving:
                    await sign_in(
                        session,
                        self.signing_in,
                        self.base,
                        row["email"],
                        "sign-in, before the run",
                        second_factor=authenticator(row) if "key" in row else None,
                    )

            await asyncio.gather(
                *(
                    arrive(session, row)
                    for session, row in zip(sessions, people, strict=True)
                )
            )
            self.signing_in_s = time.perf_counter() - started
            async with aiohttp.ClientSession(
                connector=connector,
                timeout=timeout,
                cookie_jar=aiohttp.DummyCookieJar(),
            ) as session:
                start = time.perf_counter()
                deadline = start + seconds
                tasks = [
                    self.visitor(session, number, deadline) for number in range(CLIENTS)
                ]
                for each, row in zip(sessions, people, strict=True):
                    work = self.reviewer if "key" in row else self.contributor
                    tasks.append(work(each, row, deadline))
                await asyncio.gather(*tasks)
                return time.perf_counter() - start
        finally:
            for each in sessions:
                await each.close()


async def hammer(urls, seconds, clients):
    """A baseline: `clients` connections fetching the URLs in turn, no pause."""
    import aiohttp

    record = Record()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=TIMEOUT_S),
        cookie_jar=aiohttp.DummyCookieJar(),
    ) as session:
        start = time.perf_counter()
        deadline = start + seconds

        async def one(number):
            turn = number
            while time.perf_counter() < deadline:
                turn += 1
                await fetch(session, record, "static", urls[turn % len(urls)])

        await asyncio.gather(*(one(number) for number in range(clients)))
        return record, time.perf_counter() - start


async def warm(base, facts):
    """The URLs of each kind, each fetched once so that the cache holds it (and
    the downloads are made, which the worker does on first demand)."""
    import aiohttp

    label = facts["edition"]
    pages = [
        "/",
        "/compendium/",
        "/compendium/editions/",
        f"/compendium/editions/{label}/",
        "/compendium/countries/",
        "/compendium/statistics/",
        "/fr/compendium/",
        "/ar/compendium/",
        "/zh-hans/compendium/statistics/",
        *(f"/compendium/entries/{ref}/" for ref in facts["references"]),
        *(f"/compendium/countries/{iso3}/" for iso3 in facts["countries"]),
    ]
    api = [
        "/api/v1/editions/",
        f"/api/v1/editions/{label}/",
        "/api/v1/taxonomy/",
        *(f"/api/v1/editions/{label}/entries/?page={page}" for page in range(1, 11)),
        *(
            f"/api/v1/editions/{label}/entries/{ref}/"
            for ref in facts["references"][:50]
        ),
    ]
    downloads = [
        f"/compendium/editions/{label}/download.csv",
        f"/compendium/editions/{label}/download.json",
    ]
    urls = {"cached page": [], "api": [], "download": []}
    left_out = []
    async with aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=TIMEOUT_S),
        cookie_jar=aiohttp.DummyCookieJar(),
    ) as session:
        for kind, paths in (("cached page", pages), ("api", api)):
            for path in paths:
                async with session.get(base + path, allow_redirects=False) as answer:
                    await answer.read()
                    if answer.status == 200:
                        urls[kind].append(base + path)
                    else:
                        left_out.append(f"{path}: {answer.status}")
        for path in downloads:
            deadline = time.monotonic() + 300
            while True:
                async with session.get(base + path, allow_redirects=False) as answer:
                    size = len(await answer.read())
                    if answer.status == 200:
                        urls["download"].append(base + path)
                        facts.setdefault("download_bytes", {})[path] = size
                        break
                    assert answer.status == 503 and time.monotonic() < deadline, (
                        f"{path}: {answer.status}"
                    )
                await asyncio.sleep(2)
        async with session.get(base + "/") as answer:
            home = await answer.text()
        found = re.search(r'href="(/static/[^"]+\.css)"', home)
        assert found, "no stylesheet on the home page"
        stylesheet = found.group(1)
        # Kept by Varnish, as the pages are.
        async with session.get(base + stylesheet) as answer:
            await answer.read()
            assert answer.status == 200, f"{stylesheet}: {answer.status}"
    return urls, left_out, stylesheet


# Report ----------------------------------------------------------------------------


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summarise(record, seconds):
    rows = {}
    kinds = set(record.latencies) | {kind for kind, _ in record.errors}
    for kind in sorted(kinds):
        values = record.latencies.get(kind, [])
        errors = sum(n for (k, _), n in record.errors.items() if k == kind)
        rows[kind] = {
            "ok": len(values),
            "errors": errors,
            "per_s": len(values) / seconds,
            "p50_ms": statistics.median(values) if values else None,
            "p95_ms": percentile(values, 0.95) if values else None,
            "p99_ms": percentile(values, 0.99) if values else None,
        }
    return rows


def table(rows):
    lines = [
        f"  {'kind of request':<34} {'ok':>8} {'errors':>6} {'req/s':>8} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    ]
    for kind, row in rows.items():
        figures = (
            f"{row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f}"
            if row["ok"]
            else f"{'-':>8} {'-':>8} {'-':>8}"
        )
        lines.append(
            f"  {kind:<34} {row['ok']:>8,} {row['errors']:>6,} "
            f"{row['per_s']:>8.1f} {figures}"
        )
    return lines


# The benchmark ---------------------------------------------------------------------


def stopped_by_sigterm(signum, frame):
    """A SIGTERM ends the run as Ctrl-C does, through the stack's stop."""
    raise KeyboardInterrupt


def test_load_through_varnish_beside_static_file_baselines(capsys):
    stack = Stack()
    previous_handler = signal.signal(signal.SIGTERM, stopped_by_sigterm)
    results = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {
            "entries": ENTRIES,
            "seconds": SECONDS,
            "clients": CLIENTS,
            "contributors": CONTRIBUTORS,
            "reviewers": REVIEWERS,
            "think_s": THINK_SECONDS,
            "baseline_seconds": BASELINE_SECONDS,
            "weights": WEIGHTS,
            "cores": os.cpu_count(),
            "app_servers": stack.app_ports,
            "gunicorn_workers_each": int(os.environ.get("WEB_CONCURRENCY", "2")),
        },
    }
    try:
        stack.start()
        facts = stack.call("prepare", ENTRIES, CONTRIBUTORS, REVIEWERS, PASSWORD)
        base = f"http://127.0.0.1:{stack.varnish_port}"
        urls, left_out, stylesheet = asyncio.run(warm(base, facts))
        results["edition_entries"] = facts["edition_entries"]
        results["seeded_s"] = facts["seeded_s"]
        results["download_bytes"] = facts.get("download_bytes")
        results["left_out_of_the_mix"] = left_out

        load = Load(base, facts, urls)
        load_average = os.getloadavg()
        cpu = time.process_time()
        elapsed = asyncio.run(load.run(SECONDS))
        client_cpu = time.process_time() - cpu
        results["load"] = {
            "varnish_backends_after": stack.backends(),
            "signing_in": summarise(load.signing_in, load.signing_in_s),
            "seconds": elapsed,
            "client_cpu_s": client_cpu,
            "load_average_before": load_average,
            "load_average_after": os.getloadavg(),
            "kinds": summarise(load.record, elapsed),
            "errors": {
                f"{kind}: {what}": count
                for (kind, what), count in load.record.errors.items()
            },
            "error_examples": {
                f"{kind}: {what}": url
                for (kind, what), url in load.record.examples.items()
            },
        }

        baselines = {}
        for label, targets in (
            ("static file through Varnish", [base + stylesheet]),
            (
                "static file from the app servers",
                [f"http://127.0.0.1:{port}{stylesheet}" for port in stack.app_ports],
            ),
        ):
            cpu = time.process_time()
            record, seconds = asyncio.run(hammer(targets, BASELINE_SECONDS, CLIENTS))
            baselines[label] = {
                **summarise(record, seconds)["static"],
                "errors_by_kind": {
                    what: count for (_kind, what), count in record.errors.items()
                },
                "client_cpu_s": time.process_time() - cpu,
                "seconds": seconds,
            }
        results["baselines"] = baselines

        checked = stack.call(
            "verify",
            {
                "saves": {str(pk): seen for pk, seen in load.saves.items()},
                "comments": load.comments,
            },
        )
        results["verified"] = checked
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        stack.stop()

    RUN_DIR.mkdir(parents=True, exist_ok=True)
    path = RUN_DIR / f"results-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(results, indent=2))

    saves_seen = sum(len(seen["notes"]) for seen in load.saves.values())
    total_errors = sum(load.record.errors.values())
    lines = [
        "",
        f"Load through Varnish: prod-local at {ENTRIES:,} synthetic entries "
        f"(edition {EDITION!r} of {facts['edition_entries']:,} entries), "
        f"{os.cpu_count()} cores shared by the stack and this client",
        f"  {CLIENTS} public clients, {CONTRIBUTORS} contributors saving and "
        f"{REVIEWERS} reviewers commenting (pause {THINK_SECONDS:g} s), "
        f"{elapsed:.1f} s; the client's own CPU: {client_cpu:.1f} s "
        f"({client_cpu / elapsed:.0%} of a core); load average "
        f"{load_average[0]:.1f} before, {os.getloadavg()[0]:.1f} after",
        *table(results["load"]["kinds"]),
        *table(results["load"]["signing_in"])[1:],
        "",
        f"Baselines: the stylesheet, {CLIENTS} clients, {BASELINE_SECONDS:g} s each",
    ]
    for label, row in baselines.items():
        lines += table({label: row})[1:]
        lines[-1] += f"   (client CPU {row['client_cpu_s'] / row['seconds']:.0%})"
        for what, count in row["errors_by_kind"].items():
            lines.append(f"    {label}: {count} × {what}")
    lines += [
        "",
        f"Errors: {total_errors}"
        + "".join(
            f"\n  {key}: {count} (e.g. {results['load']['error_examples'][key]})"
            for key, count in results["load"]["errors"].items()
        ),
        f"Saves: {saves_seen} seen to succeed, {checked['saves_found']} found "
        f"with their notes; lost: {len(checked['lost_saves'])}; entries whose "
        f"count of versions differs: {len(checked['version_mismatches'])}",
        f"Comments: {len(load.comments)} seen, {checked['comments_found']} found",
        f"Left out of the mix at warm-up: {left_out or 'nothing'}",
        f"Results: {path.relative_to(ROOT)}",
    ]
    with capsys.disabled():
        print("\n".join(lines))

    assert total_errors == 0, results["load"]["errors"]
    assert not checked["lost_saves"], checked["lost_saves"][:10]
    assert not checked["version_mismatches"], checked["version_mismatches"][:10]
    assert not checked["lost_comments"], checked["lost_comments"][:10]
    assert saves_seen > 0 and load.comments, "nothing was saved or commented"
