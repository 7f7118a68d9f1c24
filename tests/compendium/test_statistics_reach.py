"""The statistics page within reach: in the navigation, linked from the home
page and every edition; each chart with its table and a CSV of its figures;
figures of any public edition and what grew since the edition before."""

import csv
import io
import re

import pytest

from compendium.choices import OrganisationKind
from compendium.models import Pillar
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editions(publisher):
    publish_entry(title="Early warning committee", countries=["KEN"], pillars=["I"])
    publish_entry(
        title="Regional mediation support",
        pillars=["II"],
        priorities=["3"],
        contributor=("African Union", OrganisationKind.REGIONAL, None),
    )
    first = release_edition(publisher, "1.0")
    publish_entry(title="Community radio", pillars=["I"], countries=["KEN"])
    second = release_edition(publisher, "1.1")
    return first, second


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def figures(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_statistics_are_linked_from_navigation_home_and_each_edition(
    client, two_editions
):
    for url in ("/", "/compendium/editions/1.0/", "/compendium/countries/"):
        assert 'href="/compendium/statistics/"' in page(client, url)
    assert 'href="/compendium/statistics/?edition=1.0"' in page(
        client, "/compendium/editions/1.0/"
    )
    # The home page links both in its own content too, not only in the header.
    home = page(client, "/").split("</header>", 1)[1]
    assert 'href="/compendium/countries/"' in home
    assert 'href="/compendium/statistics/"' in home


def test_each_chart_has_its_table_and_csv(client, two_editions):
    body = page(client, "/compendium/statistics/")
    links = re.findall(r'href="(/compendium/statistics/[a-z-]+\.csv[^"]*)"', body)
    assert sorted(links) == [
        "/compendium/statistics/countries.csv",
        "/compendium/statistics/crimes.csv",
        "/compendium/statistics/grown.csv",
        "/compendium/statistics/growth.csv",
        "/compendium/statistics/kinds.csv",
        "/compendium/statistics/pillars-by-region.csv",
        "/compendium/statistics/priorities.csv",
    ]
    assert body.count("<table") == len(links)
    rows = figures(client, "/compendium/statistics/pillars-by-region.csv")
    assert rows[0] == ["Region", "Pillar I", "Pillar II", "Pillar III"]
    assert ["Africa", "2", "0", "0"] in rows
    assert figures(client, "/compendium/statistics/growth.csv")[1:] == [
        [f"1.0 ({two_editions[0].released_at:%Y})", "2"],
        [f"1.1 ({two_editions[1].released_at:%Y})", "3"],
    ]
    priorities = figures(client, "/fr/compendium/statistics/priorities.csv")
    assert priorities[0] == ["Priorité", "Fiches"]


def test_figures_of_an_earlier_edition_and_what_grew(client, two_editions):
    body = page(client, "/compendium/statistics/?edition=1.0")
    assert "Edition 1.0 holds 2 entries." in body
    assert '<option value="1.0" selected>' in body
    # The first edition has no edition before it.
    assert "What grew since" not in body
    assert "/compendium/statistics/kinds.csv?edition=1.0" in body
    assert figures(client, "/compendium/statistics/growth.csv?edition=1.0")[1:] == [
        [f"1.0 ({two_editions[0].released_at:%Y})", "2"]
    ]
    body = page(client, "/compendium/statistics/")
    assert "Edition 1.1 holds 3 entries." in body
    assert "What grew since edition 1.0" in body
    grown = figures(client, "/compendium/statistics/grown.csv")
    assert grown[0] == ["Entries", "Edition 1.0", "Edition 1.1", "Change"]
    assert grown[1] == ["All entries", "2", "3", "1"]
    assert [str(Pillar.objects.get(code="I")), "1", "2", "1"] in grown
    assert [str(Pillar.objects.get(code="II")), "1", "1", "0"] in grown
    assert ["Africa", "1", "2", "1"] in grown


@pytest.mark.parametrize(
    "url",
    [
        "/compendium/statistics/?edition=9.9",
        "/compendium/statistics/?edition=%3Cscript%3E",
        "/compendium/statistics/?edition=1.0&edition=1.1",
        "/compendium/statistics/?edition=",
    ],
)
def test_unknown_editions_show_the_current_one(client, two_editions, url):
    assert "Edition 1.1 holds 3 entries." in page(client, url)


def test_unknown_charts_and_editions_without_figures_are_not_found(
    client, two_editions
):
    page(client, "/compendium/statistics/nothing.csv", status=404)
    page(client, "/compendium/statistics/%3Cb%3E.csv", status=404)
    rows = figures(client, "/compendium/statistics/kinds.csv?edition=nope")
    assert rows[0] == ["Kind of organisation", "Entries"]


def test_pre_publication_edition_is_not_offered(client, two_editions, publisher):
    from tests.compendium.factories import EditionFactory

    EditionFactory(pre_publication=True, shared=publisher)
    body = page(client, "/compendium/statistics/?edition=2015-pre")
    assert "2015-pre" not in body.split("</header>", 1)[1]


def test_statistics_before_the_first_release(client):
    body = page(client, "/compendium/statistics/")
    assert "The first edition of the compendium has not been released yet." in body
    page(client, "/compendium/statistics/priorities.csv", status=404)


def test_statistics_ask_a_fixed_number_of_queries(
    client, two_editions, publisher, django_assert_num_queries
):
    client.get("/compendium/statistics/?edition=1.0")  # the bitmaps are read
    client.get("/compendium/statistics/?edition=1.1")
    # The map and the countries' table read the countries once, with the rest.
    with django_assert_num_queries(7):
        assert client.get("/compendium/statistics/?x=1").status_code == 200
    for number in range(15):
        publish_entry(title=f"More practice {number}", countries=["DNK"])
    release_edition(publisher, "1.2")
    client.get("/compendium/statistics/?edition=1.2")
    with django_assert_num_queries(7):
        assert client.get("/compendium/statistics/?x=2").status_code == 200


def test_sitemap_lists_the_country_index_and_statistics_in_every_language(client):
    research = client.get("/sitemap-research.xml").content.decode()
    assert "<loc>http://testserver/compendium/countries/</loc>" in research
    assert "<loc>http://testserver/fr/compendium/statistics/</loc>" in research
