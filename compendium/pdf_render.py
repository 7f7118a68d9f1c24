"""The HTML of an edition made into its PDF by WeasyPrint, in a process of its own.

`compendium.pdf` starts this module as `python -m compendium.pdf_render` with a
limit on the process's address space, so a runaway layout fails alone instead of
taking the worker's memory. It imports nothing of Django: the process that lays
out text written by others holds no database connection and no settings.

The edition comes as HTML documents in one folder: the front matter (cover and
contents), the body in parts of a hundred entries or so (one section each, from
the top of a page, so cutting between them changes nothing on the page), and
the back matter (the index by country). The front matter is numbered in
lower-case Roman numerals and the body from 1, as books are, so the body's
numbering does not wait for the length of the contents: the body is laid out
once, its pages tell where each entry starts, and those page numbers are
written into the contents and the index as text, which are then laid out, each
once. The PDF's page labels carry the same numbering, so a viewer's page box
shows the number printed on the page. CSS's target-counter() would do the same
in one document, at several times the cost of laying out the pages
themselves; and laying out the body part by part keeps the garbage collector
from scanning all that was laid out before, again and again.

The PDF is tagged to PDF/UA-1, so that screen readers and reflowing viewers
read it as its HTML: a structure tree of headings, paragraphs, lists, tables
and figures in reading order, the language of <html lang>, the <title> as the
window's title, bookmarks from the headings' CSS bookmark-level. Borders and
backgrounds, the only decoration, are written as artifacts; every image or
SVG in the templates carries its text (alt, or <title> in an SVG), as the
tagged figure's /Alt.

Nothing is ever fetched: an image, stylesheet, font or `url()` named anywhere in
the documents goes to `RefusingFetcher`, which refuses it.
"""

import argparse
import gc
import logging
import re
import resource
import sys
from pathlib import Path
from typing import NamedTuple

import pydyf
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from compendium.pdf_files import BACK, BODY, FRONT, OUT_OF_MEMORY

logger = logging.getLogger(__name__)

# Where each document's page numbering starts, in its own stylesheet.
FIRST_PAGE = "counter-reset: page FIRST_PAGE;"
# Where a page number goes in the contents (a span, which the leader precedes)
# and the index (plain text); entry text is escaped, so this markup comes only
# from the templates.
PAGE_SLOT = re.compile(r'<span( class="page")? data-anchor="([\w-]+)"></span>')
# Python's collector, every 700 new objects by default, scans the young boxes
# of the page being laid out again and again: every 10,000 takes a fifth less
# time over an edition, for the same peak memory (tests/benchmarks/bench_pdf.py).
COLLECT_EVERY = 10_000
# Tagged PDF (structure tree, /Lang, DisplayDocTitle) with the PDF/UA-1
# identification in its XMP metadata, which also carries dc:title.
PDF_VARIANT = "pdf/ua-1"


def _page_references(pdf):
    """pydyf's PDF.page_references, kept until a page is added. pydyf builds
    the tuple of every page's reference each time it is read, and WeasyPrint's
    tagging reads it once per element of the structure tree: over an edition's
    500 pages and tens of thousands of elements, most of the time of the
    whole PDF. Pages are only ever appended, so their count tells when the
    tuple is stale."""
    kids = pdf.pages["Kids"]
    count, references = pdf.__dict__.get("_page_references", (None, ()))
    if count != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        pdf.__dict__["_page_references"] = (len(kids), references)
    return references


# Only over the property this replaces: a pydyf that changes it keeps its own.
if isinstance(vars(pydyf.PDF).get("page_references"), property):
    pydyf.PDF.page_references = property(_page_references)


class RefusingFetcher(URLFetcher):
    """Refuses every URL, whatever its scheme (http, file, data…), and remembers
    which were asked for. WeasyPrint leaves the refused resource out and goes on."""

    def __init__(self):
        super().__init__(fail_on_errors=False)
        self.refused = []

    def fetch(self, url, headers=None):
        self.refused.append(url)
        logger.warning("Refused to fetch %s", url[:200])
        raise PermissionError(f"fetching is not allowed: {url[:200]}")


