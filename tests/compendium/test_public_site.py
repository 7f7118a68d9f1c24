"""The public compendium: browse, search, facets, entry pages with citations,
past editions, the changelog, country profiles and statistics; never a draft."""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from compendium import browse
from compendium.choices import EditionKind, OrganisationKind
from compendium.models import Edition
from tests.compendium.factories import publish_entry, release_edition, revise_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(publisher):
    entries = {
        "warning": publish_entry(
            title="National early warning committee",
            summary="A committee that monitors risk factors of atrocity crimes.",
            countries=["KEN"],
            start_year=2010,
            end_year=2014,
            ongoing=False,
        ),
        "mediation": publish_entry(
            title="Regional mediation support",
            summary="Mediators trained to defuse electoral violence.",
            pillars=["II"],
            priorities=["3"],
            contributor=("African Union", OrganisationKind.REGIONAL, None),
            start_year=2018,
        ),
        "radio": publish_entry(
            title="Community radio against hate speech",
            summary="Local radio programmes counter hate speech and warning signs.",
            pillars=["III"],
            contributor=("Radio Network", OrganisationKind.CIVIL_SOCIETY, None),
            start_year=2020,
        ),
    }
    release_edition(publisher, "1.0")
    return entries


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def titles(body):
    return re.findall(r'class="result__title"><a [^>]*>([^<]+)</a>', body)


def test_browse_lists_the_current_edition(client, released):
    body = page(client, "/compendium/")
    assert sorted(titles(body)) == sorted(
        [
            "National early warning committee",
            "Regional mediation support",
            "Community radio against hate speech",
        ]
    )
    assert "Edition 1.0" in body


def test_nothing_released_yet(client):
    publish_entry()
    body = page(client, "/compendium/")
    assert "has not been released yet" in body


def test_search_finds_whole_words_with_highlighted_snippets(client, released):
    body = page(client, "/compendium/?q=warning")
    assert titles(body)[0] == "National early warning committee"  # title hits first
    assert set(titles(body)) == {
        "National early warning committee",
        "Community radio against hate speech",
    }
    assert "<mark>warning</mark>" in body
    assert titles(page(client, "/compendium/?q=hate+speech")) == [
        "Community radio against hate speech"
    ]
    assert titles(page(client, "/compendium/?q=nothingmatches")) == []


def test_a_word_only_in_the_description_is_shown_in_a_passage_of_it(client, released):
    # The released entries' description: "<p>The committee meets monthly.</p>".
    body = page(client, "/compendium/?q=monthly")
    assert len(titles(body)) == 3
    assert 'class="result__text">The committee meets <mark>monthly</mark>.</p>' in body


def test_facets_filter_and_count(client, released):
    body = page(client, "/compendium/?pillar=II")
    assert titles(body) == ["Regional mediation support"]
    body = page(client, "/compendium/?org_kind=civil-society")
    assert titles(body) == ["Community radio against hate speech"]
    body = page(client, "/compendium/?country=KEN")
    assert titles(body) == ["National early warning committee"]
    body = page(client, "/compendium/?q=warning")
    # Counts follow the search: pillar III has one of the two matches.
    assert re.search(r"III\. [^<]*</span> <span class=\"facet__count\">1</span>", body)


def test_year_range_overlaps_the_period(client, released):
    assert titles(page(client, "/compendium/?year_from=2015&year_to=2019")) == [
        "Regional mediation support"
    ]
    assert set(titles(page(client, "/compendium/?year_from=2013&year_to=2013"))) == {
        "National early warning committee"
    }


def test_sorting_and_pages_stay_in_the_url(client, publisher):
    for number in range(25):
        publish_entry(title=f"Practice {number:02d}", start_year=2000 + number)
    release_edition(publisher, "1.0")
    first = page(client, "/compendium/?sort=title")
    assert titles(first)[:2] == ["Practice 00", "Practice 01"]
    assert "page=2" in first
    second = page(client, "/compendium/?sort=title&page=2")
    assert titles(second) == [f"Practice {n:02d}" for n in range(20, 25)]
    newest = page(client, "/compendium/?sort=newest")
    assert titles(newest)[0] == "Practice 24"


