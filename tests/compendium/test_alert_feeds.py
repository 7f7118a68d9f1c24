"""Following a browse view: the Atom feed at /compendium/feed/entries/?<the
browse page's query> announces, for each public release, the entries it added
or revised among those the view shows, and every browse page links to its own
view's feed."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache

from compendium import following
from compendium.choices import EditionKind
from compendium.purge import release_paths
from tests.compendium.factories import publish_entry, release_edition, revise_entry
from tests.compendium.test_entry_translations import translate

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = "/compendium/feed/entries/"


def read(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 - the site's own feed


def items(feed):
    """{title: (summary, link, id)} of the feed's entries."""
    return {
        entry.findtext(f"{ATOM}title"): (
            entry.findtext(f"{ATOM}summary"),
            entry.find(f"{ATOM}link").get("href"),
            entry.findtext(f"{ATOM}id"),
        )
        for entry in feed.iter(f"{ATOM}entry")
    }


@pytest.fixture
def two_editions(publisher):
    """1.0 with three entries; 1.1 revises Ghana's early warning, adds a
    Kenyan mediation unit and leaves the Danish and Kenyan ones as they were."""
    early_warning = publish_entry(
        title="Early warning committee",
        reference="CP-0001",
        countries=("GHA",),
        pillars=("I",),
    )
    publish_entry(
        title="Atrocity prevention focal point",
        reference="CP-0002",
        countries=("DNK",),
        pillars=("II",),
    )
    publish_entry(
        title="Truth commission",
        reference="CP-0003",
        countries=("KEN",),
        pillars=("I",),
    )
    release_edition(publisher, "1.0")
    revise_entry(early_warning, summary="Now meets every week.")
    publish_entry(
        title="Mediation unit",
        summary="Mediators defuse tension before elections.",
        reference="CP-0004",
        countries=("KEN",),
        pillars=("III",),
    )
    release_edition(publisher, "1.1", kind=EditionKind.UPDATE)
    return early_warning


def test_a_countrys_feed_announces_what_each_release_added_there(client, two_editions):
    found = items(read(client.get(FEED, {"country": "KEN"})))
    # 1.1 added the mediation unit; 1.0 added the truth commission, which 1.1
    # left unchanged and so announces nothing more of.
    assert set(found) == {"Mediation unit", "Truth commission"}
    summary, link, _id = found["Mediation unit"]
    assert summary.startswith("New in edition 1.1.")
    assert "Mediators defuse tension" in summary
    assert link == "http://testserver/compendium/editions/1.1/entries/CP-0004/"
    assert found["Truth commission"][0].startswith("New in edition 1.0.")


def test_a_revision_is_announced_as_revised_and_unchanged_entries_are_not(
    client, two_editions
):
    feed = read(client.get(FEED, {"pillar": "I"}))
    entries = list(feed.iter(f"{ATOM}entry"))
    announced = [
        (entry.findtext(f"{ATOM}title"), entry.findtext(f"{ATOM}summary"))
        for entry in entries
    ]
    # Newest release first: 1.1 revised the early warning committee; 1.0 had
    # added it and the truth commission.
    assert [title for title, _summary in announced] == [
        "Early warning committee",
        "Early warning committee",
        "Truth commission",
    ]
    assert announced[0][1].startswith("Revised in edition 1.1.")
    assert announced[1][1].startswith("New in edition 1.0.")
    # Each update is the release's own moment.
    assert entries[0].findtext(f"{ATOM}updated") != entries[1].findtext(
        f"{ATOM}updated"
    )


def test_a_search_is_followed_with_its_filters(client, two_editions):
    found = items(read(client.get(FEED, {"q": "mediation", "pillar": "III"})))
    assert set(found) == {"Mediation unit"}
    assert items(read(client.get(FEED, {"q": "mediation", "pillar": "I"}))) == {}
    # Only 1.1's text of the early warning committee says it meets weekly.
    weekly = read(client.get(FEED, {"q": "week"}))
    assert [
        entry.findtext(f"{ATOM}summary") for entry in weekly.iter(f"{ATOM}entry")
    ] == ["Revised in edition 1.1. Now meets every week."]


def test_the_whole_compendium_is_a_view_too(client, two_editions):
    feed = read(client.get(FEED))
    assert len(list(feed.iter(f"{ATOM}entry"))) == 5  # 3 added, then 1 + 1
    assert feed.findtext(f"{ATOM}title").endswith("Every entry")


def test_item_ids_name_the_edition_and_entry_and_stay_the_same(client, two_editions):
    first = items(read(client.get(FEED, {"country": "KEN"})))
    cache.clear()
    again = items(read(client.get(FEED, {"country": "KEN", "sort": "title"})))
    assert first == again
    _summary, _link, item_id = first["Mediation unit"]
    assert item_id.startswith("tag:")
    assert item_id.endswith(":compendium/editions/1.1/entries/CP-0004")


def test_the_feed_names_its_view_and_links_to_the_browse_page(client, two_editions):
    feed = read(client.get(FEED, {"country": "KEN", "q": "mediation"}))
    title = feed.findtext(f"{ATOM}title")
    assert "Kenya" in title
    assert "mediation" in title
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"] == (
        "http://testserver/compendium/?q=mediation&country=KEN"
    )
    assert links["self"] == (
        "http://testserver/compendium/feed/entries/?q=mediation&country=KEN"
    )


