"""Each released edition as data: CSV, XLSX and JSON at
/compendium/editions/<label>/download.<format>; and as a PDF, made in the
background after release (compendium/pdf.py).

A released edition never changes, so each of its files is made once and kept
in storage (`Edition.csv_file`, `xlsx_file`, `json_file`, `pdf`): the data
files right after the release, in the background (`tasks.make_edition_downloads`),
or by the first request that finds one missing. That request makes it under a
lock held in the cache (shared by every process through Redis), so any number
of requests arriving together make it once: the others wait for it, and after
WAIT seconds are asked to come back (503 with Retry-After). The stored name
ends in the first characters of the file's SHA-256, which is its ETag; its
Last-Modified is the release. A public edition's files may be kept by browsers
and shared caches for long; a pre-publication edition's only by the browser of
a participant, which asks again each time (its access is checked again).

Spreadsheet cells (CSV and XLSX) never start a formula, nor hold a control
character, which an XLSX file cannot (`compendium.text.spreadsheet_cell`).
JSON gives the text exactly as released.

The views that serve them are in compendium/views/downloads.py.
"""

import csv
import hashlib
import io
import json
import logging
import secrets
import tempfile
import time

from django.core.cache import cache
from django.core.files import File
from django.urls import reverse
from django.utils.translation import override

from compendium.site_address import site_url

from .classification import Computed, published
from .languages import in_english
from .models import Edition, EditionEntry
from .text import (  # noqa: F401 - others import neutralise from here
    FORMULA_STARTS,
    neutralise,
    spreadsheet_cell,
)

logger = logging.getLogger(__name__)

CHUNK = 2000
# How long a request waits for another one making the same file, and how often
# it looks; how long a lock is kept if its holder dies.
WAIT = 30
POLL = 0.1
LOCK_TIMEOUT = 30 * 60
# Characters of the SHA-256 in a stored name, and so in the ETag.
DIGEST_LENGTH = 16
FIELDS = {"csv": "csv_file", "xlsx": "xlsx_file", "json": "json_file"}


def _columns():
    # The files' headings are in English whatever the visitor's language: a
    # file is made once and serves everyone.
    with override(None):
        classification = [(facet.field, str(facet.heading)) for facet in published()]
    return [
        ("reference", "Reference"),
        ("title", "Title"),
        ("summary", "Summary"),
        ("description", "Description"),
        ("contributor", "Contributed by"),
        ("contributor_kind", "Kind of contributor"),
        ("contributor_country", "Contributing State (ISO3)"),
        *classification,
        ("start_year", "Start year"),
        ("end_year", "End year"),
        ("ongoing", "Ongoing"),
        ("sources", "Sources"),
        ("url", "Address in this edition"),
    ]


# (key, heading) of each column, in order: the classification's from the registry.
COLUMNS = Computed(_columns)


def record(edition, row, base_url):
    """One entry as plain data, the same for every format."""
    content = row.content
    return {
        "reference": row.reference,
        "title": row.title,
        "summary": row.summary,
        "description": content.get("description_text", ""),
        "contributor": content["contributor"]["name"],
        "contributor_kind": content["contributor"]["kind"],
        "contributor_country": content["contributor"]["country"] or "",
        **{
            facet.field: [code for code, _label in content.get(facet.field, [])]
            for facet in published()
        },
        "start_year": content["start_year"],
        "end_year": content["end_year"],
        "ongoing": content["ongoing"],
        "sources": [{"title": title, "url": url} for title, url in content["sources"]],
        "url": base_url
        + reverse(
            "compendium_public:edition_entry", args=[edition.label, row.reference]
        ),
    }


def _cells(item, names):
    cells = []
    for name in names:
        value = item[name]
        if name == "sources":
            value = "; ".join(f"{s['title']} <{s['url']}>" for s in value)
        elif isinstance(value, list):
            value = "; ".join(value)
        elif value is None:
            value = ""
        cells.append(spreadsheet_cell(value))
    return cells


def _rows(edition):
    rows = EditionEntry.objects.filter(edition=edition).order_by("reference")
    return rows.only("reference", "title", "summary", "content").iterator(
        chunk_size=CHUNK
    )


# Writing the files ----------------------------------------------------------------


def _text_writer(handle):
    return io.TextIOWrapper(handle, encoding="utf-8", newline="")


