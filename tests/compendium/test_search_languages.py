"""Search in each of the six languages: a word finds the entries written or
translated in its language by any form of it (each language's stemming),
Chinese by its pairs of characters, the same entries in the same order on
SQLite and on PostgreSQL (this module runs on both), with the words the reader
typed marked in the passages."""

import pytest
from django.http import QueryDict
from django.utils import translation

from compendium import analysis, browse, search
from compendium.models import EditionEntry
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db

# For each language: a title, a summary and a description each holding one form
# of a word, a query typing another form of it, and a text holding none.
CORPUS = {
    "en": {
        "forms": ["Mediating local disputes", "Mediators", "mediation"],
        "query": "mediated",
        "other": "A weapons registry for schools",
    },
    "fr": {
        "forms": ["Protéger les civils", "protège", "protégés"],
        "query": "protégeant",
        "other": "Un registre national des armes",
    },
    "es": {
        "forms": ["Retorno de desplazados", "desplazamiento", "desplazadas"],
        "query": "desplazada",
        "other": "Un registro nacional de armas",
    },
    "ru": {
        "forms": ["Помощь беженцам", "беженцев", "беженцами"],
        "query": "беженцы",
        "other": "Национальный реестр оружия",
    },
    "ar": {
        "forms": ["إصلاح المحكمة", "للمحكمة", "بالمحكمة"],
        "query": "محكمة",
        "other": "سجل وطني للأسلحة",
    },
    "zh-hans": {
        "forms": ["人权保护委员会", "负责保护平民", "委员会保护证人"],
        "query": "保护",
        # 保 and 护 both there, never side by side: no match.
        "other": "保全和维护国家档案",
    },
}
PLACES = ("title", "summary", "description")


def reference(language, number):
    return f"CP-{list(CORPUS).index(language) + 1}{number:03d}"


def text_with(words, place):
    """Title, summary and description with `words` in `place` only, and with
    enough other words that the three entries weigh alike."""
    texts = {"title": "—", "summary": "—", "description": "—"}
    texts[place] = words
    return texts


def set_languages(edition, languages, translations=None):
    """Give the edition's rows the language they were written in, and
    translations, as released content carries them, and index them again."""
    translations = translations or {}
    for row in EditionEntry.objects.filter(edition=edition):
        row.content["language"] = languages[row.reference]
        if row.reference in translations:
            row.content["translations"] = translations[row.reference]
        row.save(update_fields=["content"])
    search.rebuild_index(edition)
    browse.forget(edition)


@pytest.fixture
def edition(publisher):
    """Four entries in each language: the word in the title, the summary, the
    description, and none; an English entry translated into Russian and
    Chinese."""
    languages = {}
    for language, corpus in CORPUS.items():
        for number, (place, form) in enumerate(
            zip(PLACES, corpus["forms"], strict=True)
        ):
            texts = text_with(form, place)
            publish_entry(
                reference=reference(language, number + 1),
                title=texts["title"],
                summary=texts["summary"],
                description=f"<p>{texts['description']}</p>",
            )
            languages[reference(language, number + 1)] = language
        publish_entry(
            reference=reference(language, 4),
            title=corpus["other"],
            summary=corpus["other"],
            description=f"<p>{corpus['other']}</p>",
        )
        languages[reference(language, 4)] = language
    publish_entry(reference="CP-9000", title="Peace radio", summary="A station.")
    languages["CP-9000"] = None  # released before languages were recorded
    released = release_edition(publisher, "1.0")
    set_languages(
        released,
        languages,
        {
            "CP-9000": {
                "ru": {"title": "Радиостанция мира", "summary": "Станция."},
                "zh-hans": {"title": "和平电台", "summary": "一个电台。"},
            }
        },
    )
    return released


def references(edition, typed, language="en"):
    """The references the browse page lists for a search by a reader in
    `language`, best first."""
    params = QueryDict(mutable=True)
    params["q"] = typed
    with translation.override(language):
        query = browse.Query.from_params(params)
    return [row.reference for row in browse.browser_for(edition).answer(query).rows]


@pytest.mark.parametrize("language", list(CORPUS))
def test_a_word_finds_every_form_of_it_title_first(edition, language):
    expected = [reference(language, number) for number in (1, 2, 3)]
    assert references(edition, CORPUS[language]["query"], language) == expected


@pytest.mark.parametrize("language", list(CORPUS))
def test_the_raw_index_ranks_the_same_as_the_browse_page(edition, language):
    words = search.words_of(CORPUS[language]["query"])
    clauses = search.clauses_for(edition, words, language)
    ids, _found = search.ranked(edition, clauses)
    assert ids == search.ranked_ids(edition, clauses)
    assert len(ids) == 3


