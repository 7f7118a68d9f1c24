"""Citation files for reference managers, at addresses pinned to an edition:
/compendium/editions/<label>/cite.<bib|ris|json> for the whole edition and
/compendium/editions/<label>/entries/<reference>/cite.<bib|ris|json> for one
of its entries. A released edition never changes, so these are kept and sent
with public caching like the edition's pages (compendium/http_caching.py);
an edition only a feedback round may read is theirs alone, as its pages are."""

from django.http import Http404, HttpResponse

from .. import citations
from ..models import EditionEntry
from ..page_cache import EDITION_PAGES, cached_for_visitors
from ..public import readable_edition


def _file(citation, extension, filename):
    if extension not in citations.FORMATS:
        raise Http404
    response = HttpResponse(
        citations.WRITERS[extension](citation),
        content_type=citations.FORMATS[extension],
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


@cached_for_visitors(EDITION_PAGES)
def edition_cite(request, label, extension):
    edition = readable_edition(request, label)
    citation = citations.for_edition(edition, citations.edition_url(request, edition))
    return _file(citation, extension, f"r2p-compendium-{edition.label}")


@cached_for_visitors(EDITION_PAGES)
def entry_cite(request, label, reference, extension):
    edition = readable_edition(request, label)
    row = EditionEntry.objects.filter(edition=edition, reference=reference).first()
    if row is None:
        raise Http404
    citation = citations.for_entry(
        edition, row, citations.entry_url(request, edition, row.reference)
    )
    # A reference is letters, digits and hyphens (CP-0042), safe in a name.
    return _file(citation, extension, f"r2p-compendium-{edition.label}-{row.reference}")
