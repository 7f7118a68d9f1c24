"""An edition pins, with each entry, what lists show of it in every language:
the Office's translated title and summary and the contributor's name as the
Office writes it in that language. Browse, the changelog, a country's profile
and an entry's related entries show them in the reader's language, the original
marked with its language where there is no translation, and a later edit never
changes an edition already released."""

import importlib

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organisation, OrganisationName
from compendium import browse, search
from compendium.choices import OrganisationKind
from compendium.models import Edition, EditionEntry
from tests.compendium.factories import publish_entry, release_edition
from tests.compendium.test_entry_translations import translate

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "compendium.migrations.0026_edition_entry_in_languages"
)

TITLE = "National early warning committee"
SUMMARY = "An inter-ministerial committee that monitors risk factors."
FRENCH_TITLE = "Comité national d’alerte précoce"
FRENCH_SUMMARY = "Un comité interministériel qui suit les facteurs de risque."
NETWORK = "West African Early Warning Network"
NETWORK_ES = "Red de Alerta Temprana de África Occidental"
NETWORK_FR = "Réseau ouest-africain d’alerte précoce"
CIVIL_SOCIETY = (NETWORK, OrganisationKind.CIVIL_SOCIETY, None)


def page(client, url, language="en"):
    cache.clear()
    if language != "en":
        url = f"/{language}{url}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def network(**names):
    organisation = Organisation.objects.create(
        name=NETWORK, kind=OrganisationKind.CIVIL_SOCIETY
    )
    for language, name in names.items():
        OrganisationName.objects.create(
            organisation=organisation, language=language, name=name
        )
    return organisation


def french_translated_entry(**fields):
    entry = publish_entry(countries=("GHA",), **fields)
    return translate(entry, fr=(FRENCH_TITLE, FRENCH_SUMMARY, ""))


LISTS = [
    "/compendium/",
    "/compendium/editions/1.0/changes/",
    "/compendium/countries/GHA/",
]


@pytest.mark.parametrize("url", LISTS)
def test_lists_show_the_french_title_under_fr(client, publisher, url):
    french_translated_entry()
    release_edition(publisher, "1.0")
    body = page(client, url, "fr")
    assert f">{FRENCH_TITLE}</a>" in body
    assert TITLE not in body
    # Read in French, the title is French: no other language to mark.
    assert 'lang="en" dir="auto"' not in body


@pytest.mark.parametrize("url", LISTS)
def test_lists_mark_the_original_where_there_is_no_translation(client, publisher, url):
    french_translated_entry()
    release_edition(publisher, "1.0")
    body = page(client, url, "es")
    assert f'lang="en" dir="auto">{TITLE}</a>' in body
    assert FRENCH_TITLE not in body
    # In English the original needs no mark.
    english = page(client, url)
    assert f'">{TITLE}</a>' in english
    assert 'lang="en" dir="auto"' not in english


def test_browse_shows_the_summary_in_the_readers_language(client, publisher):
    french_translated_entry()
    release_edition(publisher, "1.0")
    assert FRENCH_SUMMARY in page(client, "/compendium/", "fr")
    spanish = page(client, "/compendium/", "es")
    assert f'<p class="result__text" lang="en" dir="auto">{SUMMARY}</p>' in spanish


def test_related_entries_show_their_title_in_the_readers_language(client, publisher):
    french_translated_entry()
    other = publish_entry(title="Another committee", countries=("GHA",))
    release_edition(publisher, "1.0")
    body = page(client, f"/compendium/entries/{other.reference}/", "fr")
    assert f">{FRENCH_TITLE}</a>" in body


def test_the_contributor_is_named_in_the_readers_language(client, publisher):
    network(es=NETWORK_ES)
    entry = publish_entry(contributor=CIVIL_SOCIETY)
    release_edition(publisher, "1.0")
    entry_page = page(client, f"/compendium/entries/{entry.reference}/", "es")
    assert f"<dd>{NETWORK_ES} <span" in entry_page
    browse = page(client, "/compendium/", "es")
    assert f"{NETWORK_ES} · " in browse
    assert f"{NETWORK} · " not in browse
    # Without a name in French, the name as registered.
    assert f"{NETWORK} · " in page(client, "/compendium/", "fr")
    english = page(client, f"/compendium/entries/{entry.reference}/")
    assert f"<dd>{NETWORK} <span" in english
    assert NETWORK_ES not in english