def test_chinese_is_matched_by_pairs_of_characters_not_single_ones(edition):
    assert analysis.terms("人权保护", "zh-hans") == ["人权", "权保", "保护"]
    assert reference("zh-hans", 4) not in references(edition, "保护", "zh-hans")
    assert references(edition, "档案", "zh-hans") == [reference("zh-hans", 4)]
    # A longer phrase needs each of its pairs.
    assert references(edition, "人权保护", "zh-hans") == [reference("zh-hans", 1)]


def test_a_translation_is_found_in_its_own_language(edition):
    assert references(edition, "电台", "zh-hans") == ["CP-9000"]
    # Russian stemming of the translation: "радиостанции" is "радиостанция".
    assert references(edition, "радиостанции", "ru") == ["CP-9000"]
    # The original stays found in English.
    assert references(edition, "radio", "en") == ["CP-9000"]


def test_a_reader_finds_entries_of_every_language_the_edition_holds(edition):
    """A search is made in the reader's language and in each language of the
    edition's entries and translations: a French reader finds the English
    entries by an English word, an English reader the French ones by a French
    word."""
    assert search.query_languages(edition, "fr") == (
        "ar",
        "en",
        "es",
        "fr",
        "ru",
        "zh-hans",
    )
    english = [reference("en", number) for number in (1, 2, 3)]
    assert references(edition, "mediated", "fr") == english
    french = [reference("fr", number) for number in (1, 2, 3)]
    assert references(edition, "protégeant", "en") == french


def test_an_edition_in_english_is_searched_in_english_and_the_readers_language(
    publisher,
):
    publish_entry(reference="CP-0001", title="Protection of civilians")
    publish_entry(reference="CP-0002", title="Schools")
    released = release_edition(publisher, "1.0")
    assert search.query_languages(released, "en") == ("en",)
    assert search.query_languages(released, "fr") == ("en", "fr")
    # Each reader finds the English entry by an English word's English stem.
    for language in ("en", "fr", "ar", "zh-hans"):
        assert references(released, "protecting", language) == ["CP-0001"]


def test_common_terms_kept_at_release_rank_as_the_index_does(edition, settings):
    """With every term of the corpus kept as common, a search of alternatives
    (a word's stems in several languages) adds the kept scores as the index
    adds them."""
    settings.COMPENDIUM_SEARCH_COMMON_ROWS = 1
    search.rebuild_index(edition)
    browse.forget(edition)
    for language, corpus in CORPUS.items():
        words = search.words_of(corpus["query"])
        clauses = search.clauses_for(edition, words, language)
        assert all(
            term in search.facet_index(edition).common_words
            for terms in clauses
            for term in terms
            if search.ranked_ids(edition, [term])
        )
        ids, found = search.ranked(edition, clauses)
        assert ids == search.ranked_ids(edition, clauses), language
        assert set(found) == set(ids)
    clauses = (("mediat", "protect"),)
    assert search.ranked(edition, clauses)[0] == search.ranked_ids(edition, clauses)


def test_words_with_several_stems_are_all_required(edition):
    """Each word of a query matches by any of its stems, and every word must
    match: "protégeant civils" is two clauses of alternatives."""
    clauses = search.clauses_for(edition, ["protegeant", "civils"], "fr")
    assert len(clauses) == 2 and all(len(terms) > 1 for terms in clauses)
    assert references(edition, "protégeant civils", "fr") == [reference("fr", 1)]
    assert references(edition, "protégeant écoles", "fr") == []


def test_passages_mark_what_the_language_matched():
    text = "Protéger les civils : la mission protège les écoles et les protégés."
    assert search.passage(text, ["protégeant"], ("fr",)) == (
        "<mark>Protéger</mark> les civils : la mission <mark>protège</mark> les "
        "écoles et les <mark>protégés</mark>."
    )
    assert search.passage("委员会负责人权保护工作", ["保护"], ("zh-hans",)) == (
        "委员会负责人权<mark>保护</mark>工作"
    )
    # Overlapping pairs are marked as one stretch.
    assert search.passage("人权保护委员会", ["人权保护"], ("zh-hans",)) == (
        "<mark>人权保护</mark>委员会"
    )
    assert search.passage("إصلاح المحكمة العليا", ["محكمة"], ("ar",)) == (
        "إصلاح <mark>المحكمة</mark> العليا"
    )
    assert search.passage("Помощь беженцам", ["беженцы"], ("ru",)) == (
        "Помощь <mark>беженцам</mark>"
    )


def test_the_browse_page_marks_the_typed_word_in_a_french_summary(client, edition):
    with translation.override("fr"):
        page = client.get("/compendium/", {"q": "protégeant"}).content.decode()
    assert "<mark>protège</mark>" in page
