"""Benchmark: the PDF of an edition of about 500 pages.

Targets (from the issue): the PDF at most 40 ms per page; 500 pages in under
25 s and under 500 MB.

This is a benchmark, not a test of the suite: its file name does not match
`python_files`, so `make test` never collects it; `make bench` runs it on the
database DATABASE_URL selects. Each figure is printed beside a baseline measured
in the same run; the verdict is an assert on the targets, checked after the
table is printed.

Data: `seed_demo --entries BENCH_PDF_SEED` (default 1,000; about 55% of
synthetic entries are accepted and published), then an official edition of the
first BENCH_PDF_ENTRIES published entries (default 500): a synthetic entry
fills about one page, so with the cover, contents and index the PDF has a little
over 500 pages. About a minute here (2 cores), seeding included.

How each figure is taken:

- The edition's PDF, whole: `pdf.make_pdf`, as the background task calls it:
  writing the edition's HTML documents from its rows in this process,
  laying them out and writing the PDF in the child process with its memory
  limit, storing the file. ms/page is that time over the pages of the PDF.
  Peak memory is the child's own peak resident set (VmHWM, which the child
  prints). `getrusage(RUSAGE_CHILDREN)` is printed too but is not the child's:
  Linux counts in it the parent's pages that a forked child holds until it
  starts the new program, here the whole test process.
- Its parts, timed once more on their own: `pdf.write_documents` to a folder,
  then `pdf.render_file` (the child process from start to exit).
- Baselines, each WeasyPrint alone in a child process started the same way,
  with the same memory limit, rendering one plain document and writing its
  PDF: a trivial one-page document (the fixed cost of a child: Python,
  WeasyPrint's import, the first page), and a lorem document of as many pages
  as the edition's PDF, in the same page size and font, each page holding as
  much text as an average page of the edition.
"""

import html
import os
import re
import resource
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from compendium import editions, pdf
from compendium.choices import EditionKind
from compendium.models import CompendiumEntry, Edition, EditionPdf
from tests.compendium.test_pdf import pdf_strings

SEED = int(os.environ.get("BENCH_PDF_SEED", "1000"))
ENTRIES = int(os.environ.get("BENCH_PDF_ENTRIES", "500"))

MS_PER_PAGE_TARGET = 40
PAGES_FOR_TARGET = 500
SECONDS_TARGET = 25
MEMORY_TARGET_MB = 500

LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod "
    "tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, "
    "quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo "
    "consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse "
    "cillum dolore eu fugiat nulla pariatur. "
)
PAGE_STYLE = """
@page { size: A4; margin: 22mm 20mm 20mm 20mm;
        @bottom-center { content: counter(page); font-size: 8.5pt; } }
html { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 9.5pt;
       line-height: 1.4; }
section { break-before: page; }
"""
TAG = re.compile(r"<[^>]+>")
STYLE = re.compile(r"<style>.*?</style>", re.DOTALL)


def megabytes(maxrss_kb):
    return maxrss_kb / 1024


def children_cpu_s():
    """CPU seconds of every child process waited for so far: unlike wall time,
    little changed by what else the machine is running."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


BASELINE_CHILD = """
import sys
from weasyprint import HTML
from compendium.pdf_render import RefusingFetcher, limit_memory, peak_memory_kb
limit_memory(int(sys.argv[3]))
source = open(sys.argv[1], encoding="utf-8").read()
document = HTML(string=source, url_fetcher=RefusingFetcher()).render()
document.write_pdf(sys.argv[2])
print(len(document.pages), peak_memory_kb())
"""


def baseline(html_path, pdf_path):
    """(seconds, pages, peak resident MB) of WeasyPrint on one plain document in
    a child process started as the renderer is, with the same memory limit."""
    command = [
        sys.executable,
        "-c",
        BASELINE_CHILD,
        str(html_path),
        str(pdf_path),
        str(pdf.memory_limit_mb()),
    ]
    started, cpu = time.perf_counter(), children_cpu_s()
    finished = subprocess.run(  # noqa: S603 - our own interpreter
        command,
        cwd=settings.BASE_DIR,
        env=pdf._child_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, cpu = time.perf_counter() - started, children_cpu_s() - cpu
    pages, peak_kb = finished.stdout.split()
    return seconds, cpu, int(pages), int(peak_kb) / 1024


def text_per_page(folder, pages):
    """Characters of visible text on an average page of the edition."""
    characters = 0
    for path in folder.glob("*.html"):
        source = STYLE.sub("", path.read_text(encoding="utf-8"))
        characters += len(" ".join(html.unescape(TAG.sub(" ", source)).split()))
    return characters // pages


def lorem_document(pages, characters):
    body = (LOREM * (characters // len(LOREM) + 1))[:characters]
    sections = "".join(
        f"<section><h1>Section {number}</h1><p>{body}</p></section>"
        for number in range(1, pages + 1)
    )
    return (
        f"<html><head><style>{PAGE_STYLE}</style></head><body>{sections}</body></html>"
    )


def pdf_pages(path):
    """Pages of a PDF file as WeasyPrint wrote it (object streams inflated)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf_strings(Path(path).read_bytes())))