@pytest.mark.parametrize(
    "query",
    [
        "?pillar=IX",
        "?country=%3Cscript%3E",
        "?page=abc",
        "?page=-3",
        "?page=99999999999",
        "?year_from=abc&year_to=1",
        "?sort=password",
        "?q=" + "warning%20" * 20000,
        "?q=AND+OR+NOT+*+%22+(",
        "?q=%27%3B+DROP+TABLE+compendium_editionentry%3B+--",
        "?q=NEAR(a+b)+%7B%7D+%5E",
        "?q=warning%00",
        "?country=GH%00A&pillar=I%00&sort=title%00&page=1%00",
        "?" + "&".join(f"pillar=v{n}" for n in range(2000)),
        "?" + "&".join(f"p{n}=1" for n in range(10_000)),
        "?" + "&".join(f"country=c{n}" for n in range(10_001)),
    ],
)
def test_bad_input_never_breaks_the_page(client, released, query):
    response = client.get("/compendium/" + query)
    assert response.status_code in (200, 400)


def test_facet_counts_are_made_once_for_every_page_and_sort_of_a_search(released):
    browser = browse.browser_for(Edition.objects.get())
    made = []
    counts = browser.index.counts
    browser.index.counts = lambda among: made.append(len(among)) or counts(among)

    def answer(params):
        return browser.answer(browse.Query.from_params(QueryDict(params)))

    first = answer("q=warning")
    assert first.total == 2
    assert first.counts["pillar"] == {"I": 1, "III": 1}
    assert answer("q=warning&sort=title").counts == first.counts
    assert answer("q=warning&page=2").counts == first.counts
    assert made == [2]
    narrowed = answer("q=warning&pillar=III")
    assert narrowed.counts["pillar"] == {"III": 1}
    assert answer("q=Warning&year_from=2019").counts["pillar"] == {"III": 1}
    assert made == [2, 1, 1]


def test_unknown_facet_values_find_nothing(client, released):
    assert titles(page(client, "/compendium/?pillar=IX")) == []


def test_entry_page_with_classification_changes_and_citation(client, released):
    entry = released["warning"]
    body = page(client, f"/compendium/entries/{entry.reference}/")
    assert "National early warning committee" in body
    assert "Kenya" in body
    assert "2010–2014" in body
    assert "https://example.gov/decree" in body
    stable = f"http://testserver/compendium/editions/1.0/entries/{entry.reference}/"
    assert stable in body
    assert "@misc{r2p-compendium-1-0-" in body
    assert "the first edition" in body
    assert page(client, "/compendium/entries/CP-NOPE/", status=404)


def test_past_editions_stay_as_released(client, released, publisher):
    entry = released["warning"]
    revise_entry(entry, title="Early warning and response committee")
    release_edition(publisher, "1.1", kind=EditionKind.UPDATE)

    current = page(client, f"/compendium/entries/{entry.reference}/")
    assert "Early warning and response committee" in current
    assert "Revised since edition 1.0" in current
    old = page(client, f"/compendium/editions/1.0/entries/{entry.reference}/")
    assert "National early warning committee" in old
    assert "as released on" in old
    changes = page(client, "/compendium/editions/1.1/changes/")
    assert "1 entry revised" in changes
    assert "Early warning and response committee" in changes
    assert "0 entries added" in changes
    listing = page(client, "/compendium/editions/")
    assert "1.0" in listing and "1.1" in listing


def test_drafts_and_editions_in_preparation_are_never_public(client, publisher):
    entry = publish_entry(title="Live title")
    release_edition(publisher, "1.0")
    draft = entry.get_latest_revision_as_object()
    draft.title = "Secret draft title"
    draft.save_revision()
    Edition.objects.create(label="1.1", title="Next", kind=EditionKind.UPDATE)
    assert "Secret draft title" not in page(client, "/compendium/?q=secret")
    assert titles(page(client, "/compendium/?q=secret")) == []
    page(client, "/compendium/editions/1.1/", status=404)
    page(client, "/compendium/editions/1.1/changes/", status=404)
    # By its address and its name: a bare "1.1" may be part of a time.
    listing = page(client, "/compendium/editions/")
    assert "/compendium/editions/1.0/" in listing
    assert "/compendium/editions/1.1/" not in listing
    assert "Edition 1.1" not in listing


def test_a_pre_publication_edition_is_hidden_from_the_public(
    client, publisher, contributor, reviewer
):
    from compendium import editions

    publish_entry()
    pre = Edition.objects.create(
        label="2015-pre", title="Preliminary", kind=EditionKind.PRE_PUBLICATION
    )
    editions.share(actor=publisher, edition=pre)
    page(client, "/compendium/editions/2015-pre/", status=404)
    client.force_login(contributor)  # not a participant of any round
    page(client, "/compendium/editions/2015-pre/", status=404)
    client.force_login(reviewer)
    body = page(client, "/compendium/editions/2015-pre/")
    assert "Pre-publication version." in body


