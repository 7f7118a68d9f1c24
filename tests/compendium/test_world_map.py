"""The world map of entries per country: drawn on the server from committed
Natural Earth shapes, each country with entries a link named with its count,
the United Nations' disclaimer in every language, the same figures as a table,
and the same few queries whatever the number of countries."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from compendium import pdf, pdf_render
from compendium.choices import EditionKind
from compendium.management.commands import build_world_map
from compendium.models import Country
from compendium.pdf_render import RefusingFetcher
from compendium.world_map import (
    NO_ENTRIES,
    OTHER_LAND,
    PALETTE,
    classes,
    render_world_map,
    shapes,
    world_map_svg,
)
from tests.compendium.factories import publish_entry, release_edition
from tests.compendium.test_pdf import page_texts

pytestmark = pytest.mark.django_db

DISCLAIMER = (
    "The boundaries and names shown and the designations used on this map do not "
    "imply official endorsement or acceptance by the United Nations."
)
# Member States that Natural Earth's 1:110m boundaries leave out, all small
# islands or enclaves, and the Holy See: listed in the tables only.
TOO_SMALL = {
    "AND", "ATG", "BHR", "BRB", "COM", "CPV", "DMA", "FSM", "GRD", "KIR",
    "KNA", "LCA", "LIE", "MCO", "MDV", "MHL", "MLT", "MUS", "NRU", "PLW",
    "SGP", "SMR", "STP", "SYC", "TON", "TUV", "VAT", "VCT", "WSM",
}  # fmt: skip
LANGUAGES = {"fr": "fr", "es": "es", "ar": "ar", "ru": "ru", "zh-hans": "zh-hans"}


@pytest.fixture
def released(publisher):
    publish_entry(title="National early warning committee", countries=["KEN"])
    publish_entry(title="Peace committees", countries=["KEN", "GHA"])
    publish_entry(title="Coast guard training", countries=["MLT"])
    return release_edition(publisher, "1.0")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def the_map(body):
    found = re.search(r'<figure class="world-map".*?</figure>', body, re.S)
    assert found, "no world map on the page"
    return found.group(0)


def country_link(body, iso3):
    """(href, accessible name, hover title) of a country's link on the map."""
    found = re.search(
        rf'<a class="world-map__country" href="([^"]*/{iso3}/)" '
        r'aria-label="([^"]+)"><title>([^<]+)</title>',
        body,
    )
    return found and found.groups()


# The committed shapes ---------------------------------------------------------


def test_every_member_state_natural_earth_draws_has_its_shape():
    data = shapes()
    states = set(Country.objects.values_list("iso3", flat=True))
    assert set(data["states"]) | set(data["not_drawn"]) == states
    assert set(data["not_drawn"]) == TOO_SMALL
    assert not set(data["states"]) & set(data["not_drawn"])
    for iso3, path in data["states"].items():
        assert re.fullmatch(r"(M-?[\d.]+ -?[\d.]+l[-\d. ]+z)+", path), iso3


def test_the_shapes_stay_small_and_in_their_frame():
    data = shapes()
    assert (
        Path(settings.BASE_DIR, "compendium/data/world_map.json").stat().st_size
        < 100_000
    )
    left, top, width, height = data["view_box"]
    assert 950 <= width <= 1000
    # Antarctica is left out: the map is wider than twice its height.
    assert width > 2 * height
    for path in [*data["states"].values(), data["other"]]:
        for x, y in re.findall(r"M(-?[\d.]+) (-?[\d.]+)", path):
            assert left <= float(x) <= left + width
            assert top <= float(y) <= top + height


def test_colour_classes_cover_every_count_once():
    assert classes(0) == []
    assert classes(3) == [(1, 1), (2, 2), (3, 3)]
    assert classes(100) == [(1, 3), (4, 10), (11, 32), (33, 100)]
    for largest in (1, 4, 5, 7, 12, 57, 1000):
        ranges = classes(largest)
        assert len(ranges) <= len(PALETTE)
        for count in range(1, largest + 1):
            assert sum(low <= count <= high for low, high in ranges) == 1


def test_the_site_css_colours_the_classes_with_the_palette():
    css = Path(settings.BASE_DIR, "compendium/static/compendium/css/site.css")
    text = css.read_text()
    for position, colour in enumerate(PALETTE, start=1):
        assert f".world-map__fill--{position} {{ fill: {colour}; }}" in text
    assert f".world-map__fill--0 {{ fill: {NO_ENTRIES}; }}" in text
    assert f".world-map__other {{ fill: {OTHER_LAND}; }}" in text


# The map on the country index -------------------------------------------------


def test_each_country_with_entries_is_a_link_named_with_its_count(client, released):
    body = the_map(page(client, "/compendium/countries/"))
    assert country_link(body, "KEN") == (
        "/compendium/countries/KEN/",
        "Kenya: 2 entries",
        "Kenya: 2 entries",
    )
    assert country_link(body, "GHA")[1] == "Ghana: 1 entry"
    # A country without entries is drawn, titled for the pointer, not a link.
    assert country_link(body, "DNK") is None
    assert (
        '<path class="world-map__fill--0" d="' in body
        and "<title>Denmark: no entries</title>" in body
    )
    assert body.count('<a class="world-map__country"') == 2  # Malta is not drawn
    assert 'role="group" aria-labelledby="world-map-title"' in body


