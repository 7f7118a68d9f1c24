"""Statistics of the current edition: pillars by region, priorities, kinds of
contributor, and how the compendium grew from release to release."""

from django.shortcuts import render

from .. import editions, localized
from ..browse import browser_for
from ..choices import EditionKind, OrganisationKind
from ..models import Edition, Pillar, Priority, Region
from ..page_cache import RELEASE_PAGES, cached_for_visitors


def bar_rows(pairs):
    """[(label, count, percent of the largest)] for a simple bar chart."""
    largest = max((count for _label, count in pairs), default=0) or 1
    return [(label, count, round(100 * count / largest)) for label, count in pairs]


@cached_for_visitors(RELEASE_PAGES)
def statistics(request):
    edition = editions.current()
    context = {"edition": edition}
    if edition is not None:
        index = browser_for(edition).index
        regions = localized.by_name(Region.objects.filter(kind="region"))
        pillars = list(Pillar.objects.all())
        context["matrix"] = [
            (
                region,
                [
                    index.rows_with("pillar", pillar.code).intersection_cardinality(
                        index.rows_with("region", region.code)
                    )
                    for pillar in pillars
                ],
            )
            for region in regions
        ]
        context["matrix_pillars"] = pillars
        context["priorities"] = bar_rows(
            [
                (str(priority), len(index.rows_with("priority", priority.code)))
                for priority in Priority.objects.all()
            ]
        )
        context["kinds"] = bar_rows(
            [
                (localized.kind_name(value), len(index.rows_with("org_kind", value)))
                for value, _label in OrganisationKind.choices
            ]
        )
        context["growth"] = bar_rows(
            [
                (f"{released.label} ({released.released_at:%Y})", released.entry_count)
                for released in Edition.objects.released()
                .exclude(kind=EditionKind.PRE_PUBLICATION)
                .order_by("released_at")
            ]
        )
        context["total"] = len(index.everything)
    return render(request, "compendium/statistics.html", context)