def test_country_profile_and_statistics(client, released):
    body = page(client, "/compendium/countries/ken/")
    assert "Kenya" in body
    assert "National early warning committee" in body
    body = page(client, "/compendium/countries/GHA/")
    assert "Contributed by Ghana" in body
    page(client, "/compendium/countries/XXX/", status=404)
    body = page(client, "/compendium/statistics/")
    assert "Entries by pillar and region" in body
    assert "3 entries" in body


def test_browse_and_entry_pages_use_few_queries_whatever_the_size(
    client, publisher, django_assert_max_num_queries
):
    for number in range(30):
        publish_entry(title=f"Early warning practice {number}")
    release_edition(publisher, "1.0")
    reference = Edition.objects.get().rows.first().reference
    for url in (
        "/compendium/",
        "/compendium/?q=warning&pillar=I&sort=title",
        f"/compendium/entries/{reference}/",
        "/compendium/?page=2",
    ):
        client.get(url)  # the process builds the edition's bitmaps once
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_regions_include_the_countries_concerned_and_the_contributing_state(
    client, released
):
    # Africa (M49 002): the entry about Kenya, and Ghana's contributions.
    africa = titles(page(client, "/compendium/?region=002"))
    assert africa == ["National early warning committee"]
    body = page(client, "/compendium/statistics/")
    africa_row = re.search(r"<th scope=\"row\">Africa</th>(.*?)</tr>", body, re.S)
    assert re.findall(r">(\d+)</td>", africa_row.group(1)) == ["1", "0", "0"]


def test_visitors_get_cached_pages_until_a_release_changes_them(
    client,
    released,
    publisher,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    entry = released["warning"]
    current = f"/compendium/entries/{entry.reference}/"
    pinned = f"/compendium/editions/1.0/entries/{entry.reference}/"
    for url in (current, pinned, "/compendium/?q=warning", "/compendium/statistics/"):
        first = client.get(url)
        with django_assert_max_num_queries(0):  # answered before any query
            again = client.get(url)
        assert again.content == first.content
        assert again["X-Frame-Options"] == first["X-Frame-Options"]
        # With its length, so the server can keep the connection open.
        assert again["Content-Length"] == str(len(first.content))

    revise_entry(entry, title="Early warning and response committee")
    with django_capture_on_commit_callbacks(execute=True):
        release_edition(publisher, "1.1", kind=EditionKind.UPDATE)
    # The current edition changed: its pages are rebuilt with the new text…
    assert "Early warning and response committee" in page(client, current)
    # …and 1.0, now superseded, says so.
    assert "See the current edition" in page(client, pinned)

    # Releasing 1.2 changes nothing in 1.0, already superseded: still kept.
    with django_capture_on_commit_callbacks(execute=True):
        release_edition(publisher, "1.2", kind=EditionKind.UPDATE)
    with django_assert_max_num_queries(0):
        assert "See the current edition" in page(client, pinned)


def test_the_current_edition_is_looked_up_once_until_the_next_release(
    client, released, publisher, contributor, django_capture_on_commit_callbacks
):
    client.force_login(contributor)  # pages not cached: each one is rendered
    assert "Edition 1.0:" in page(client, "/compendium/")
    with CaptureQueriesContext(connection) as captured:
        page(client, "/compendium/")
    assert not [q for q in captured if 'FROM "compendium_edition"' in q["sql"]]

    revise_entry(released["warning"], title="Early warning and response committee")
    with django_capture_on_commit_callbacks(execute=True):
        release_edition(publisher, "1.1", kind=EditionKind.UPDATE)
    body = page(client, "/compendium/")
    assert "Edition 1.1:" in body
    assert "Early warning and response committee" in body


def test_signed_in_people_never_get_a_cached_page(client, released, contributor):
    url = "/compendium/"
    page(client, url)
    client.force_login(contributor)
    body = page(client, url)
    assert contributor.get_full_name() in body


def test_public_documents_are_listed_and_served(client, publisher):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from compendium.models import CompendiumDocument

    entry = publish_entry(title="Decree on the national committee")
    document = Document(title="Decree No. 12 (PDF)")
    document.file.save("decree-12.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    draft = entry.get_latest_revision_as_object()
    draft.documents = [CompendiumDocument(document=document)]
    draft.save_revision().publish()
    release_edition(publisher, "1.0")

    body = page(client, f"/compendium/entries/{entry.reference}/")
    assert "Decree No. 12 (PDF)" in body
    assert client.get(document.url).status_code == 200