def test_the_map_has_a_legend_the_disclaimer_and_a_link_to_the_table(client, released):
    body = page(client, "/compendium/countries/")
    figure = the_map(body)
    assert "No entries</li>" in figure
    assert "<bdi>1</bdi>" in figure and "<bdi>2</bdi>" in figure
    assert DISCLAIMER in figure
    assert '<a href="#country-table">The same figures as a table</a>' in figure
    assert 'id="country-table"' in body


def test_a_state_too_small_to_draw_is_named_under_the_map_and_in_the_table(
    client, released
):
    body = page(client, "/compendium/countries/")
    assert "Not drawn, with entries: Malta: 1 entry." in the_map(body)
    assert '<a href="/compendium/countries/MLT/">Malta</a>' in body


def test_filters_narrow_the_map_as_they_narrow_the_table(client, released):
    body = the_map(page(client, "/compendium/countries/?region=150"))
    assert country_link(body, "KEN") is None
    assert "Kenya" not in body
    assert "<title>Denmark: no entries</title>" in body


def test_the_map_names_and_links_in_the_readers_language(client, released):
    body = the_map(page(client, "/fr/compendium/countries/"))
    href, label, _title = country_link(body, "KEN")
    assert href == "/fr/compendium/countries/KEN/"
    assert label == "Kenya : 2 fiches"


def test_the_disclaimer_is_translated_into_every_language(client, released):
    for prefix, language in LANGUAGES.items():
        with translation.override(language):
            translated = translation.gettext(DISCLAIMER)
        assert translated != DISCLAIMER, language
        body = page(client, f"/{prefix}/compendium/countries/")
        assert translated.replace("’", "&#x27;").replace("'", "&#x27;") in body or (
            translated in body
        ), language


def test_the_map_reads_right_to_left_in_arabic_without_mirroring(client, released):
    body = page(client, "/ar/compendium/countries/")
    assert re.search(r'<html[^>]* dir="rtl"', body)
    figure = the_map(body)
    # Its key follows the page; the drawing itself has no direction to flip.
    assert "dir=" not in figure and "scale(-1" not in figure
    assert country_link(figure, "KEN")[0] == "/ar/compendium/countries/KEN/"


def test_the_map_fetches_nothing_and_runs_no_script(client, released):
    figure = the_map(page(client, "/compendium/countries/"))
    assert "<script" not in figure and " style=" not in figure
    assert not re.search(r"<[^>]*\son[a-z]+=", figure)  # no onclick= and such
    addresses = re.findall(r'(?:href|src|xlink:href)="([^"]*)"', figure)
    assert addresses and all(url.startswith(("/", "#")) for url in addresses)
    assert re.findall(r"https?://", figure) == ["http://"]  # the SVG namespace
    assert 'xmlns="http://www.w3.org/2000/svg"' in figure


def test_odd_filters_still_draw_the_map(client, released):
    # (A NUL is refused before any view, by contributions.middleware.)
    for value in ("\x07\x1b", "\u202egha", "ك" * 5000, "<svg onload=alert(1)>"):
        response = client.get("/compendium/countries/", {"q": value})
        assert response.status_code == 200
        assert '<figure class="world-map"' in response.content.decode()


def test_no_map_before_the_first_release(client):
    body = page(client, "/compendium/countries/")
    assert "world-map" not in body


def test_the_map_asks_the_same_queries_for_two_countries_or_many(
    client, publisher, django_capture_on_commit_callbacks
):
    publish_entry(title="Two places", countries=["KEN", "GHA"])
    release_edition(publisher, "1.0")
    client.get("/compendium/countries/?warm=1")
    with CaptureQueriesContext(connection) as few:
        assert "Kenya: 1 entry" in page(client, "/compendium/countries/?x=1")
    many = ["KEN", "GHA", "DNK", "FRA", "BRA", "IND", "CHN", "MEX", "NGA", "EGY"]
    for number, iso3 in enumerate(many):
        publish_entry(title=f"Practice {number}", countries=[iso3, "KEN"])
    with django_capture_on_commit_callbacks(execute=True):  # the release is seen
        release_edition(publisher, "1.1")
    client.get("/compendium/countries/?warm=2")
    with CaptureQueriesContext(connection) as lots:
        body = page(client, "/compendium/countries/?x=2")
    assert body.count('<a class="world-map__country"') == len(many)
    assert len(lots) == len(few)


# The map on the statistics page -----------------------------------------------


