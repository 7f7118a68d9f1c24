"""Searches of an edition's most common words: the release keeps each such
word's rows and scores, and a search adds them up instead of asking the
full-text index to rank tens of thousands of rows, in exactly the index's
order."""

import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compendium import analysis, search
from compendium.models import Country, EditionWord, Pillar, Priority
from demo.published import bulk_publish
from tests.compendium.factories import bulk_item, release_edition

pytestmark = pytest.mark.django_db

# Common words in most texts, middling ones in some, and rare ones.
COMMON = ["the", "of", "prevention", "and"]
MIDDLING = ["mediation", "warning", "radio", "courts", "youth"]
RARE = ["mangroves", "ombudsman", "cartography"]
THRESHOLD = 12  # rows a word must be found in to be kept, in these tests


def texts(count, seed=7):
    """(title, summary, description) of `count` entries of varied lengths, so
    that scores differ from row to row. Every eleventh entry has rare words."""
    chance = random.Random(seed)

    def sentence(length, rare):
        vocabulary = COMMON + MIDDLING + (RARE if rare else [])
        picked = [
            word
            for word in vocabulary
            if chance.random() < (0.8 if word in COMMON else 0.3)
        ]
        filler = [f"filler{chance.randrange(50)}" for _ in range(length)]
        return " ".join(chance.sample(picked + filler, len(picked) + len(filler)))

    for number in range(count):
        rare = number % 11 == 0
        yield (
            f"Practice {number} {sentence(2, rare)}",
            sentence(chance.randrange(4, 12), rare),
            sentence(chance.randrange(10, 60), rare),
        )


@pytest.fixture
def edition(publisher, settings):
    settings.COMPENDIUM_SEARCH_COMMON_ROWS = THRESHOLD
    pillar = Pillar.objects.get(code="I").pk
    priority = Priority.objects.get(code="2").pk
    ghana = Country.objects.get(iso3="GHA")
    rows = list(texts(40))
    bulk_publish(
        bulk_item(
            number,
            country=ghana,
            pillar=pillar,
            priority=priority,
            title=title,
            summary=summary,
            description=f"<p>{description}</p>",
            countries=[],
            sources=[],
        )
        for number, (title, summary, description) in enumerate(rows)
    )
    released = release_edition(publisher, "1.0")
    released.texts = rows
    return released


def rows_holding(rows, word):
    return sum(word in re.findall(r"\w+", " ".join(text).lower()) for text in rows)


def test_a_release_keeps_the_words_found_in_enough_rows(edition):
    expected = {
        word
        for word in COMMON + MIDDLING + RARE
        if rows_holding(edition.texts, word) >= THRESHOLD
    }
    kept = set(
        EditionWord.objects.filter(edition=edition).values_list("word", flat=True)
    )
    # The index holds each word's English stem ("prevention" is "prevent").
    stems = {word: analysis.stem(word, "en") for word in COMMON + MIDDLING + RARE}
    assert {stems[word] for word in COMMON} <= kept
    assert not {stems[word] for word in RARE} & kept
    assert kept & set(stems.values()) == {stems[word] for word in expected}
    # "filler7" and "practice" ("practic") are terms of the index too, in many
    # rows.
    assert "practic" in kept


@pytest.mark.parametrize(
    "query",
    [
        "the",
        "prevention",
        "the of",
        "of and the prevention",
        "the mangroves",
        "mediation the of",
        "ombudsman",
        "warning radio",
        "the nowhere",
    ],
)
def test_searches_rank_as_the_full_text_index_does(edition, query):
    words = search.clauses_for(edition, search.words_of(query), "en")
    ids, bitmap = search.ranked(edition, words)
    assert ids == search.ranked_ids(edition, words)
    assert set(bitmap) == set(ids)
    if query != "the nowhere":
        assert ids, "the query should find something"


@pytest.mark.parametrize(
    "clauses",
    [
        # "prevention" read in English and Spanish: a common stem and a rare one.
        [("prevent", "prevention")],
        [("prevent", "prevention"), ("the",)],
        [("of", "mangrov")],
        [("the", "ombudsman"), ("mediat",)],
        [("prevent", "nowhere"), ("and", "nothing")],
    ],
)
def test_a_clause_of_a_common_term_and_rare_ones_ranks_as_the_index_does(
    edition, clauses
):
    ids, bitmap = search.ranked(edition, clauses)
    assert ids == search.ranked_ids(edition, clauses)
    assert set(bitmap) == set(ids)
    assert ids


def test_a_clause_with_a_common_term_asks_the_index_only_for_its_rare_ones(edition):
    search.facet_index(edition)
    search.ranked(edition, ["the"])  # the common word's kept rows, read once
    with CaptureQueriesContext(connection) as asked:
        search.ranked(edition, [("the", "ombudsman")])
    assert len(asked) == 1
    sql = asked.captured_queries[0]["sql"]
    assert "ombudsman" in sql
    # The common term's rows and scores come from what the release kept.
    assert not re.search(r"[\"']the[\"']", sql), sql


def test_scores_differ_so_the_order_is_a_real_ranking(edition):
    """Guard for the test above: equal scores would only test the order by id."""
    ids = search.ranked_ids(edition, ["the"])
    assert ids != sorted(ids)


def test_a_search_of_common_words_leaves_the_index_alone(edition):
    search.facet_index(edition)  # the edition's bitmaps, loaded once per process
    with CaptureQueriesContext(connection) as first:
        ids, _bitmap = search.ranked(edition, ["the", "of"])
    assert len(first) == 2  # each word's kept rows and scores, read once
    read = [query["sql"] for query in first.captured_queries]
    assert all("compendium_editionword" in sql for sql in read), read
    assert not any("compendium_search" in sql for sql in read), read
    with CaptureQueriesContext(connection) as again:
        assert search.ranked(edition, ["of", "the"])[0] == ids
    assert len(again) == 0


def test_a_repeated_word_counts_once():
    assert search.words_of("The the THE of") == ["the", "of"]


def test_the_browse_page_lists_a_common_word_in_the_index_order(client, edition):
    body = client.get("/compendium/?q=the").content.decode()
    shown = re.findall(r'class="result__title"><a [^>]*>([^<]+)</a>', body)
    titles = dict(edition.rows.values_list("pk", "title"))
    expected = [titles[pk] for pk in search.ranked_ids(edition, ["the"])[:20]]
    assert shown == expected
    assert "<mark>" in body