def _numbered(html, first_page, pages=None):
    html = html.replace(FIRST_PAGE, f"counter-reset: page {first_page};", 1)

    def number(match):
        text = (pages or {}).get(match[2], "")
        return f'<span class="page">{text}</span>' if match[1] else text

    return PAGE_SLOT.sub(number, html)


class LaidOut(NamedTuple):
    """The edition as one WeasyPrint document, not yet written, and how many
    of its pages are front matter (numbered i, ii, iii…)."""

    document: Document
    front_pages: int


def lay_out(folder, fetcher=None, settle=False, fonts=None):
    """The whole edition laid out (a `LaidOut`).

    With `settle`, for a process that ends after writing the PDF: what each
    document leaves is kept until then, so the garbage collector is told to
    stop scanning it (gc.freeze)."""
    folder = Path(folder)
    fetcher = fetcher or RefusingFetcher()
    fonts = fonts or FontConfiguration()
    front = (folder / FRONT).read_text(encoding="utf-8")
    back = (folder / BACK).read_text(encoding="utf-8")
    bodies = sorted(folder.glob(BODY.replace("{:05d}", "*")))

    def document(html):
        laid_out = HTML(string=html, base_url=None, url_fetcher=fetcher).render(
            font_config=fonts
        )
        if settle:
            gc.collect()
            gc.freeze()
        return laid_out

    body_pages = []
    pages = {}
    for path in bodies:
        first_page = len(body_pages) + 1
        part = document(_numbered(path.read_text(encoding="utf-8"), first_page))
        for number, page in enumerate(part.pages, start=first_page):
            pages.update(dict.fromkeys(page.anchors, str(number)))
        body_pages += part.pages
    pages["index"] = str(len(body_pages) + 1)
    back_document = document(_numbered(back, pages["index"], pages))
    front_document = document(_numbered(front, 1, pages))
    return LaidOut(
        front_document.copy(front_document.pages + body_pages + back_document.pages),
        len(front_document.pages),
    )


def page_labels(front_pages):
    """A finisher for write_pdf: the PDF's /PageLabels, i, ii, iii… over the
    front matter, then 1, 2, 3… from the first entry, as printed."""

    def finish(_document, pdf):
        pdf.catalog["PageLabels"] = pydyf.Dictionary(
            {
                "Nums": pydyf.Array(
                    [
                        0,
                        pydyf.Dictionary({"S": "/r"}),
                        front_pages,
                        pydyf.Dictionary({"S": "/D"}),
                    ]
                )
            }
        )

    return finish


def render(folder, target, fetcher=None, settle=False, fonts=None):
    """Lay out the edition's documents in `folder` and write the PDF to `target`
    (a path or a binary file); returns the number of pages."""
    document, front_pages = lay_out(folder, fetcher, settle, fonts)
    document.write_pdf(
        target, pdf_variant=PDF_VARIANT, finisher=page_labels(front_pages)
    )
    return len(document.pages)


def load_fonts():
    """The machine's fonts, read before the memory cap and used for the whole
    render. Under the cap fontconfig cannot map its caches, scans each font
    folder again, runs out of memory on the larger ones and writes them down as
    holding no fonts, for every process of the machine after: browsers and
    PDFs then fall back to whatever font is left."""
    return FontConfiguration()


def limit_memory(megabytes):
    """Cap this process's address space: past it, allocation fails."""
    limit = int(megabytes) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def peak_memory_kb():
    """This process's peak resident memory since it started this program (not
    the parent's pages it was forked with, which getrusage would count)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="the folder of the edition's documents")
    parser.add_argument("pdf", help="where to write the PDF")
    parser.add_argument("--memory-limit-mb", type=int, default=0)
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    # WeasyPrint says what it left out (refused images, unknown CSS) once per
    # occurrence; the parent keeps only the end of what is printed.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fonts = load_fonts()
    gc.set_threshold(COLLECT_EVERY, *gc.get_threshold()[1:])
    if arguments.memory_limit_mb:
        limit_memory(arguments.memory_limit_mb)
    try:
        pages = render(arguments.folder, arguments.pdf, settle=True, fonts=fonts)
    except MemoryError:
        # Print nothing that needs memory to format.
        sys.stderr.write("out of memory\n")
        return OUT_OF_MEMORY
    print(pages, peak_memory_kb())
    return 0


if __name__ == "__main__":
    sys.exit(main())
