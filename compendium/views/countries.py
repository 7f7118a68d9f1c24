"""A country's profile: the current edition's entries about it and by it, and
their pillars. It changes with each release, as the statistics do."""

from itertools import islice
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from pyroaring import BitMap

from .. import editions
from ..browse import browser_for
from ..models import Country, EditionEntry, Pillar
from ..page_cache import RELEASE_PAGES, cached_for_visitors
from .statistics import bar_rows


@cached_for_visitors(RELEASE_PAGES)
def country(request, iso3):
    place = get_object_or_404(Country, iso3=iso3.upper())
    edition = editions.current()
    about = by = BitMap()
    rows_about = rows_by = []
    pillars = []
    if edition is not None:
        index = browser_for(edition).index
        about = index.rows_with("country", place.iso3)
        by = index.rows_with("by", place.iso3)
        either = about | by
        pillars = bar_rows(
            [
                (
                    str(pillar),
                    either.intersection_cardinality(
                        index.rows_with("pillar", pillar.code)
                    ),
                )
                for pillar in Pillar.objects.all()
            ]
        )
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
            "browse_about": reverse("compendium_public:browse")
            + "?"
            + urlencode({"country": place.iso3}),
        },
    )