def test_the_changelog_and_country_profile_name_the_contributor_in_spanish(
    client, publisher
):
    network(es=NETWORK_ES)
    publish_entry(contributor=CIVIL_SOCIETY, countries=("GHA",))
    release_edition(publisher, "1.0")
    assert NETWORK_ES in page(client, "/compendium/editions/1.0/changes/", "es")
    assert NETWORK_ES in page(client, "/compendium/countries/GHA/", "es")


def test_a_released_edition_keeps_the_names_and_titles_it_was_released_with(
    client, publisher
):
    organisation = network(es=NETWORK_ES)
    entry = publish_entry(contributor=CIVIL_SOCIETY)
    first = release_edition(publisher, "1.0")
    pinned = first.rows.get().in_languages
    assert pinned == {"es": {"contributor_name": NETWORK_ES}}

    # The Office renames the Spanish name, adds a French one and translates
    # the entry; the next edition shows them, the first never.
    organisation.name_translations.filter(language="es").update(name="Otra red")
    OrganisationName.objects.create(
        organisation=organisation, language="fr", name=NETWORK_FR
    )
    translate(entry, fr=(FRENCH_TITLE, FRENCH_SUMMARY, ""))
    release_edition(publisher, "2.0")

    assert EditionEntry.objects.get(edition=first).in_languages == pinned
    old = "/compendium/editions/1.0/"
    old_entry = f"{old}entries/{entry.reference}/"
    for url in (old, old_entry):
        spanish = page(client, url, "es")
        assert NETWORK_ES in spanish
        assert "Otra red" not in spanish
        french = page(client, url, "fr")
        assert NETWORK_FR not in french
        assert FRENCH_TITLE not in french
    assert NETWORK_FR in page(client, "/compendium/", "fr")
    assert FRENCH_TITLE in page(client, f"/compendium/entries/{entry.reference}/", "fr")
    assert "Otra red" in page(client, "/compendium/", "es")


def test_released_english_content_is_unchanged_by_names(publisher):
    network(es=NETWORK_ES, fr=NETWORK_FR)
    publish_entry(contributor=CIVIL_SOCIETY)
    content = release_edition(publisher, "1.0").rows.get().content
    assert content["contributor"]["name"] == NETWORK
    assert NETWORK_ES not in str(content)
    assert "language" not in content
    assert "translations" not in content


def _queries(client, url, language):
    page(client, url, language)  # the edition's index is read once per process
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/{language}{url}")
    return len(queries)


@pytest.mark.parametrize("url", LISTS[:2] + ["/compendium/countries/GHA/"])
def test_list_queries_do_not_grow_with_rows(client, publisher, url):
    network(es=NETWORK_ES)
    for _ in range(2):
        french_translated_entry(contributor=CIVIL_SOCIETY)
    release_edition(publisher, "1.0")
    few = _queries(client, url, "fr")
    for _ in range(6):
        french_translated_entry(contributor=CIVIL_SOCIETY)
    Edition.objects.all().delete()
    release_edition(publisher, "1.0")
    assert _queries(client, url, "fr") == few


def test_rows_released_before_read_their_translations_from_their_content(
    client, publisher
):
    french_translated_entry()
    edition = release_edition(publisher, "1.0")
    EditionEntry.objects.filter(edition=edition).update(language="en", in_languages={})
    assert FRENCH_TITLE not in page(client, "/compendium/", "fr")

    migration.from_released_content(apps, None)

    row = EditionEntry.objects.get(edition=edition)
    assert row.in_languages == {
        "fr": {"title": FRENCH_TITLE, "summary": FRENCH_SUMMARY}
    }
    assert f">{FRENCH_TITLE}</a>" in page(client, "/compendium/", "fr")


def test_search_finds_the_entry_by_its_contributors_pinned_names(client, publisher):
    network(es=NETWORK_ES)
    entry = publish_entry(contributor=CIVIL_SOCIETY)
    edition = release_edition(publisher, "1.0")
    assert entry.reference in page(client, "/compendium/?q=Temprana", "es")
    assert entry.reference in page(client, "/compendium/?q=Temprana")
    # The index made again from the rows as released finds it too.
    search.rebuild_index(edition)
    browse.forget(edition)
    assert entry.reference in page(client, "/compendium/?q=Temprana", "es")


def test_the_feed_reads_new_entries_in_the_readers_language(client, publisher):
    french_translated_entry()
    release_edition(publisher, "1.0")
    french = page(client, "/compendium/feed/", "fr")
    assert FRENCH_TITLE in french
    assert FRENCH_SUMMARY in french
    assert FRENCH_TITLE not in page(client, "/compendium/feed/")
