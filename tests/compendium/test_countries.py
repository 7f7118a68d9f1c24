"""The country index and country profiles: every State with its counts from
the current edition, grouped by region and filtered; a profile that names the
country and breaks its entries down."""

import re

import pytest

from compendium.choices import OrganisationKind
from compendium.models import Country
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(publisher):
    publish_entry(
        title="National early warning committee",
        countries=["KEN"],
        pillars=["I"],
        priorities=["2"],
        start_year=2010,
    )
    publish_entry(
        title="Peace committees in the north",
        countries=["KEN", "GHA"],
        pillars=["II"],
        priorities=["3"],
        start_year=2014,
    )
    publish_entry(
        title="Regional mediation support",
        contributor=("African Union", OrganisationKind.REGIONAL, None),
        pillars=["III"],
        start_year=2018,
    )
    return release_edition(publisher, "1.0")


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def row_of(body, name):
    """The counts of a country's row in the index: (about, contributed by)."""
    found = re.search(
        rf">{re.escape(name)}</a>(?: <span class=\"tag\">[^<]*</span>)?</th>"
        r"<td>(\d+)</td><td>(\d+)</td>",
        body,
    )
    return found and (int(found.group(1)), int(found.group(2)))


def test_index_lists_every_state_with_its_counts_by_region(client, released):
    body = page(client, "/compendium/countries/")
    assert row_of(body, "Kenya") == (2, 0)
    # Ghana (the factory's contributor) gave two entries; one is about it.
    assert row_of(body, "Ghana") == (1, 2)
    assert row_of(body, "Denmark") == (0, 0)
    # Every State, each under its M49 region.
    assert body.count('<th scope="row"><a href="/compendium/countries/') == (
        Country.objects.count()
    )
    africa = body.index('<h2 id="region-002">Africa</h2>')
    europe = body.index('<h2 id="region-150">Europe</h2>')
    assert africa < body.index(">Kenya<") < europe < body.index(">Denmark<")
    assert '<a href="/compendium/countries/KEN/">Kenya</a>' in body


def test_index_filters_by_region_text_and_entries(client, released):
    body = page(client, "/compendium/countries/?region=150")
    assert "Denmark" in body and "Kenya" not in body
    body = page(client, "/compendium/countries/?q=ken")
    assert row_of(body, "Kenya") == (2, 0)
    assert "Denmark" not in body
    body = page(client, "/compendium/countries/?with_entries=1")
    names = re.findall(r'/compendium/countries/[A-Z]{3}/">([^<]+)</a></th>', body)
    assert sorted(names) == ["Ghana", "Kenya"]
    body = page(client, "/compendium/countries/?q=zzzz")
    assert "No country matches these filters." in body


def test_index_in_the_readers_language_and_collation(client, released):
    body = page(client, "/fr/compendium/countries/?region=150")
    assert ">Danemark</a>" in body
    assert body.index(">Allemagne<") < body.index(">Danemark<")
    body = page(client, "/fr/compendium/countries/?q=danemark")
    assert ">Danemark</a>" in body


def test_index_marks_observer_states(client, released):
    body = page(client, "/compendium/countries/?q=holy")
    assert '>Holy See</a> <span class="tag">Observer State</span></th>' in body


@pytest.mark.parametrize(
    "query",
    [
        "?region=%3Cscript%3E",
        "?region=002%00",
        "?q=%00%00",
        "?q=" + "x" * 5000,
        "?with_entries=yes&region=&q=",
        "?region=002&region=150",
    ],
)
def test_index_survives_bad_filters(client, released, query):
    response = client.get("/compendium/countries/" + query)
    # The site refuses an address holding a NUL character before any view.
    assert response.status_code == (400 if "%00" in query else 200)
    assert b"<script>" not in response.content


def test_index_before_the_first_release_lists_states_without_counts(client):
    body = page(client, "/compendium/countries/")
    assert "The first edition of the compendium has not been released yet." in body
    assert row_of(body, "Kenya") == (0, 0)


