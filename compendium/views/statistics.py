"""Statistics of any public edition (the current one unless another is
chosen): pillars by region, priorities, atrocity crimes, kinds of contributor,
how the compendium grew from release to release and what grew since the
edition before. Every chart comes with its table and a CSV of its figures."""

import csv
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import editions, localized
from ..browse import browser_for
from ..choices import EditionKind, EditionStatus, OrganisationKind
from ..models import AtrocityCrime, Country, Edition, Pillar, Priority, Region
from ..page_cache import RELEASE_PAGES, cached_for_visitors
from ..world_map import render_world_map


def bar_rows(pairs):
    """[(label, count, percent of the largest)] for a simple bar chart."""
    largest = max((count for _label, count in pairs), default=0) or 1
    return [(label, count, round(100 * count / largest)) for label, count in pairs]


@dataclass
class Chart:
    """One chart's figures: a row per label, a value per column."""

    slug: str
    caption: str
    heading: str  # what the labels are
    columns: list  # what the values are
    rows: list = field(default_factory=list)  # [(label, [values])]
    csv_url: str = ""

    @property
    def bars(self):
        return bar_rows([(label, values[0]) for label, values in self.rows])


def public_editions():
    """The released official versions and updates, oldest first."""
    return list(
        Edition.objects.released()
        .exclude(kind=EditionKind.PRE_PUBLICATION)
        .order_by("released_at", "pk")
    )


def _chosen(request, released):
    """The edition asked for by label (`?edition=`), else the current one."""
    label = request.GET.get("edition")
    by_label = {edition.label: edition for edition in released}
    if label in by_label:
        return by_label[label]
    current = editions.current()
    return by_label.get(current.label) if current is not None else None


def country_counts(index, facet):
    """{iso3: entries} of the edition's bitmaps for `facet`: "country" (the
    countries an entry is about) or "by" (the contributing State)."""
    return {code: len(rows) for code, rows in index.values.get(facet, {}).items()}


def _country_rows(index, countries):
    about, by = country_counts(index, "country"), country_counts(index, "by")
    key = localized.sort_key()
    rows = [
        (country.localized_name, [about.get(country.iso3, 0), by.get(country.iso3, 0)])
        for country in countries
        if about.get(country.iso3) or by.get(country.iso3)
    ]
    rows.sort(key=lambda row: (-row[1][0], -row[1][1], key(row[0])))
    return rows


def _term_counts(index, facet, terms):
    return [(str(term), len(index.rows_with(facet, term.code))) for term in terms]


def charts(edition, released, countries=None):
    """{slug: Chart} of `edition`; `released` lists every public edition;
    `countries` (Country rows) spares a query when the caller has them."""
    index = browser_for(edition).index
    if countries is None:
        countries = Country.objects.only("iso3", "name", "names")
    regions = localized.by_name(Region.objects.filter(kind="region"))
    pillars = list(Pillar.objects.all())
    priorities = list(Priority.objects.all())
    crimes = list(AtrocityCrime.objects.all())
    entries = _("Entries")
    found = [
        Chart(
            "pillars-by-region",
            _("Entries by pillar and region"),
            _("Region"),
            [_("Pillar %(code)s") % {"code": pillar.code} for pillar in pillars],
            [
                (
                    region.localized_name,
                    [
                        index.rows_with("pillar", pillar.code).intersection_cardinality(
                            index.rows_with("region", region.code)
                        )
                        for pillar in pillars
                    ],
                )
                for region in regions
            ],
        ),
        Chart(
            "priorities",
            _("Priorities covered"),
            _("Priority"),
            [entries],
            [
                (label, [count])
                for label, count in _term_counts(index, "priority", priorities)
            ],
        ),
        Chart(
            "crimes",
            _("Entries by atrocity crime"),
            _("Atrocity crime"),
            [entries],
            [(label, [count]) for label, count in _term_counts(index, "crime", crimes)],
        ),
        Chart(
            "kinds",
            _("Contributions by kind of organisation"),
            _("Kind of organisation"),
            [entries],
            [
                (localized.kind_name(value), [len(index.rows_with("org_kind", value))])
                for value, _label in OrganisationKind.choices
            ],
        ),
        Chart(
            "countries",
            _("Entries by country"),
            _("Country"),
            [_("Entries about it"), _("Entries contributed by it")],
            _country_rows(index, countries),
        ),
        Chart(
            "growth",
            _("Entries per edition"),
            _("Edition"),
            [entries],
            [
                (f"{each.label} ({each.released_at:%Y})", [each.entry_count])
                for each in released[: released.index(edition) + 1]
            ],
        ),
    ]
    previous = _previous(edition, released)
    if previous is not None:
        before = browser_for(previous).index
        rows = [(_("All entries"), len(before.everything), len(index.everything))]
        for facet, terms in (
            ("pillar", pillars),
            ("priority", priorities),
            ("crime", crimes),
            ("region", regions),
        ):
            rows += [
                (
                    str(term),
                    len(before.rows_with(facet, term.code)),
                    len(index.rows_with(facet, term.code)),
                )
                for term in terms
            ]
        found.append(
            Chart(
                "grown",
                _("What grew since edition %(label)s") % {"label": previous.label},
                _("Entries"),
                [
                    _("Edition %(label)s") % {"label": previous.label},
                    _("Edition %(label)s") % {"label": edition.label},
                    _("Change"),
                ],
                [
                    (label, [then, now, now - then])
                    for label, then, now in rows
                    if then or now
                ],
            )
        )
    return {chart.slug: chart for chart in found}


def _previous(edition, released):
    position = released.index(edition)
    return released[position - 1] if position else None


@cached_for_visitors(RELEASE_PAGES)
def statistics(request):
    released = public_editions()
    edition = _chosen(request, released)
    context = {"edition": edition, "released": released}
    if edition is not None:
        countries = list(Country.objects.only("iso3", "name", "names"))
        found = charts(edition, released, countries)
        query = "" if edition == editions.current() else f"?edition={edition.label}"
        for chart in found.values():
            chart.csv_url = (
                reverse("compendium_public:statistics_csv", args=[chart.slug]) + query
            )
        context["matrix"] = found.pop("pillars-by-region")
        context["grown"] = found.pop("grown", None)
        context["countries"] = found.pop("countries")
        context["world_map"] = render_world_map(
            country_counts(browser_for(edition).index, "country"),
            countries=countries,
            table_url="#countries-figures",
        )
        context["bar_charts"] = list(found.values())
        context["total"] = len(browser_for(edition).index.everything)
        context["previous"] = _previous(edition, released)
        context["is_current"] = edition.status == EditionStatus.RELEASED
    return render(request, "compendium/statistics.html", context)


@cached_for_visitors(RELEASE_PAGES)
def statistics_csv(request, chart):
    """One chart's figures as CSV, in the reader's language."""
    released = public_editions()
    edition = _chosen(request, released)
    if edition is None:
        raise Http404
    found = charts(edition, released).get(chart)
    if found is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="compendium-{edition.label}-{found.slug}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([found.heading, *found.columns])
    for label, values in found.rows:
        writer.writerow([label, *values])
    return response
