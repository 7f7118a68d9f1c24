"""Search finds names however they are typed: case and accents never matter,
in titles, summaries, descriptions and contributors' names, on SQLite and on
PostgreSQL alike, with the same entries in the same order; and in the Office's
and the portal's search boxes too."""

import importlib
import sys
import unicodedata
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.http import QueryDict

from compendium import analysis, browse, search
from compendium.choices import OrganisationKind
from tests.compendium.factories import publish_entry, release_edition
from tests.contributions.factories import create_entry

pytestmark = pytest.mark.django_db

# Each name, as an entry writes it, and the ways a visitor may type it.
NAMES = {
    "Côte d'Ivoire": [
        "cote d'ivoire",
        "Côte d'Ivoire",
        "CÔTE D'IVOIRE",
        "Cote D Ivoire",
    ],
    "São Tomé and Príncipe": [
        "sao tome and principe",
        "São Tomé and Príncipe",
        "SÃO TOMÉ AND PRÍNCIPE",
    ],
    "Türkiye": ["turkiye", "Türkiye", "TÜRKIYE", "tÜrKiYe"],
    "Curaçao": ["curacao", "Curaçao", "CURAÇAO"],
    "Réunion": ["reunion", "Réunion", "RÉUNION", "REUNION"],
}


def typings(name):
    """The ways of typing `name` above, and its letters and accents written
    apart (Unicode NFD), as some keyboards and pasted text give them."""
    return [*NAMES[name], unicodedata.normalize("NFD", name)]


def entry_naming(name, where, reference):
    """An entry holding `name` in one place only: its title, summary,
    description or contributor."""
    fields = {
        "title": "Early warning committee",
        "summary": "An inter-ministerial committee monitors risk factors.",
        "description": "<p>The committee meets every month.</p>",
        "contributor": ("Ghana", OrganisationKind.MEMBER_STATE, "GHA"),
    }
    if where == "contributor":
        fields["contributor"] = (name, OrganisationKind.MEMBER_STATE, None)
    elif where == "description":
        fields["description"] = f"<p>The committee of {name} meets every month.</p>"
    else:
        fields[where] = f"{fields[where]} of {name}"
    return publish_entry(reference=reference, **fields)


PLACES = ["title", "summary", "contributor", "description"]


@pytest.fixture
def edition(publisher):
    """For each name, four entries holding it: in the title, the summary, the
    contributor's name and the description, in this order of references; and
    an entry holding none."""
    number = 1
    for name in NAMES:
        for where in PLACES:
            entry_naming(name, where, f"CP-{number:04d}")
            number += 1
    publish_entry(reference="CP-0099", title="Radio for peace")
    return release_edition(publisher, "1.0")


def references(edition, typed):
    """The references the browse page lists for a search, best first."""
    params = QueryDict(mutable=True)
    params["q"] = typed
    answer = browse.EditionBrowser(edition).answer(browse.Query.from_params(params))
    return [row.reference for row in answer.rows]


def expected(name):
    """The entries holding `name`, ranked title first, then summary, then
    contributor, then description."""
    first = list(NAMES).index(name) * len(PLACES) + 1
    return [f"CP-{number:04d}" for number in range(first, first + len(PLACES))]


@pytest.mark.parametrize("name", list(NAMES))
def test_a_name_is_found_however_it_is_typed_in_the_same_order(edition, name):
    for typed in typings(name):
        assert references(edition, typed) == expected(name), typed


def test_the_raw_index_and_the_browse_page_agree_on_folded_words(edition):
    for name in NAMES:
        for typed in typings(name):
            words = search.clauses_for(edition, search.words_of(typed), "en")
            ids, _found = search.ranked(edition, words)
            assert ids == search.ranked_ids(edition, words), typed
            assert len(ids) == len(PLACES), typed


def test_a_name_typed_with_other_accents_is_still_the_same_name(edition):
    """Folding removes accents; it does not guess: another word stays another
    word."""
    assert references(edition, "Cöté") == references(edition, "cote")
    assert references(edition, "coté d'ivoire") == expected("Côte d'Ivoire")
    assert references(edition, "turkey") == []
    assert references(edition, "union") == []


def test_the_passage_marks_the_name_as_written(client, edition):
    page = client.get("/compendium/", {"q": "sao tome"}).content.decode()
    assert "<mark>São</mark> <mark>Tomé</mark>" in page
    page = client.get("/compendium/", {"q": "CÔTE"}).content.decode()
    assert "<mark>Côte</mark>" in page


def test_a_passage_keeps_letters_and_accents_written_apart_together():
    text = unicodedata.normalize("NFD", "Mediators of Réunion and Curaçao met.")
    marked = search.passage(text, search.words_of("reunion curacao"))
    assert marked == (
        "Mediators of <mark>"
        + unicodedata.normalize("NFD", "Réunion")
        + "</mark> and <mark>"
        + unicodedata.normalize("NFD", "Curaçao")
        + "</mark> met."
    )


def test_a_passage_of_letters_that_fold_to_several_marks_the_whole_word():
    marked = search.passage("Die Straße von Gibraltar", search.words_of("STRASSE"))
    assert marked == "Die <mark>Straße</mark> von Gibraltar"