def test_index_asks_a_fixed_number_of_queries(
    client, publisher, django_assert_num_queries
):
    for number in range(3):
        publish_entry(title=f"Practice {number}", countries=["KEN"])
    release_edition(publisher, "1.0")
    client.get("/compendium/countries/?q=a")  # the process reads the bitmaps
    with django_assert_num_queries(2):
        assert client.get("/compendium/countries/?q=b").status_code == 200
    for number in range(20):
        publish_entry(title=f"More practice {number}", countries=["DNK", "GHA"])
    release_edition(publisher, "1.1")
    client.get("/compendium/countries/?q=c")
    with django_assert_num_queries(2):
        assert client.get("/compendium/countries/?q=d").status_code == 200


def test_navigation_links_countries_and_statistics(client, released):
    body = page(client, "/compendium/countries/")
    nav = body[body.index('<nav class="site-nav"') : body.index("</nav>")]
    assert '<a href="/compendium/countries/" aria-current="page">Countries</a>' in nav
    assert '<a href="/compendium/statistics/" >Statistics</a>' in nav
    assert 'href="/compendium/" >Compendium' in nav
    nav = page(client, "/fr/compendium/statistics/")
    assert 'href="/fr/compendium/statistics/" aria-current="page"' in nav


# Profiles --------------------------------------------------------------------


def test_profile_names_the_country_with_plurals(client, released):
    body = page(client, "/compendium/countries/KEN/")
    assert "In edition 1.0: 2 entries about Kenya. 0 entries contributed by Kenya." in (
        body
    )
    body = page(client, "/compendium/countries/GHA/")
    assert "1 entry about Ghana. 2 entries contributed by Ghana." in body
    body = page(client, "/fr/compendium/countries/DNK/")
    assert "0 fiche concernant Danemark" in body


def test_profile_breaks_entries_down_by_pillar_priority_crime_and_year(
    client, released
):
    body = page(client, "/compendium/countries/KEN/")
    for chart in ("pillars", "priorities", "crimes", "years"):
        assert f'id="{chart}-caption"' in body
    years = body[body.index('id="years-caption"') :]
    years = years[: years.index("</figure>")]
    # Every year from the first to the last, those without practice at 0.
    assert re.findall(r'<th scope="row">(\d+)</th><td>(\d+)</td>', years) == [
        ("2010", "1"),
        ("2011", "0"),
        ("2012", "0"),
        ("2013", "0"),
        ("2014", "1"),
    ]


def test_profile_shows_the_countrys_entries_in_each_edition(
    client, released, publisher
):
    publish_entry(title="A later committee", countries=["KEN"], start_year=2019)
    release_edition(publisher, "1.1")
    body = page(client, "/compendium/countries/KEN/")
    table = body[body.index('id="editions-heading"') :]
    assert re.findall(
        r'editions/([\d.]+)/">[^<]*</a> <span class="muted">\d+</span></th>'
        r"<td>(\d+)</td><td>(\d+)</td>",
        table,
    ) == [("1.0", "2", "0"), ("1.1", "3", "0")]


def test_profile_before_the_first_release_and_of_unknown_country(client):
    body = page(client, "/compendium/countries/KEN/")
    assert "The first edition of the compendium has not been released yet." in body
    page(client, "/compendium/countries/ZZZ/", status=404)
    page(client, "/compendium/countries/%3Cb%3E/", status=404)


def test_profile_asks_a_fixed_number_of_queries(
    client, publisher, django_assert_num_queries
):
    publish_entry(title="A first practice", countries=["KEN"])
    release_edition(publisher, "1.0")
    # Each page its own address: a release forgets kept pages only once it
    # commits, which a test inside a transaction never does.
    client.get("/compendium/countries/GHA/")  # the process reads the bitmaps
    with django_assert_num_queries(7):
        assert client.get("/compendium/countries/KEN/?a=1").status_code == 200
    for number in range(20):
        publish_entry(title=f"More practice {number}", countries=["KEN"])
    release_edition(publisher, "1.1")
    client.get("/compendium/countries/GHA/?w=2")
    with django_assert_num_queries(7):
        assert client.get("/compendium/countries/KEN/?a=2").status_code == 200
