"""Each released edition as data: CSV, XLSX and JSON at
/compendium/editions/<label>/download.<format>, streamed row by row; and as a
PDF, made in the background after release (compendium/pdf.py) and served from
storage.

Spreadsheet cells never start a formula: a text beginning with =, +, -, @, a tab
or a carriage return (also after spaces, and in repeated forms such as ==1+1) is
prefixed with an apostrophe, which spreadsheet programs show as plain text.
"""

import csv
import json
import tempfile

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from .models import EditionEntry
from .public import released_edition_or_404

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
# Seconds a visitor is asked to wait: a PDF being made, or one that failed and
# waits for the Office.
RETRY_PREPARING = 120
RETRY_FAILED = 3600

COLUMNS = [
    ("reference", "Reference"),
    ("title", "Title"),
    ("summary", "Summary"),
    ("description", "Description"),
    ("contributor", "Contributed by"),
    ("contributor_kind", "Kind of contributor"),
    ("contributor_country", "Contributing State (ISO3)"),
    ("pillars", "Pillars"),
    ("priorities", "Priorities"),
    ("crimes", "Atrocity crimes"),
    ("practice_areas", "Practice areas"),
    ("countries", "Countries concerned (ISO3)"),
    ("regions", "Regions"),
    ("start_year", "Start year"),
    ("end_year", "End year"),
    ("ongoing", "Ongoing"),
    ("sources", "Sources"),
    ("url", "Address in this edition"),
]


def neutralise(value):
    """Text that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
        "pillars": [code for code, _label in content["pillars"]],
        "priorities": [code for code, _label in content["priorities"]],
        "crimes": [code for code, _label in content["crimes"]],
        "practice_areas": [code for code, _label in content["practice_areas"]],
        "countries": [code for code, _label in content["countries"]],
        "regions": [code for code, _label in content["regions"]],
        "start_year": content["start_year"],
        "end_year": content["end_year"],
        "ongoing": content["ongoing"],
        "sources": [{"title": title, "url": url} for title, url in content["sources"]],
        "url": base_url
        + reverse(
            "compendium_public:edition_entry", args=[edition.label, row.reference]
        ),
    }


def _cells(item):
    cells = []
    for name, _heading in COLUMNS:
        value = item[name]
        if name == "sources":
            value = "; ".join(f"{s['title']} <{s['url']}>" for s in value)
        elif isinstance(value, list):
            value = "; ".join(value)
        elif value is None:
            value = ""
        cells.append(neutralise(value) if isinstance(value, str) else value)
    return cells


def _rows(edition):
    rows = EditionEntry.objects.filter(edition=edition).order_by("reference")
    return rows.only("reference", "title", "summary", "content").iterator(
        chunk_size=CHUNK
    )


class _Echo:
    def write(self, value):
        return value


def as_csv(edition, base_url):
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # a BOM, so spreadsheet programs read UTF-8
        yield writer.writerow([heading for _name, heading in COLUMNS])
        for row in _rows(edition):
            yield writer.writerow(_cells(record(edition, row, base_url)))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    return _attachment(response, edition, "csv")


def as_json(edition, base_url):
    def parts():
        yield json.dumps(
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
        )[:-2]
        for index, row in enumerate(_rows(edition)):
            yield ("," if index else "") + json.dumps(
                record(edition, row, base_url), ensure_ascii=False
            )
        yield "]}"

    response = StreamingHttpResponse(parts(), content_type="application/json")
    return _attachment(response, edition, "json")


def as_xlsx(edition, base_url):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=f"Edition {edition.label}"[:31])
    sheet.append([heading for _name, heading in COLUMNS])
    for row in _rows(edition):
        sheet.append(_cells(record(edition, row, base_url)))
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    book.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"r2p-compendium-{edition.label}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _attachment(response, edition, extension):
    response["Content-Disposition"] = (
        f'attachment; filename="r2p-compendium-{edition.label}.{extension}"'
    )
    return response


def as_pdf(request, edition):
    """The stored PDF, or a page saying it is not ready: never made here."""
    if edition.pdf:
        try:
            handle = edition.pdf.open("rb")
        except FileNotFoundError:
            pass
        else:
            return FileResponse(
                handle,
                as_attachment=True,
                filename=f"r2p-compendium-{edition.label}.pdf",
                content_type="application/pdf",
            )
    failed = bool(edition.pdf_problem)
    response = render(
        request,
        "compendium/pdf/not_ready.html",
        {"edition": edition, "failed": failed},
        status=503,
    )
    response["Retry-After"] = str(RETRY_FAILED if failed else RETRY_PREPARING)
    add_never_cache_headers(response)
    return response


FORMATS = {"csv": as_csv, "json": as_json, "xlsx": as_xlsx}


def download(request, label, extension):
    if extension not in FORMATS and extension != "pdf":
        raise Http404
    edition = released_edition_or_404(request, label)
    if extension == "pdf":
        return as_pdf(request, edition)
    base_url = request.build_absolute_uri("/").rstrip("/")
    return FORMATS[extension](edition, base_url)
