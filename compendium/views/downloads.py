"""An edition's files at /compendium/editions/<label>/download.<format>: the
CSV, XLSX and JSON made once and kept (compendium/downloads.py), and the PDF
made in the background after release, in the language of the address
(/ar/compendium/editions/<label>/download.pdf is the Arabic one; a language
the edition's PDF is not offered in is not found). A stored file's name ends
in its digest, its ETag, so a visitor who has it gets 304; a file not ready yet
is announced with 503 and Retry-After, never made twice at once."""

from pathlib import PurePosixPath

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date, quote_etag

from .. import downloads, localized, pdf
from ..public import released_edition_or_404

# Seconds a visitor is asked to wait: a PDF being made, or one that failed and
# waits for the Office; a data file another request is making.
RETRY_PREPARING = 120
RETRY_FAILED = 3600
RETRY_MAKING = 30
# Released files never change: browsers keep them a month, shared caches
# (Varnish, a CDN) a year; with the ETag, asking again costs a 304.
MAX_AGE = 30 * 24 * 60 * 60
S_MAXAGE = 365 * 24 * 60 * 60

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def etag_of(stored_name):
    """The ETag of a stored file: the digest or token its name ends with."""
    return PurePosixPath(stored_name).stem.rsplit("-", 1)[-1]


def _with_caching(response, edition, etag):
    response["ETag"] = quote_etag(etag)
    response["Last-Modified"] = http_date(edition.released_at.timestamp())
    if edition.is_public:
        patch_cache_control(response, public=True, max_age=MAX_AGE, s_maxage=S_MAXAGE)
    else:
        # For the round's participants only: never in a shared cache, and
        # asked again each time, so that access is checked again.
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _serve(request, edition, stored, extension, filename=None):
    """The stored file with its ETag and Last-Modified, or 304 when the client
    has it; None when the file is no longer in storage."""
    etag = etag_of(stored.name)
    # In whole seconds, as Last-Modified and If-Modified-Since are written.
    released = int(edition.released_at.timestamp())
    not_modified = get_conditional_response(
        request, etag=quote_etag(etag), last_modified=released
    )
    if not_modified is not None:
        return _with_caching(not_modified, edition, etag)
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        return None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename or f"r2p-compendium-{edition.label}.{extension}",
        content_type=CONTENT_TYPES[extension],
    )
    return _with_caching(response, edition, etag)


def _not_ready(request, edition, extension, failed=False):
    if extension == "pdf":
        template, retry = (
            "compendium/pdf/not_ready.html",
            RETRY_FAILED if failed else RETRY_PREPARING,
        )
    else:
        template, retry = "compendium/download_not_ready.html", RETRY_MAKING
    response = render(
        request,
        template,
        {"edition": edition, "failed": failed, "format": extension.upper()},
        status=503,
    )
    response["Retry-After"] = str(retry)
    add_never_cache_headers(response)
    return response


def as_pdf(request, edition):
    """The stored PDF in the address's language, or a page saying it is not
    ready: never made here. Every released edition has its English PDF."""
    language = localized.active()
    made = edition.pdfs.filter(language=language).first()
    if made is None and language != settings.LANGUAGE_CODE:
        raise Http404
    if made is not None and made.file:
        response = _serve(
            request,
            edition,
            made.file,
            "pdf",
            filename=pdf.file_name(edition, language),
        )
        if response is not None:
            return response
    return _not_ready(
        request, edition, "pdf", failed=bool(made is not None and made.problem)
    )


def as_data(request, edition, extension):
    stored = downloads.stored_file(edition, extension)
    if stored is not None:
        response = _serve(request, edition, stored, extension)
        if response is not None:
            return response
        # Gone from storage: made again, once.
        stored = downloads.stored_file(edition, extension, missing=stored.name)
        if stored is not None:
            response = _serve(request, edition, stored, extension)
            if response is not None:
                return response
    return _not_ready(request, edition, extension)


def download(request, label, extension):
    if extension not in downloads.FIELDS and extension != "pdf":
        raise Http404
    edition = released_edition_or_404(request, label)
    if extension == "pdf":
        return as_pdf(request, edition)
    return as_data(request, edition, extension)
