"""The PDF of a released edition: a cover, the contents by pillar and priority
with page numbers, one section per entry and an index by country.

An edition has a PDF in English and in each language one of its entries can be
read in, as written or as translated by the Office (`offer`): the interface, the
names of terms and countries, the dates and the collation of the index are the
language's, and each entry reads as on the entry page in that language
(compendium/reading.py), its original with a note where it has no translation.
Arabic is laid out right to left; the stylesheet reaches the Noto fonts that
cover Arabic and Chinese, which come with the system, never from the web. A
language none of the entries is read in is not offered: its PDF would only
translate the headings of the English one, at the cost of a whole layout.

Each is made once per edition and language, in the background
(`tasks.render_edition_pdf`), and served from storage afterwards; a web request
never makes one. This process writes the edition's HTML from its EditionEntry
rows, a chunk at a time, to a temporary folder; a child process
(`compendium.pdf_render`) with bounded memory and time lays it out with
WeasyPrint, which fetches nothing, and writes it tagged to PDF/UA-1 for
screen readers. Entry text is
sanitised again here, so no markup of an entry's own reaches the layout but a
small set of text tags.

Each entry appears once, in the chapter of its first pillar and first priority;
its section lists all its classification.
"""

import logging
import os
import re
import secrets
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import nh3
from django.conf import settings
from django.core.files import File
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from compendium.site_address import site_url

from . import localized, pdf_files
from .choices import EditionKind
from .classification import published
from .formatted_text import ALLOWED_TAGS, DROPPED_WITH_CONTENT
from .models import Country, EditionEntry, EditionPdf, Pillar, Priority
from .reading import reading_of

logger = logging.getLogger(__name__)

CHUNK = 100  # entries read at a time, and in each part of the body
# Characters of a web address that may not fit on a line of the PDF.
LONG_URL = 70
DEFAULT_MEMORY_LIMIT_MB = 1024
DEFAULT_TIMEOUT_S = 1800
# The child process sees only what it needs to find Python, fonts and a place
# for caches: no database address, no secret.
CHILD_ENVIRONMENT = (
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "TMPDIR",
    "XDG_CACHE_HOME",
    "XDG_DATA_DIRS",
    "FONTCONFIG_FILE",
    "FONTCONFIG_PATH",
    "VIRTUAL_ENV",
    "PYTHONPATH",
)