def test_statistics_map_and_table_show_the_edition_looked_at(client, publisher):
    publish_entry(title="Early warning committee", countries=["KEN"])
    release_edition(publisher, "1.0")
    publish_entry(title="Community radio", countries=["KEN", "GHA"])
    release_edition(publisher, "1.1")

    current = page(client, "/compendium/statistics/")
    assert country_link(the_map(current), "KEN")[1] == "Kenya: 2 entries"
    assert '<a href="#countries-figures">' in current
    earlier = page(client, "/compendium/statistics/?edition=1.0")
    assert country_link(the_map(earlier), "KEN")[1] == "Kenya: 1 entry"
    assert country_link(the_map(earlier), "GHA") is None

    response = client.get("/compendium/statistics/countries.csv?edition=1.0")
    assert response.status_code == 200
    rows = [line.split(",") for line in response.content.decode().splitlines()]
    # Ghana, the factory's contributor, contributed both entries.
    assert rows == [
        ["Country", "Entries about it", "Entries contributed by it"],
        ["Kenya", "1", "0"],
        ["Ghana", "0", "1"],
    ]


def test_a_pre_publication_editions_figures_are_never_mapped(client, publisher):
    publish_entry(title="Early warning committee", countries=["KEN"])
    release_edition(publisher, "1.0")
    publish_entry(title="Draft practice", countries=["BRA"])
    release_edition(publisher, "1.1-pre", kind=EditionKind.PRE_PUBLICATION)
    for url in (
        "/compendium/statistics/?edition=1.1-pre",
        "/compendium/statistics/countries.csv?edition=1.1-pre",
        "/compendium/countries/",
    ):
        body = page(client, url)
        assert "Brazil: 1 entry" not in body and "Brazil," not in body, url
        assert country_link(body, "BRA") is None
    figure = the_map(page(client, "/compendium/statistics/?edition=1.1-pre"))
    assert country_link(figure, "KEN")[1] == "Kenya: 1 entry"


# For other pages and documents -------------------------------------------------


def test_render_world_map_without_links_is_one_image_with_its_text(released):
    counts = {"KEN": 2, "GHA": 1, "ZZZ": 9, "DNK": 0}
    html = render_world_map(counts, link=False)
    assert "<a " not in html
    assert 'role="img" aria-labelledby="world-map-title"' in html
    assert (
        "Entries about 2 countries; most entries: Kenya: 2 entries, Ghana: 1 entry."
        in (html)
    )


def test_the_svg_for_documents_carries_its_colours_and_alternative(released):
    svg, alternative = world_map_svg({"KEN": 12, "GHA": 1})
    assert alternative == (
        "Entries about 2 countries; most entries: Kenya: 12 entries, Ghana: 1 entry."
    )
    assert f'fill="{PALETTE[-1]}"' in svg and f'fill="{PALETTE[0]}"' in svg
    assert "class=" not in svg and "<a " not in svg
    assert (
        f'aria-label="World map of the entries about each country. {alternative}"'
        in (svg)
    )


def test_the_pdf_index_opens_with_the_map_and_its_text(released, tmp_path):
    pdf.write_documents(released, tmp_path)
    fetcher = RefusingFetcher()
    document = pdf_render.lay_out(tmp_path, fetcher).document
    assert fetcher.refused == []  # the map is drawn, not fetched
    assert "Kenya: 2 entries" in page_texts(document)[-1]
    back = next(tmp_path.glob("*back*")).read_text()
    figure = back[back.index('<figure class="world-map">') : back.index("</figure>")]
    assert "<svg" in figure and 'role="img"' in figure
    assert "<figcaption>Entries about 3 countries; most entries: Kenya: 2 entries" in (
        figure
    )
    assert DISCLAIMER in figure
    assert "data:" not in figure and "http://" not in figure.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


# Making the shapes (manage.py build_world_map) ----------------------------------


def test_features_drawn_as_one_state_lose_the_border_between_them():
    # Two squares side by side sharing arc 1 (drawn one way by each).
    arcs = [
        [(0, 0), (0, 10), (10, 10)],
        [(10, 10), (10, 0)],
        [(10, 0), (0, 0)],
        [(10, 10), (20, 10), (20, 0), (10, 0)],
    ]
    left, right = [[0, 1, 2]], [[3, ~1]]
    [ring] = build_world_map.outline(left + right, arcs)
    assert ring[0] == ring[-1]
    assert (10, 10) in ring and (10, 0) in ring  # corners kept …
    assert len(ring) == 7  # … and the shared border not drawn twice


def test_a_country_across_the_180th_meridian_is_cut_there():
    ring = [(170, 60), (180, 60), (-180, 60), (-170, 60), (-170, 65), (-180, 65),
            (180, 65), (170, 65), (170, 60)]  # fmt: skip
    east, west = build_world_map.split_at_antimeridian(ring)
    assert all(longitude > 0 for longitude, _ in east)
    assert all(longitude < 0 for longitude, _ in west)


def test_the_projection_is_equal_earth():
    assert build_world_map.equal_earth(0, 0) == (0, 0)
    x, y = build_world_map.equal_earth(180, 0)
    assert x == pytest.approx(2.7064, abs=1e-3) and y == 0
    assert build_world_map.equal_earth(0, 90)[1] == pytest.approx(1.3173, abs=1e-3)
    east, north = build_world_map.equal_earth(30, 45)
    assert build_world_map.equal_earth(-30, -45) == (-east, -north)