# The folding itself ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Côte d'Ivoire", "cote d'ivoire"),
        ("SÃO TOMÉ AND PRÍNCIPE", "sao tome and principe"),
        ("Türkiye", "turkiye"),
        ("CURAÇAO", "curacao"),
        ("Réunion", "reunion"),
        ("Straße", "strasse"),
        ("İstanbul", "istanbul"),
        ("ﬁnance", "finance"),  # a ligature
        ("ＵＮ", "un"),  # full-width letters
        ("مَسْؤُولِيَّة", "مسوولية"),  # Arabic vowel signs and hamza
        ("Ελλάδα", "ελλαδα"),
        ("Россия", "россия"),
        ("中国", "中国"),
    ],
)
def test_fold_ignores_case_and_accents(text, folded):
    assert search.fold(text) == folded


def test_fold_changes_nothing_the_second_time_and_folds_each_character_alone():
    """Every character of Unicode: folding it twice gives what folding it once
    gives, and a text folds to its characters' folds one after the other
    (which lets a passage mark the words the index found)."""
    characters = [
        chr(code)
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF
        and unicodedata.category(chr(code)) not in ("Cn", "Co")
    ]
    for character in characters:
        once = search.fold(character)
        assert search.fold(once) == once, hex(ord(character))
    sample = "".join(characters[::97]) + unicodedata.normalize("NFD", "Réunion")
    assert search.fold(sample) == "".join(search.fold(c) for c in sample)


def test_the_query_is_cut_and_says_so():
    long = "warning " * 40
    assert search.was_shortened(long)
    assert search.was_shortened("one two three four five six seven eight nine")
    assert not search.was_shortened("Côte d'Ivoire")
    assert len(search.words_of(long * 10)) == 1


def test_the_browse_page_says_when_a_search_was_cut(client, edition):
    page = client.get("/compendium/", {"q": "warning " * 40}).content.decode()
    assert "Only the first 8 words and 200 characters" in page
    page = client.get("/compendium/", {"q": "warning"}).content.decode()
    assert "Only the first" not in page


# Editions indexed before words were folded -----------------------------------


@pytest.fixture
def unfolded_edition(publisher, monkeypatch):
    """An edition released while the index kept accents, as before."""
    entry_naming("Côte d'Ivoire", "title", "CP-0001")
    with monkeypatch.context() as patched:
        patched.setattr(analysis, "fold", str.lower)
        released = release_edition(publisher, "1.0")
    analysis.stem.cache_clear()
    browse.forget(released)
    assert references(released, "cote d'ivoire") == []
    return released


def test_the_command_makes_an_old_index_again(unfolded_edition):
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert references(unfolded_edition, "cote d'ivoire") == ["CP-0001"]
    assert out.getvalue() == "1.0: 1 entry indexed\n"


def test_the_migration_makes_every_old_index_again(unfolded_edition):
    migration = importlib.import_module("compendium.migrations.0014_fold_search_index")
    migration.rebuild_search_index(apps, None)
    browse.forget(unfolded_edition)
    assert references(unfolded_edition, "CÔTE D'IVOIRE") == ["CP-0001"]


def test_the_command_refuses_an_unknown_label(unfolded_edition):
    with pytest.raises(Exception, match="No released edition with this label: 9.9"):
        call_command("rebuild_search_index", "9.9")


# The Office's and the portal's search boxes -----------------------------------


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("cote", "Côte d&#x27;Ivoire"),
        ("CÔTE D'IVOIRE", "Côte d&#x27;Ivoire"),
        ("São Tomé", "Sao Tome and Principe"),
        ("TURKIYE", "Türkiye"),
    ],
)
def test_the_office_finds_an_organisation_however_its_name_is_typed(
    client, administrator, typed, name
):
    client.force_login(administrator)
    page = client.get("/admin/organisations/", {"q": typed}).content.decode()
    assert name in page
    assert "Ghana" not in page


def test_the_office_finds_a_country_however_its_name_is_typed(client, administrator):
    client.force_login(administrator)
    page = client.get("/admin/countries/", {"q": "turkiye"}).content.decode()
    assert "Türkiye" in page
    assert "Ghana" not in page


def test_members_cannot_search_the_organisations_of_the_admin(client, contributor):
    client.force_login(contributor)
    response = client.get("/admin/organisations/", {"q": "cote"})
    assert response.status_code == 302
    assert "Côte" not in response.content.decode()


def test_the_portal_finds_an_entry_however_its_title_is_typed(
    client, contributor, ghana
):
    create_entry(contributor, ghana, title="Mediation in Côte d'Ivoire")
    create_entry(contributor, ghana, title="Radio for peace")
    client.force_login(contributor)
    for typed in NAMES["Côte d'Ivoire"]:
        page = client.get("/contribute/", {"q": typed}).content.decode()
        assert "Mediation in Côte d&#x27;Ivoire" in page, typed
        assert "Radio for peace" not in page, typed


def test_the_portal_says_when_a_search_was_cut(client, contributor, ghana):
    create_entry(contributor, ghana, title="Mediation in Côte d'Ivoire")
    client.force_login(contributor)
    page = client.get("/contribute/", {"q": "mediation " * 30}).content.decode()
    assert "Only the first 8 words and 200 characters" in page
    assert "Mediation in Côte d&#x27;Ivoire" in page