class PdfProblem(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Rendered:
    pages: int
    peak_memory_mb: float


@dataclass
class Listed:
    """An entry as the contents and the index name it: its place in the
    document and its chapter."""

    pk: int
    reference: str
    title: str
    pillar: tuple | None
    priority: tuple | None
    number: int = 0
    # The language of the title, when not the document's.
    lang: str = ""


@dataclass
class Chapter:
    pillar: tuple | None
    priorities: list = field(default_factory=list)


def sanitised(html):
    """An entry's formatted text with nothing that could fetch, style or run:
    images, stylesheets, style attributes and scripts are gone, links keep an
    http(s) or mailto address only."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_absolute_links_only,
        link_rel=None,
        strip_comments=True,
    )


# An entry's own headings (h2 to h4 in its formatted text) sit under its
# "Description" (h4) in the PDF: they become h5 and h6, so that the tagged
# PDF's headings nest as a screen reader lists them. After sanitising, a
# heading tag has no attribute.
ENTRY_HEADING = re.compile(r"<(/?)h([234])>")
UNDER_DESCRIPTION = {"2": "5", "3": "6", "4": "6"}


def under_description(html):
    """Sanitised formatted text with its headings below the entry's own."""
    return ENTRY_HEADING.sub(
        lambda match: f"<{match[1]}h{UNDER_DESCRIPTION[match[2]]}>", html
    )


def _absolute_links_only(tag, attribute, value):
    if attribute == "href" and not value.lower().startswith(
        ("http://", "https://", "mailto:")
    ):
        return None
    return value


def _first(pairs):
    return tuple(pairs[0]) if pairs else None


def _order_of(model):
    return {
        code: n for n, code in enumerate(model.objects.values_list("code", flat=True))
    }


def _rank(order):
    """A sort key for a (code, label) pair by the taxonomy's order; what the
    taxonomy no longer has comes after, then the unclassified."""

    def key(pair):
        if pair is None:
            return (2, "")
        return (0, order[pair[0]]) if pair[0] in order else (1, pair[0])

    return key


def outline(edition):
    """(entries in document order, chapters, country index): the contents and
    the index, from one pass over the edition that keeps only titles and codes."""
    listed = []
    concerning = defaultdict(list)
    contributed = defaultdict(list)
    names = {}
    rows = (
        EditionEntry.objects.filter(edition=edition)
        .order_by("reference")
        .only("pk", "reference", "title", "content")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        content = row.content
        # Names in the language the PDF is made in (the active one).
        shown = localized.released(content)
        reading = reading_of(content)
        item = Listed(
            pk=row.pk,
            reference=row.reference,
            title=reading.title,
            pillar=_first(shown.get("pillars")),
            priority=_first(shown.get("priorities")),
            lang=_other_language(reading.language),
        )
        listed.append(item)
        for code, name in shown.get("countries", []):
            names.setdefault(code, name)
            concerning[code].append(item)
        contributor_country = content.get("contributor", {}).get("country")
        if contributor_country:
            contributed[contributor_country].append(item)

    pillar_rank = _rank(_order_of(Pillar))
    priority_rank = _rank(_order_of(Priority))
    listed.sort(
        key=lambda item: (
            pillar_rank(item.pillar),
            priority_rank(item.priority),
            item.reference,
        )
    )
    chapters = []
    for number, item in enumerate(listed, start=1):
        item.number = number
        if not chapters or chapters[-1].pillar != item.pillar:
            chapters.append(Chapter(pillar=item.pillar))
        priorities = chapters[-1].priorities
        if not priorities or priorities[-1][0] != item.priority:
            priorities.append((item.priority, []))
        priorities[-1][1].append(item)

    missing = set(contributed) - set(names)
    if missing:
        countries = Country.objects.filter(iso3__in=missing)
        names.update((country.iso3, country.localized_name) for country in countries)
    index = [
        {
            "code": code,
            "name": names.get(code, code),
            "concerning": sorted(concerning[code], key=lambda item: item.number),
            "contributed": sorted(contributed[code], key=lambda item: item.number),
        }
        for code in set(concerning) | set(contributed)
    ]
    collation = localized.sort_key()
    index.sort(key=lambda country: collation(country["name"]))
    return listed, chapters, index


def _other_language(code):
    """`code` when text in it is not in the active language, else ""."""
    return "" if code == localized.active() else code


def _section(item, content, opens_pillar, opens_priority):
    reading = reading_of(content)
    lang = _other_language(reading.language)
    return {
        "number": item.number,
        "reference": item.reference,
        "title": reading.title,
        "summary": reading.summary,
        "note": reading.note,
        "lang": lang,
        "rtl": bool(lang) and translation.get_language_info(lang)["bidi"],
        # Safe to show as HTML: sanitised just now.
        "description": mark_safe(  # noqa: S308
            under_description(sanitised(reading.description_html))
        ),
        "contributor": content.get("contributor", {}),
        "period": content.get("period", ""),
        **{facet.field: content.get(facet.field, []) for facet in published()},
        "sources": content.get("sources", []),
        "long_url": any(
            len(url) > LONG_URL for _title, url in content.get("sources", [])
        ),
        "documents": content.get("documents", []),
        "pillar": item.pillar,
        "priority": item.priority,
        "opens_pillar": opens_pillar,
        "opens_priority": opens_priority,
    }


def write_documents(edition, folder, language=None):
    """Write the edition's documents (see compendium.pdf_render) in `language`
    (default: the active one) to a folder, the entries a chunk at a time;
    returns how many entries it holds."""
    with translation.override(language or localized.active()):
        return _write_documents(edition, Path(folder))


def _write_documents(edition, folder):
    listed, chapters, index = outline(edition)
    context = {"edition": edition}
    (folder / pdf_files.FRONT).write_text(
        render_to_string(
            "compendium/pdf/front.html",
            {
                **context,
                "pre_publication": edition.kind == EditionKind.PRE_PUBLICATION,
                "count": len(listed),
                "chapters": chapters,
                "edition_url": site_url(edition.get_absolute_url()),
            },
        ),
        encoding="utf-8",
    )
    head = render_to_string("compendium/pdf/_head.html", context)
    previous = None
    for part, start in enumerate(range(0, len(listed), CHUNK), start=1):
        chunk = listed[start : start + CHUNK]
        contents = dict(
            EditionEntry.objects.filter(pk__in=[item.pk for item in chunk]).values_list(
                "pk", "content"
            )
        )
        sections = []
        for item in chunk:
            opens_pillar = previous is None or previous.pillar != item.pillar
            opens_priority = opens_pillar or previous.priority != item.priority
            sections.append(
                _section(
                    item,
                    localized.released(contents[item.pk]),
                    opens_pillar,
                    opens_priority,
                )
            )
            previous = item
        entries = render_to_string(
            "compendium/pdf/_entries.html", {"sections": sections}
        )
        (folder / pdf_files.BODY.format(part)).write_text(
            f"{head}<body>{entries}</body></html>", encoding="utf-8"
        )
    (folder / pdf_files.BACK).write_text(
        render_to_string("compendium/pdf/back.html", {**context, "countries": index}),
        encoding="utf-8",
    )
    return len(listed)


def memory_limit_mb():
    return int(
        getattr(settings, "COMPENDIUM_PDF_MEMORY_LIMIT_MB", DEFAULT_MEMORY_LIMIT_MB)
    )


def _child_environment():
    return {name: os.environ[name] for name in CHILD_ENVIRONMENT if name in os.environ}


def render_file(folder, pdf_path):
    """Lay out the documents in `folder` into a PDF file in a child process with
    bounded memory and time; raises PdfProblem when it cannot."""
    limit = memory_limit_mb()
    timeout = int(getattr(settings, "COMPENDIUM_PDF_TIMEOUT", DEFAULT_TIMEOUT_S))
    command = [
        sys.executable,
        "-m",
        "compendium.pdf_render",
        str(folder),
        str(pdf_path),
        "--memory-limit-mb",
        str(limit),
    ]
    try:
        finished = subprocess.run(  # noqa: S603 - our own interpreter and module
            command,
            cwd=settings.BASE_DIR,
            env=_child_environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        raise PdfProblem(
            _("Making the PDF took longer than %(seconds)s seconds and was stopped.")
            % {"seconds": timeout}
        ) from expired
    if finished.returncode == 0:
        pages, peak_kb = finished.stdout.split()[-2:]
        return Rendered(pages=int(pages), peak_memory_mb=int(peak_kb) / 1024)
    logger.error(
        "The PDF renderer ended with status %s: %s",
        finished.returncode,
        finished.stderr[-4000:],
    )
    if finished.returncode == pdf_files.OUT_OF_MEMORY:
        raise PdfProblem(
            _("Making the PDF needed more than the %(limit)s MB of memory it may use.")
            % {"limit": limit}
        )
    if finished.returncode < 0:
        raise PdfProblem(
            _(
                "Making the PDF was stopped by signal %(signal)s (memory limit: "
                "%(limit)s MB)."
            )
            % {"signal": -finished.returncode, "limit": limit}
        )
    last_line = (finished.stderr.strip().splitlines() or [""])[-1]
    raise PdfProblem(
        _("Making the PDF failed: %(reason)s") % {"reason": last_line[:300]}
    )


def make_pdf(edition, language=None):
    """Make the edition's PDF in `language` (default English) and keep it in
    storage, replacing any earlier one. A failure is recorded on its EditionPdf
    row (the earlier PDF, if any, stays) and raised as PdfProblem."""
    language = language or settings.LANGUAGE_CODE
    made, _created = EditionPdf.objects.get_or_create(
        edition=edition, language=language
    )
    try:
        with tempfile.TemporaryDirectory(prefix="compendium-pdf-") as folder:
            pdf_path = Path(folder) / "edition.pdf"
            write_documents(edition, folder, language)
            rendered = render_file(folder, pdf_path)
            with open(pdf_path, "rb") as handle:
                _keep(made, handle)
    except PdfProblem as problem:
        EditionPdf.objects.filter(pk=made.pk).update(problem=problem.message)
        raise
    logger.info(
        "PDF of edition %s in %s: %s pages, peak memory %.0f MB",
        edition.label,
        language,
        rendered.pages,
        rendered.peak_memory_mb,
    )
    return rendered


def file_name(edition, language):
    """The name a reader's download is given: the English PDF's has no
    language in it, as before there were others."""
    suffix = "" if language == settings.LANGUAGE_CODE else f"-{language}"
    return f"r2p-compendium-{edition.label}{suffix}.pdf"


def _keep(made, handle):
    """Store the file under a name no one can guess (a pre-publication edition's
    PDF is for the participants only), then forget the earlier one."""
    earlier = EditionPdf.objects.filter(pk=made.pk).values_list("file", flat=True)[0]
    stem = file_name(made.edition, made.language).removesuffix(".pdf")
    made.file.save(f"{stem}-{secrets.token_hex(8)}.pdf", File(handle), save=False)
    made.rendered_at = timezone.now()
    made.problem = ""
    EditionPdf.objects.filter(pk=made.pk).update(
        file=made.file.name, rendered_at=made.rendered_at, problem=""
    )
    if earlier and earlier != made.file.name:
        made.file.storage.delete(earlier)


# The languages of an edition's PDF ----------------------------------------------


def _in_order(codes):
    order = localized.languages()
    return sorted(set(codes), key=lambda code: order.index(code))


def read_in(edition):
    """English and each language one of the edition's entries can be read in:
    the one it was written in, or one the Office translated it into."""
    rows = EditionEntry.objects.filter(edition=edition)
    return [settings.LANGUAGE_CODE] + [
        code
        for code in localized.other_languages()
        if rows.filter(
            Q(content__language=code) | Q(content__translations__has_key=code)
        ).exists()
    ]


def offer(edition, languages=None):
    """Offer the edition's PDF in English and `languages` (by default those its
    entries are read in, `read_in`): a row for each, whose file is made later.
    Returns the languages it is offered in."""
    wanted = {settings.LANGUAGE_CODE, *(languages or read_in(edition))}
    wanted &= set(localized.languages())
    EditionPdf.objects.bulk_create(
        [EditionPdf(edition=edition, language=code) for code in wanted],
        ignore_conflicts=True,
    )
    return languages_of(edition)


def languages_of(edition):
    """The languages the edition's PDF is offered in, English first."""
    return _in_order(
        [
            settings.LANGUAGE_CODE,
            *EditionPdf.objects.filter(edition=edition).values_list(
                "language", flat=True
            ),
        ]
    )