# A download is one file for every reader: made in English, its links to the
# entries' pages at their English addresses, whatever the request's language.
@in_english
def write_csv(edition, base_url, handle):
    text = _text_writer(handle)
    text.write("\ufeff")  # a BOM, so spreadsheet programs read UTF-8
    writer = csv.writer(text)
    columns = list(COLUMNS)
    names = [name for name, _heading in columns]
    writer.writerow([heading for _name, heading in columns])
    for row in _rows(edition):
        writer.writerow(_cells(record(edition, row, base_url), names))
    text.flush()
    text.detach()


@in_english
def write_json(edition, base_url, handle):
    text = _text_writer(handle)
    head = json.dumps(
        {
            "edition": {
                "label": edition.label,
                "title": edition.title,
                "kind": edition.kind,
                "released_at": edition.released_at.isoformat()
                if edition.released_at
                else None,
            },
            "entries": [],
        },
        ensure_ascii=False,
    )
    text.write(head[:-2])  # everything but the closing "]}"
    for index, row in enumerate(_rows(edition)):
        text.write(
            ("," if index else "")
            + json.dumps(record(edition, row, base_url), ensure_ascii=False)
        )
    text.write("]}")
    text.flush()
    text.detach()


@in_english
def write_xlsx(edition, base_url, handle):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=f"Edition {edition.label}"[:31])
    columns = list(COLUMNS)
    names = [name for name, _heading in columns]
    sheet.append([heading for _name, heading in columns])
    for row in _rows(edition):
        sheet.append(_cells(record(edition, row, base_url), names))
    book.save(handle)


WRITERS = {"csv": write_csv, "json": write_json, "xlsx": write_xlsx}


def _digest(handle):
    handle.seek(0)
    digest = hashlib.sha256()
    while chunk := handle.read(1024 * 1024):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()[:DIGEST_LENGTH]


def make_file(edition, extension):
    """Make the edition's file in this format and keep it in storage, in place
    of any earlier one; gives the stored file. Addresses in it start with the
    site's own address (compendium.site_address), as in the PDF and e-mails: it
    is made once for every visitor."""
    name = FIELDS[extension]
    base_url = site_url()
    earlier = Edition.objects.filter(pk=edition.pk).values_list(name, flat=True)[0]
    started = time.monotonic()
    with tempfile.TemporaryFile(suffix=f".{extension}") as handle:
        WRITERS[extension](edition, base_url, handle)
        stored = getattr(edition, name)
        stored.save(
            f"r2p-compendium-{edition.label}-{_digest(handle)}.{extension}",
            File(handle),
            save=False,
        )
    Edition.objects.filter(pk=edition.pk).update(**{name: stored.name})
    if earlier and earlier != stored.name:
        stored.storage.delete(earlier)
    logger.info(
        "%s of edition %s made in %.1f s",
        extension.upper(),
        edition.label,
        time.monotonic() - started,
    )
    return stored


def make_missing_files(edition):
    """Make each data file of a released edition not yet stored (waiting for
    any being made elsewhere); gives the formats now stored."""
    return [
        extension
        for extension in FIELDS
        if stored_file(edition, extension, wait=LOCK_TIMEOUT) is not None
    ]


def _lock_key(edition, extension):
    return f"compendium:download:{edition.pk}:{extension}"


def stored_file(edition, extension, *, wait=WAIT, missing=""):
    """The edition's stored file in this format, made now under the lock if
    there is none yet (or only `missing`, a name whose file went missing); None
    when another process is still making it after `wait` seconds."""
    name = FIELDS[extension]

    def current(refresh=True):
        if refresh:
            edition.refresh_from_db(fields=[name])
        stored = getattr(edition, name)
        return stored if stored and stored.name != missing else None

    if (stored := current(refresh=False)) is not None:
        return stored
    key = _lock_key(edition, extension)
    token = secrets.token_hex(8)
    deadline = time.monotonic() + wait
    while True:
        if cache.add(key, token, LOCK_TIMEOUT):
            try:
                # Made by another while this one waited for the lock?
                return current() or make_file(edition, extension)
            finally:
                if cache.get(key) == token:
                    cache.delete(key)
        time.sleep(POLL)
        if (stored := current()) is not None:
            return stored
        if time.monotonic() >= deadline:
            return None