@pytest.mark.django_db
def test_the_pdf_of_an_edition_meets_its_targets(capsys, tmp_path):
    started = time.perf_counter()
    call_command("seed_demo", "--entries", str(SEED), stdout=StringIO())
    seeding_s = time.perf_counter() - started
    publisher = User.objects.get(email="publisher@example.org")
    edition = Edition.objects.create(
        label="bench",
        title="Benchmark edition",
        kind=EditionKind.OFFICIAL,
        include_every_published_entry=False,
    )
    chosen = CompendiumEntry.objects.filter(live=True).order_by("pk")[:ENTRIES]
    edition.chosen_entries.set(list(chosen))
    edition = editions.release(actor=publisher, edition=edition)
    assert edition.entry_count == ENTRIES, edition.entry_count

    # The whole of it, as the background task does it.
    started, cpu = time.perf_counter(), children_cpu_s()
    rendered = pdf.make_pdf(edition)
    whole_s, whole_cpu = time.perf_counter() - started, children_cpu_s() - cpu
    pages, child_mb = rendered.pages, rendered.peak_memory_mb
    children_mb = megabytes(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    edition.refresh_from_db()
    made = EditionPdf.objects.get(edition=edition, language="en")
    assert pdf_pages(made.file.path) == pages

    # Its parts.
    folder = tmp_path / "edition"
    folder.mkdir()
    started = time.perf_counter()
    pdf.write_documents(edition, folder)
    html_s = time.perf_counter() - started
    html_mb = sum(path.stat().st_size for path in folder.iterdir()) / 2**20
    started, cpu = time.perf_counter(), children_cpu_s()
    assert pdf.render_file(folder, tmp_path / "edition.pdf").pages == pages
    layout_s, layout_cpu = time.perf_counter() - started, children_cpu_s() - cpu

    # Baselines: WeasyPrint alone on plain documents, in a child process.
    one_page = tmp_path / "one.html"
    one_page.write_text(lorem_document(1, 500), encoding="utf-8")
    trivial_s, trivial_cpu, trivial_pages, trivial_mb = baseline(
        one_page, tmp_path / "one.pdf"
    )
    assert trivial_pages == 1
    characters = text_per_page(folder, pages)
    lorem = tmp_path / "lorem.html"
    lorem.write_text(lorem_document(pages, characters), encoding="utf-8")
    lorem_s, lorem_cpu, lorem_pages, lorem_mb = baseline(lorem, tmp_path / "lorem.pdf")
    assert lorem_pages == pages

    ms_per_page = whole_s * 1000 / pages
    lorem_ms = lorem_s * 1000 / pages
    failures = []
    checks = [
        (
            f"at most {MS_PER_PAGE_TARGET} ms per page: {ms_per_page:.1f} ms",
            ms_per_page <= MS_PER_PAGE_TARGET,
        ),
        (
            f"{PAGES_FOR_TARGET} pages in under {SECONDS_TARGET} s: {pages} pages "
            f"in {whole_s:.1f} s",
            pages >= PAGES_FOR_TARGET and whole_s < SECONDS_TARGET,
        ),
        (
            f"under {MEMORY_TARGET_MB} MB: the child's peak {child_mb:.0f} MB",
            child_mb < MEMORY_TARGET_MB,
        ),
    ]
    lines = [
        "",
        f"PDF of an edition on {connection.vendor}: seed_demo --entries {SEED:,} "
        f"(seeded in {seeding_s:.1f} s), edition of {ENTRIES:,} entries, "
        f"{pages:,} pages, {Path(made.file.path).stat().st_size / 2**20:.1f} MB; "
        f"child memory limit {pdf.memory_limit_mb():,} MB",
        "",
        f"  {'':<52} {'seconds':>8} {'ms/page':>8} {'peak MB':>8} {'child CPU s':>11}",
        f"  {'edition PDF, whole (pdf.make_pdf)':<52} {whole_s:>8.2f} "
        f"{ms_per_page:>8.1f} {child_mb:>8.0f} {whole_cpu:>11.2f}",
        f"  {f'  writing the HTML here ({html_mb:.1f} MB, write_documents)':<52} "
        f"{html_s:>8.2f} {html_s * 1000 / pages:>8.1f}",
        f"  {'  laying out in the child (pdf.render_file)':<52} {layout_s:>8.2f} "
        f"{layout_s * 1000 / pages:>8.1f} {'':>8} {layout_cpu:>11.2f}",
        f"  {'baseline: trivial one-page document, child':<52} {trivial_s:>8.2f} "
        f"{'':>8} {trivial_mb:>8.0f} {trivial_cpu:>11.2f}",
        f"  {f'baseline: lorem, {pages} pages of {characters:,} characters':<52} "
        f"{lorem_s:>8.2f} {lorem_ms:>8.1f} {lorem_mb:>8.0f} {lorem_cpu:>11.2f}",
        f"  edition / lorem per page: {ms_per_page / lorem_ms:.2f}× in seconds, "
        f"{whole_cpu / lorem_cpu:.2f}× in the child's CPU time",
        f"  (getrusage(RUSAGE_CHILDREN): {children_mb:.0f} MB, the largest child so "
        "far, counting the pages of this process a child holds until it starts "
        "Python anew)",
    ]
    for text, verdict in checks:
        lines.append(f"  target: {text}: {'met' if verdict else 'MISSED'}")
        if not verdict:
            failures.append(text)
    lines.append("")
    lines.append(
        "verdict: every target met"
        if not failures
        else "verdict: MISSED: " + "; ".join(failures)
    )
    with capsys.disabled():
        print("\n".join(lines))
    assert not failures, "; ".join(failures)