def test_entry_titles_are_in_the_readers_language_where_the_edition_has_one(
    client, publisher
):
    entry = publish_entry(
        title="Early warning committee", reference="CP-0001", countries=("GHA",)
    )
    translate(
        entry,
        fr=("Comité d'alerte précoce", "Un comité.", "<p>Un comité.</p>"),
    )
    release_edition(publisher, "1.0")

    french = items(read(client.get(f"/fr{FEED}", {"country": "GHA"})))
    assert set(french) == {"Comité d'alerte précoce"}
    summary, link, _id = french["Comité d'alerte précoce"]
    assert summary.startswith("Nouvelle fiche dans l'édition 1.0.")
    assert link.startswith("http://testserver/fr/compendium/editions/1.0/")
    # Spanish has no translation: the entry as written.
    assert set(items(read(client.get(f"/es{FEED}", {"country": "GHA"})))) == {
        "Early warning committee"
    }


def test_control_characters_and_nul_in_titles_leave_the_feed_well_formed(
    client, publisher
):
    publish_entry(
        title="Early\x0bwarning\x1b <b>&</b> \u202eRTL\u202c",
        summary="Typed with a bell\x07 and an escape\x1b.",
        reference="CP-0001",
        countries=("GHA",),
    )
    release_edition(publisher, "1.0")

    response = client.get(FEED, {"country": "GHA", "q": "early\x1b\x07 warning"})
    found = items(read(response))
    assert set(found) == {"Early warning <b>&</b> \u202eRTL\u202c"}
    assert "Typed with a bell and an escape." in found[next(iter(found))][0]
    title = read(response).findtext(f"{ATOM}title")
    assert "\x1b" not in title and "early warning" in title
    # A NUL anywhere in the address is refused before any view, never a 500.
    assert client.get(FEED, {"q": "early\x00warning"}).status_code == 400


@pytest.mark.parametrize(
    "query, problem",
    [
        ({"contry": "GHA"}, "“contry” is not a filter of the compendium"),
        ({"year_from": "last year"}, "“year_from” must be a year from 1945"),
        ({"year_to": "99999"}, "“year_to” must be a year from 1945"),
        ({"country": "G" * 500}, "“country” has a value no entry can have"),
        ({"pillar": "I\x1b"}, "“pillar” has a value no entry can have"),
        ({"country": [f"C{n:02d}" for n in range(30)]}, "Choose at most 20"),
    ],
)
def test_a_filter_the_compendium_does_not_have_is_refused_in_plain_words(
    client, two_editions, query, problem
):
    response = client.get(FEED, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert problem in response.content.decode()


def test_an_unknown_value_gives_an_empty_feed(client, two_editions):
    for query in ({"country": "XXX"}, {"q": "\u202e\u05e9\u05dc\u05d5\u05dd " * 50}):
        feed = read(client.get(FEED, query))
        assert list(feed.iter(f"{ATOM}entry")) == []


def test_before_any_release_the_feed_is_empty(client):
    assert list(read(client.get(FEED)).iter(f"{ATOM}entry")) == []


def test_pre_publication_editions_are_never_announced(client, two_editions, publisher):
    publish_entry(title="Draft practice", reference="CP-0009", countries=("KEN",))
    release_edition(publisher, "1.2-pre", kind=EditionKind.PRE_PUBLICATION)
    assert "Draft practice" not in items(read(client.get(FEED, {"country": "KEN"})))


def test_the_feed_is_limited(client, two_editions, monkeypatch):
    monkeypatch.setattr(following, "MAX_ITEMS", 2)
    assert len(list(read(client.get(FEED)).iter(f"{ATOM}entry"))) == 2


def test_the_feed_is_cached_like_public_pages_and_purged_at_each_release(
    client, two_editions
):
    response = client.get(FEED, {"country": "KEN"})
    assert "public" in response["Cache-Control"]
    assert "s-maxage" in response["Cache-Control"]
    again = client.get(FEED, {"country": "KEN"}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    # Varnish bans every address under the path, whatever its query string.
    paths = release_paths(["1.1"])
    for prefix in ("", "/fr", "/ar", "/zh-hans"):
        assert f"{prefix}/compendium/feed/entries/*" in paths


def test_a_release_changes_the_feed_at_once(
    client, two_editions, publisher, django_capture_on_commit_callbacks
):
    before = items(read(client.get(FEED, {"country": "DNK"})))
    assert set(before) == {"Atrocity prevention focal point"}
    publish_entry(
        title="Genocide studies chair", reference="CP-0005", countries=("DNK",)
    )
    with django_capture_on_commit_callbacks(execute=True):
        release_edition(publisher, "1.2", kind=EditionKind.UPDATE)
    after = items(read(client.get(FEED, {"country": "DNK"})))
    assert "Genocide studies chair" in after


@pytest.mark.parametrize("prefix", ["", "/fr", "/es", "/ar", "/ru", "/zh-hans"])
def test_every_browse_page_links_to_the_feed_of_its_own_view(
    client, two_editions, prefix
):
    page = client.get(
        f"{prefix}/compendium/",
        {
            "country": "KEN",
            "pillar": "III",
            "q": "mediation",
            "page": "1",
            "utm_source": "x",
        },
    ).content.decode()
    feed = (
        f"{prefix}/compendium/feed/entries/?q=mediation&amp;pillar=III&amp;country=KEN"
    )
    assert '<link rel="alternate" type="application/atom+xml" title="' in page
    assert f'href="{feed}"' in page
    assert page.count(f'href="{feed}"') == 2  # the head's link and the visible one
    assert 'class="follow-view__feed"' in page


def test_an_unfiltered_browse_page_follows_every_entry(client, two_editions):
    page = client.get("/compendium/").content.decode()
    assert 'href="/compendium/feed/entries/"' in page
