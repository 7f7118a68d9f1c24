"""An entry as released in an edition, with what changed since the previous
edition, related entries and how to cite it. The current edition's address
follows the releases; the edition's own address is the stable one to cite."""

from itertools import islice

from django.http import Http404
from django.shortcuts import render
from pyroaring import BitMap
from wagtail import hooks

from .. import citations, diff, editions, localized, structured_data
from ..browse import browser_for
from ..choices import EditionKind
from ..models import EditionEntry
from ..page_cache import EDITION_PAGES, cached_for_visitors
from ..public import readable_edition
from ..reading import reading_of

RELATED = 5


def _related(edition, row):
    """Up to five entries of the same edition about the same countries and
    priorities (or, failing that, the same priorities)."""
    index = browser_for(edition).index
    content = row.content
    by_priority = BitMap()
    for code, _label in content["priorities"]:
        by_priority |= index.rows_with("priority", code)
    by_country = BitMap()
    for code, _label in content["countries"]:
        by_country |= index.rows_with("country", code)
    candidates = (by_priority & by_country) if by_country else by_priority
    candidates.discard(row.pk)
    if len(candidates) < RELATED and by_country:
        candidates |= by_priority
        candidates.discard(row.pk)
    chosen = list(islice(candidates, RELATED))
    return list(
        EditionEntry.objects.filter(pk__in=chosen)
        .only("reference", "title", "edition_id", "language", "in_languages")
        .order_by("reference")
    )


@cached_for_visitors(EDITION_PAGES)
def entry(request, reference, label=None):
    edition = readable_edition(request, label)
    if edition is None:
        raise Http404
    previous = editions.previous_of(edition)
    # The entry as in this edition and, if it was there, in the previous one:
    # one query for both.
    rows = {
        row.edition_id: row
        for row in EditionEntry.objects.filter(
            edition__in=[edition.pk, previous.pk] if previous else [edition.pk],
            reference=reference,
        )
    }
    row = rows.get(edition.pk)
    if row is None:
        raise Http404
    earlier = rows.get(previous.pk) if previous else None
    changes = None
    if earlier is not None and earlier.revision_id != row.revision_id:
        changes = diff.compare(
            localized.released(earlier.content),
            localized.released(row.content),
            editions.FIELDS,
        )
    stable_url = citations.entry_url(request, edition, reference)
    cited = citations.for_entry(edition, row, stable_url)
    reading = reading_of(row.content, request.path)
    # A pre-publication edition is read during a feedback round: the review app
    # notes the reading and offers the way to send feedback on this entry.
    actions = []
    if edition.kind == EditionKind.PRE_PUBLICATION:
        actions = [
            action
            for hook in hooks.get_hooks("compendium_pre_publication_entry")
            if (action := hook(request, edition, row))
        ]
    return render(
        request,
        "compendium/entry.html",
        {
            "actions": actions,
            "edition": edition,
            "is_current": label is None,
            "row": row,
            "entry": _with_contributor(localized.released(row.content), row),
            "reading": reading,
            "previous": previous,
            "earlier": earlier,
            "changes": changes,
            "related": _related(edition, row),
            "stable_url": stable_url,
            "citation": citations.as_text(cited),
            "bibtex": citations.as_bibtex(cited),
            "json_ld": structured_data.json_ld(
                structured_data.entry(request, edition, row, reading, stable_url)
            ),
        },
    )


def _with_contributor(content, row):
    """The released content with the contributor named as the edition pinned
    the name in the reader's language (else as registered)."""
    name = row.shown_contributor
    contributor = content.get("contributor")
    if not contributor or contributor.get("name") == name:
        return content
    return {**content, "contributor": {**contributor, "name": name}}
