"""Countries: the index of every Member State and observer State with its
counts, and a country's profile. Both read the current edition's bitmaps
(search.facet_index), so a page asks the database for the same few things
whatever the number of entries, and both change with each release."""

from collections import Counter
from itertools import islice
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from pyroaring import BitMap

from .. import analysis, editions, localized
from ..browse import browser_for
from ..choices import EditionKind
from ..models import AtrocityCrime, Country, Edition, EditionEntry, Pillar, Priority
from ..page_cache import RELEASE_PAGES, cached_for_visitors
from ..world_map import render_world_map
from .statistics import bar_rows

MAX_FILTER_LENGTH = 100


def _folded(text):
    return " ".join(analysis.words_in(text or ""))


@cached_for_visitors(RELEASE_PAGES)
def country_index(request):
    """Every State grouped by its M49 region, with the number of entries about
    it and contributed by it; filtered by region, by name and to those with
    entries."""
    edition = editions.current()
    about_counts, by_counts = {}, {}
    if edition is not None:
        index = browser_for(edition).index
        about_counts = {
            code: len(rows) for code, rows in index.values.get("country", {}).items()
        }
        by_counts = {
            code: len(rows) for code, rows in index.values.get("by", {}).items()
        }
    countries = list(Country.objects.select_related("region"))
    regions = localized.by_name({country.region for country in countries})
    region_codes = {region.code for region in regions}

    text = (request.GET.get("q") or "")[:MAX_FILTER_LENGTH].strip()
    wanted = _folded(text)
    region = request.GET.get("region") or ""
    if region not in region_codes:
        region = ""
    with_entries = request.GET.get("with_entries") == "1"

    key = localized.sort_key()
    groups = {}
    for place in sorted(countries, key=lambda place: key(place.localized_name)):
        place.about_count = about_counts.get(place.iso3, 0)
        place.by_count = by_counts.get(place.iso3, 0)
        if region and place.region.code != region:
            continue
        if with_entries and not (place.about_count or place.by_count):
            continue
        if wanted and not (
            wanted in _folded(place.localized_name)
            or wanted in _folded(place.name)
            or wanted == place.iso3.lower()
        ):
            continue
        groups.setdefault(place.region.code, []).append(place)
    shown = [(each, groups[each.code]) for each in regions if each.code in groups]
    return render(
        request,
        "compendium/countries.html",
        {
            "edition": edition,
            "groups": shown,
            "regions": regions,
            "shown_count": sum(len(places) for _region, places in shown),
            "total_count": len(countries),
            "filters": {"q": text, "region": region, "with_entries": with_entries},
            "is_filtered": bool(text or region or with_entries),
            # The countries the filters keep, as the tables below it.
            "world_map": render_world_map(
                about_counts,
                countries=[place for _region, places in shown for place in places],
                table_url="#country-table",
            )
            if edition is not None
            else "",
        },
    )


def _counts_by(index, rows, facet, terms):
    return bar_rows(
        [
            (
                str(term),
                rows.intersection_cardinality(index.rows_with(facet, term.code)),
            )
            for term in terms
        ]
    )


@cached_for_visitors(RELEASE_PAGES)
def country(request, iso3):
    place = get_object_or_404(Country, iso3=iso3.upper())
    edition = editions.current()
    about = by = BitMap()
    rows_about = rows_by = []
    pillars = priorities = crimes = years = per_edition = []
    if edition is not None:
        index = browser_for(edition).index
        about = index.rows_with("country", place.iso3)
        by = index.rows_with("by", place.iso3)
        either = about | by
        pillars = _counts_by(index, either, "pillar", Pillar.objects.all())
        priorities = _counts_by(index, either, "priority", Priority.objects.all())
        crimes = _counts_by(index, either, "crime", AtrocityCrime.objects.all())
        started = Counter(start for pk, start, _end in index.years if pk in either)
        # Every year from the first to the last, so that a gap reads as one.
        first, last = min(started, default=0), max(started, default=-1)
        years = bar_rows(
            [(str(year), started[year]) for year in range(first, last + 1)]
        )
        per_edition = _per_edition(place)
        rows_about = list(
            EditionEntry.objects.filter(pk__in=list(islice(about, 50))).only(
                "reference",
                "title",
                "start_year",
                "contributor_name",
                "language",
                "in_languages",
            )
        )
        rows_by = list(
            EditionEntry.objects.filter(pk__in=list(islice(by, 50))).only(
                "reference", "title", "start_year", "language", "in_languages"
            )
        )
    return render(
        request,
        "compendium/country.html",
        {
            "country": place,
            "edition": edition,
            "about_count": len(about),
            "by_count": len(by),
            "rows_about": rows_about,
            "rows_by": rows_by,
            "pillars": pillars,
            "priorities": priorities,
            "crimes": crimes,
            "years": years,
            "per_edition": per_edition,
            "browse_about": reverse("compendium_public:browse")
            + "?"
            + urlencode({"country": place.iso3}),
        },
    )


def _per_edition(place):
    """[(edition, entries about the State, entries it contributed)] for every
    public edition, oldest first, read from each edition's bitmaps."""
    found = []
    for released in (
        Edition.objects.released()
        .exclude(kind=EditionKind.PRE_PUBLICATION)
        .order_by("released_at", "pk")
    ):
        index = browser_for(released).index
        found.append(
            (
                released,
                len(index.rows_with("country", place.iso3)),
                len(index.rows_with("by", place.iso3)),
            )
        )
    return found
