"""The world map of entries per country: a choropleth drawn on the server as
SVG from the shapes in compendium/data/world_map.json (made once by
`manage.py build_world_map`), so that it needs no tiles, no remote call and no
script. Any page, or the edition's PDF, draws it from a {iso3: count}."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import localized

DATA = Path(__file__).resolve().parent / "data" / "world_map.json"

# ColorBrewer's YlGnBu, light to dark: told apart by people with any of the
# common colour-vision deficiencies, and in greyscale. site.css names the same
# colours for the classes world-map__fill--1 … --4.
PALETTE = ("#c7e9b4", "#41b6c4", "#2c7fb8", "#253494")
NO_ENTRIES = "#d9dee4"
OTHER_LAND = "#eceff2"
TOP_COUNTRIES = 5


@cache
def shapes():
    """The committed shapes, read once per process."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def classes(largest):
    """[(lowest, highest)] count of each colour class for counts up to
    `largest`: one class per count while there are few, else ranges growing
    geometrically, since a few countries hold many entries and most a few."""
    if largest <= 0:
        return []
    if largest <= len(PALETTE):
        return [(count, count) for count in range(1, largest + 1)]
    steps = len(PALETTE)
    bounds = sorted({max(1, round(largest ** (k / steps))) for k in range(1, steps)})
    ranges, low = [], 1
    for high in [*bounds, largest]:
        if high >= low:
            ranges.append((low, high))
            low = high + 1
    return ranges


def _fills(ranges):
    """The palette position (1-based) of each class, spread over the palette
    when there are fewer classes than colours."""
    if len(ranges) <= 1:
        return [len(PALETTE)] * len(ranges)
    last = len(PALETTE) - 1
    return [1 + round(i * last / (len(ranges) - 1)) for i in range(len(ranges))]


def entries_label(name, count):
    """A country's accessible name on the map: its name and its count."""
    if not count:
        return _("%(country)s: no entries") % {"country": name}
    return ngettext(
        "%(country)s: %(count)s entry", "%(country)s: %(count)s entries", count
    ) % {"country": name, "count": count}


@dataclass
class Shape:
    iso3: str
    label: str
    path: str
    count: int
    fill: int  # 0: no entries, else the palette position
    url: str = ""

    @property
    def colour(self):
        return PALETTE[self.fill - 1] if self.fill else NO_ENTRIES


@dataclass
class Legend:
    low: int
    high: int
    fill: int

    @property
    def colour(self):
        return PALETTE[self.fill - 1]


def _countries(countries):
    from .models import Country

    if countries is None:
        countries = Country.objects.only("iso3", "name", "names")
    return {country.iso3: country for country in countries}


def map_context(
    counts_by_iso3, *, link=True, countries=None, dom_id="world-map", table_url=""
):
    """What templates/compendium/_world_map.html draws. `countries` (Country
    rows) are the States to name and colour, by default every one; the others
    are drawn as land only. `table_url` is where the page shows the same
    figures as a table."""
    data = shapes()
    by_iso3 = _countries(countries)
    counts = {
        iso3: count
        for iso3, count in counts_by_iso3.items()
        if count > 0 and iso3 in by_iso3
    }
    ranges = classes(max(counts.values(), default=0))
    fills = _fills(ranges)

    def fill_of(count):
        for (low, high), fill in zip(ranges, fills, strict=True):
            if low <= count <= high:
                return fill
        return 0

    drawn, unnamed = [], [data["other"]]
    for iso3, path in data["states"].items():
        country = by_iso3.get(iso3)
        if country is None:  # a State the caller leaves out: land, no more
            unnamed.append(path)
            continue
        count = counts.get(iso3, 0)
        drawn.append(
            Shape(
                iso3=iso3,
                label=entries_label(country.localized_name, count),
                path=path,
                count=count,
                fill=fill_of(count),
                url=(
                    reverse("compendium_public:country", args=[iso3])
                    if link and count
                    else ""
                ),
            )
        )
    # Countries with entries last, so that a focused one's outline is on top of
    # neighbours without entries.
    drawn.sort(key=lambda shape: bool(shape.count))
    not_drawn_with_entries = sorted(
        (
            (by_iso3[iso3].localized_name, counts[iso3])
            for iso3 in data["not_drawn"]
            if iso3 in counts
        ),
        key=lambda pair: localized.sort_key()(pair[0]),
    )
    return {
        "dom_id": dom_id,
        "link": link,
        "table_url": table_url,
        "view_box": " ".join(str(number) for number in data["view_box"]),
        "shapes": drawn,
        "other_land": "".join(unnamed),
        "legend": [
            Legend(low, high, fill)
            for (low, high), fill in zip(ranges, fills, strict=True)
        ],
        "not_drawn_with_entries": [
            entries_label(name, count) for name, count in not_drawn_with_entries
        ],
        "summary": summary(counts, by_iso3),
        "colours": {"no_entries": NO_ENTRIES, "other_land": OTHER_LAND},
    }


def summary(counts, by_iso3):
    """A sentence naming the countries with most entries: the map's text
    alternative where it cannot be explored (the PDF)."""
    if not counts:
        return _("No entry of this edition is about a particular country.")
    key = localized.sort_key()
    top = sorted(
        counts.items(),
        key=lambda pair: (-pair[1], key(by_iso3[pair[0]].localized_name)),
    )[:TOP_COUNTRIES]
    listed = ", ".join(
        entries_label(by_iso3[iso3].localized_name, count) for iso3, count in top
    )
    return ngettext(
        "Entries about %(count)s country; most entries: %(list)s.",
        "Entries about %(count)s countries; most entries: %(list)s.",
        len(counts),
    ) % {"count": len(counts), "list": listed}


def render_world_map(
    counts_by_iso3, *, link=True, countries=None, dom_id="world-map", table_url=""
) -> SafeString:
    """The map as a <figure>: SVG with each country with entries a link to its
    profile (when `link`), legend, note on small States and the United
    Nations' disclaimer."""
    return mark_safe(  # noqa: S308 (rendered by a template that escapes)
        render_to_string(
            "compendium/_world_map.html",
            map_context(
                counts_by_iso3,
                link=link,
                countries=countries,
                dom_id=dom_id,
                table_url=table_url,
            ),
        )
    )


def world_map_svg(counts_by_iso3, *, countries=None):
    """(the map as SVG with its colours in attributes and no links, its text
    alternative), for documents that draw it without the site's CSS, such as
    the PDF, which fetches nothing, not even a data: URL."""
    context = map_context(counts_by_iso3, link=False, countries=countries)
    svg = render_to_string("compendium/_world_map_image.svg", context)
    return mark_safe(svg), context["summary"]  # noqa: S308 (template escapes)
