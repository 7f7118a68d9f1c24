"""The list of editions and what changed in each: every public release, and
for the Office and a round's participants the editions they may read besides."""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from .. import citations, editions, localized
from ..choices import EditionStatus
from ..languages import name_in_itself
from ..models import Edition
from ..page_cache import EDITION_PAGES, RELEASE_PAGES, cached_for_visitors
from ..public import may_read, readable_edition


@dataclass
class PdfLink:
    code: str
    name: str
    url: str


def _pdf_link(edition, code):
    with translation.override(code):
        url = reverse("compendium_public:download", args=[edition.label, "pdf"])
    return PdfLink(code=code, name=name_in_itself(code), url=url)


def pdf_links(edition, language):
    """(the PDF to offer a reader of `language`: theirs where the edition has
    it, else the English one; the other languages' PDFs)."""
    order = localized.languages()
    offered = sorted(
        {settings.LANGUAGE_CODE, *(made.language for made in edition.pdfs.all())},
        key=order.index,
    )
    own = language if language in offered else settings.LANGUAGE_CODE
    return _pdf_link(edition, own), [
        _pdf_link(edition, code) for code in offered if code != own
    ]


@cached_for_visitors(RELEASE_PAGES)
def edition_list(request):
    listed = [
        edition
        for edition in Edition.objects.exclude(
            status=EditionStatus.IN_PREPARATION
        ).prefetch_related("pdfs")
        if may_read(request.user, edition)
    ]
    language = localized.active()
    for number, edition in enumerate(listed, start=1):
        edition.cite_prefix = f"cite-{number}"
        edition.pdf, edition.other_pdfs = pdf_links(edition, language)
        edition.citation = citations.as_text(
            citations.for_edition(edition, citations.edition_url(request, edition))
        )
    return render(
        request,
        "compendium/editions.html",
        {
            "editions": listed,
            "current": editions.current(),
            "licence": citations.licence(),
        },
    )


@cached_for_visitors(EDITION_PAGES)
def edition_changes(request, label):
    """What changed in an edition since its baseline (a public edition, see
    `editions.previous_of`), or since any earlier edition the reader may read,
    chosen with `?since=`: the Office and a round's participants can see what
    the official version changed since the pre-publication edition they read."""
    edition = readable_edition(request, label)
    earlier = [
        other
        for other in editions.earlier_editions(edition)
        if may_read(request.user, other)
    ]
    baseline = editions.previous_of(edition)
    since = baseline
    if "since" in request.GET:
        since = next(
            (other for other in earlier if other.label == request.GET["since"]), None
        )
        if since is None:
            raise Http404
    previous, added, revised, withdrawn = editions.changes(edition, since=since)
    return render(
        request,
        "compendium/changes.html",
        {
            "edition": edition,
            "previous": previous,
            "baseline": baseline,
            "comparisons": [other for other in earlier if other != since],
            "added": added,
            "revised": revised,
            "withdrawn": withdrawn,
        },
    )
