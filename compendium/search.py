"""Full-text search and facets over released editions.

Built when an edition is released, never on the fly: FTS5 on SQLite (one table
per edition, so a query never has to filter another edition's rows), a weighted
tsvector with a GIN index on PostgreSQL (one table, keyed by edition). Both
match every word of the query as a whole word, and both are given the text as
words_of() splits it (PostgreSQL's own parser would keep "mangroves.By" or
"A/69/981" as one token), so they find the same entries. The words are folded
here, by fold(), before either engine sees them, in the index as in the query:
case and accents never matter ("cote d'ivoire", "Côte d'Ivoire" and "CÔTE
D'IVOIRE" are the same words), and neither engine's own case rules or
tokenizer options, which differ, come into it. Each ranks by its own measure,
title before summary before contributor before description: bm25 on SQLite; on
PostgreSQL the sum of each word's ts_rank, over the positions of the title,
summary and contributor's name only. The description's words are kept there
without positions, so they make an entry match and weigh as one occurrence of
the lowest weight: ranking every match of a common word over whole descriptions
is what made a search of 100,000 entries slow there (DESIGN.md §3). The passages
shown with each result are made here, from the words the index matched, the
same on both.

What is typed is never given to either engine as it is: only the words
words_of() finds in its first MAX_QUERY_LENGTH characters, at most MAX_WORDS of
them, each quoted for FTS5, so no quote, bracket, operator (AND, NEAR, *, ^,
"title:") or control character can change the query or make it fail.

Both measures add up word by word (bm25 is a sum over the query's words), and
that is what keeps a search of the most common words fast. Ranking a word found
in tens of thousands of rows costs the index a few microseconds a row, so a
search of "the" over 100,000 entries took it 100–230 ms. At release, each word
found in at least COMPENDIUM_SEARCH_COMMON_ROWS rows has its rows and the
index's own score of each row kept (EditionWord); a search adds those stored
scores and asks the index only about its other words. The order is the index's
own, to the last bit of rounding.

Facet counts come from one compressed bitmap of row ids per facet value
(pyroaring), built once per edition and process: counting a value is the size of
an intersection, a fraction of a millisecond whatever the edition's size (see
DESIGN.md §3 for the measurements behind this choice).
"""

import re
import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from itertools import islice
from typing import NamedTuple

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import JSONField, Value
from django.db.models.fields.json import KT
from django.utils.safestring import mark_safe
from pyroaring import BitMap

from . import analysis
from .analysis import MAX_WORD_LENGTH, fold, words_in
from .models import EditionEntry, EditionFacet, EditionWord

__all__ = ["MAX_WORD_LENGTH", "fold", "words_in"]

# What the index holds changed (words folded, contributors' names indexed,
# words stemmed in their language and Chinese in pairs of characters): pages
# kept in the cache before are not served again (page_cache), and migrations
# made the index of each released edition again.
INDEX_VERSION = 3
MAX_WORDS = 8
MAX_QUERY_LENGTH = 200  # characters looked at; the rest is ignored
_WORD = analysis.WORD


def words_of(query):
    """The words searched for: letters and digits only, folded, so no operator
    or quote ever reaches the full-text engine. A word given twice counts
    once."""
    words = words_in((query or "")[:MAX_QUERY_LENGTH])
    return list(dict.fromkeys(words))[:MAX_WORDS]


def was_shortened(query):
    """Whether only part of what was typed is searched: the words past
    MAX_QUERY_LENGTH characters, or past the first MAX_WORDS, are not."""
    query = query or ""
    if len(query) > MAX_QUERY_LENGTH:
        return True
    return len(dict.fromkeys(words_in(query))) > MAX_WORDS


def _sqlite_table(edition_id):
    return f"compendium_search_{int(edition_id)}"


def _document(title, summary, description, contributor, language, translations):
    """(title, summary, description, contributor) as the terms either engine
    is given to index, one space between each: the entry's own text analysed
    in the language it was written in, and each translation's text in its
    language, added to the same field."""
    language = analysis.language_of(language)
    fields = [
        analysis.terms(title, language),
        analysis.terms(summary, language),
        analysis.terms(description, language),
        analysis.terms(contributor, language),
    ]
    for code, translated in sorted((translations or {}).items()):
        if not isinstance(translated, dict):
            continue
        code = analysis.language_of(code)
        for terms, name in zip(
            fields, ("title", "summary", "description_text"), strict=False
        ):
            terms += analysis.terms(translated.get(name) or "", code)
    return [" ".join(terms) for terms in fields]


def start_index(edition):
    """An empty full-text index for an edition about to be pinned, or whose
    index is made again: on SQLite a table left by an edition whose id is
    being used again (after a database flush) is dropped first; on PostgreSQL
    the edition's rows are removed."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            table = _sqlite_table(edition.pk)
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(
                f"CREATE VIRTUAL TABLE {table} USING fts5(title, summary, body, "
                "contributor, tokenize='unicode61 remove_diacritics 0')"
            )
        else:
            cursor.execute(
                "DELETE FROM compendium_search WHERE edition_id = %s", [edition.pk]
            )


def contributor_names(registered, in_languages):
    """The contributor's name as registered and as the edition pinned it in
    other languages: a reader finds the entry by the name they know."""
    names = [registered]
    for shown in (in_languages or {}).values():
        name = shown.get("contributor_name")
        if name and name not in names:
            names.append(name)
    return " ".join(names)


def index_rows(rows):
    """Add released rows to their edition's full-text index."""
    _index(
        (
            row.pk,
            row.edition_id,
            row.title,
            row.summary,
            row.content.get("description_text", ""),
            contributor_names(row.contributor_name, row.in_languages),
            row.content.get("language"),
            row.content.get("translations"),
        )
        for row in rows
    )


def _index(documents):
    """Add (row id, edition id, title, summary, description, contributor,
    language, translations) of one edition's rows to its full-text index."""
    documents = [
        (row_id, edition_id, *_document(*texts))
        for row_id, edition_id, *texts in documents
    ]
    if not documents:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            table = _sqlite_table(documents[0][1])
            cursor.executemany(
                f"INSERT INTO {table}(rowid, title, summary, body, contributor) "
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    (row_id, title, summary, body, contributor)
                    for row_id, _edition, title, summary, body, contributor in documents
                ],
            )
        else:
            cursor.executemany(
                "INSERT INTO compendium_search (row_id, edition_id, document) VALUES "
                "(%s, %s, setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'C') || "
                "strip(to_tsvector('simple', %s)))",
                [
                    (row_id, edition_id, title, summary, contributor, body)
                    for row_id, edition_id, title, summary, body, contributor in (
                        documents
                    )
                ],
            )


def _pinned_names():
    """The rows' pinned names in other languages, to index; none while the
    migrations before the column's make an index again (0014, 0023)."""
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(
            cursor, EditionEntry._meta.db_table
        )
    if any(column.name == "in_languages" for column in columns):
        return "in_languages"
    return Value(None, output_field=JSONField())


def rebuild_index(edition):
    """Make an edition's full-text index and its kept common words again from
    its rows as released, when what the index holds has changed (as when
    words came to be folded). The rows themselves are left as they are."""
    start_index(edition)
    rows = (
        EditionEntry.objects.filter(edition_id=edition.pk)
        .order_by("pk")
        .values_list(
            "pk",
            "edition_id",
            "title",
            "summary",
            KT("content__description_text"),
            "contributor_name",
            KT("content__language"),
            "content__translations",
            _pinned_names(),
        )
    )
    batch = []
    for *row, shown in rows.iterator(chunk_size=2000):
        row[5] = contributor_names(row[5], shown)
        batch.append(tuple(row))
        if len(batch) == 2000:
            _index(batch)
            batch = []
    _index(batch)
    keep_common_words(edition)
    forget(edition)


def forget(edition):
    """Drop what this process keeps of an edition's index."""
    with _lock:
        _indexes.pop(edition.pk, None)
        for key in [key for key in _common_words if key[0] == edition.pk]:
            del _common_words[key]


_BM25 = "bm25({table}, 10.0, 4.0, 1.0, 2.0)"
# One word's ts_rank, widened so that a sum over words is made in the same
# 64-bit floats as the sum of stored scores.
_TS_RANK = "ts_rank(document, plainto_tsquery('simple', %s))::float8"


def as_clauses(words):
    """Clauses (see analysis.clauses) from clauses, or from terms, each then a
    clause of its own."""
    return tuple((word,) if isinstance(word, str) else tuple(word) for word in words)


def _fts5_query(clauses):
    # AND written out: FTS5 takes a space for AND between phrases only, not
    # beside a bracketed OR.
    return " AND ".join(
        f'"{terms[0]}"'
        if len(terms) == 1
        else "(" + " OR ".join(f'"{term}"' for term in terms) + ")"
        for terms in clauses
    )


def _tsquery(clauses):
    # Terms are letters and digits only (analysis.WORD): nothing to escape.
    return " & ".join(
        "(" + " | ".join(f"'{term}'" for term in terms) + ")" for terms in clauses
    )


def _ts_rank_sum(terms):
    return " + ".join([_TS_RANK] * len(terms))


class _Matching(NamedTuple):
    """The rows of an edition matching every clause, as the engine in use
    finds and scores them: FROM … WHERE … with its parameters, the row id
    column, and each row's score with its parameters."""

    source: str
    source_params: list
    row_id: str
    score: str
    score_params: list


def _matching(edition, clauses):
    if connection.vendor == "sqlite":
        table = _sqlite_table(edition.pk)
        return _Matching(
            f"FROM {table} WHERE {table} MATCH %s",
            [_fts5_query(clauses)],
            "rowid",
            _BM25.format(table=table),
            [],
        )
    # Like bm25, a sum over every term of the query, so that the scores kept
    # for common terms add up to the index's own.
    terms = [term for alternatives in clauses for term in alternatives]
    return _Matching(
        "FROM compendium_search "
        "WHERE edition_id = %s AND document @@ to_tsquery('simple', %s)",
        [edition.pk, _tsquery(clauses)],
        "row_id",
        _ts_rank_sum(terms),
        terms,
    )


def _higher_scores_first():
    """bm25 (SQLite) is lower the better; ts_rank (PostgreSQL) higher."""
    return connection.vendor != "sqlite"


def ranked_ids(edition, words):
    """Row ids of the edition matching every clause of `words` (terms or
    clauses of terms, see as_clauses), best first, as the full-text index
    alone ranks them: the raw query that ranked() avoids for common terms."""
    if not words:
        return []
    match = _matching(edition, as_clauses(words))
    direction = " DESC" if _higher_scores_first() else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {match.row_id} {match.source} "
            f"ORDER BY {match.score}{direction}, {match.row_id}",
            [*match.source_params, *match.score_params],
        )
        return [row_id for (row_id,) in cursor.fetchall()]


def _scored(edition, clauses):
    """(row ids, scores) of the rows matching every clause, in no order, each
    score as the index gives it."""
    match = _matching(edition, clauses)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {match.row_id}, {match.score} {match.source}",
            [*match.score_params, *match.source_params],
        )
        found = cursor.fetchall()
    ids = np.fromiter((row_id for row_id, _score in found), np.int64, len(found))
    scores = np.fromiter((score for _id, score in found), np.float64, len(found))
    return ids, scores


def _ids_of(bitmap):
    """A bitmap's row ids, ascending, as an array numpy can index with."""
    return np.frombuffer(bitmap.to_array(), dtype=np.uint32).astype(np.int64)


def _bitmap_of(ids):
    return BitMap(array("I", ids.astype(np.uint32).tobytes()))


def _best_first(ids, scores):
    """ids ordered as the index orders them: lowest bm25 first on SQLite,
    highest ts_rank first on PostgreSQL, then by id."""
    key = -scores if _higher_scores_first() else scores
    return ids[np.lexsort((ids, key))]


# Common words --------------------------------------------------------------------


def common_rows():
    """How many rows must hold a word for its scores to be kept at release."""
    return getattr(settings, "COMPENDIUM_SEARCH_COMMON_ROWS", 20_000)


def _frequent_words(edition, least):
    """The words of the edition's index found in at least `least` rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            table = _sqlite_table(edition.pk)
            vocabulary = f"{table}_vocabulary"
            cursor.execute(
                f"CREATE VIRTUAL TABLE temp.{vocabulary} "
                f"USING fts5vocab(main, {table}, row)"
            )
            try:
                cursor.execute(
                    f"SELECT term FROM temp.{vocabulary} WHERE doc >= %s", [least]
                )
                words = [word for (word,) in cursor.fetchall()]
            finally:
                cursor.execute(f"DROP TABLE temp.{vocabulary}")
        else:
            cursor.execute(
                "SELECT word FROM ts_stat(%s) WHERE ndoc >= %s",
                [
                    "SELECT document FROM compendium_search "
                    f"WHERE edition_id = {int(edition.pk)}",
                    least,
                ],
            )
            words = [word for (word,) in cursor.fetchall()]
    # Only what words_of() could ask for is worth keeping.
    return sorted(word for word in words if words_of(word) == [word])


def keep_common_words(edition):
    """Keep the rows and scores of the edition's common words; called once its
    rows are indexed. Returns the words kept."""
    words = _frequent_words(edition, common_rows())
    EditionWord.objects.filter(edition_id=edition.pk).delete()
    for word in words:
        indexed = _indexed_word(edition, word)
        EditionWord.objects.create(
            edition_id=edition.pk,
            word=word,
            rows=indexed.rows.serialize(),
            scores=indexed.scores.tobytes(),
        )
    return words


@dataclass
class _CommonWord:
    rows: BitMap
    ids: np.ndarray  # ascending
    scores: np.ndarray  # of each of ids


_common_words = OrderedDict()
KEEP_COMMON_WORDS = 32  # about 1 MB each in a process, for 55,000 rows


def _common_word(edition, word):
    key = (edition.pk, word)
    kept = _common_words.get(key)
    if kept is None:
        rows, scores = EditionWord.objects.values_list("rows", "scores").get(
            edition=edition, word=word
        )
        bitmap = BitMap.deserialize(bytes(rows))
        kept = _CommonWord(
            rows=bitmap,
            ids=_ids_of(bitmap),
            scores=np.frombuffer(bytes(scores), dtype=np.float64),
        )
        with _lock:
            _common_words[key] = kept
            while len(_common_words) > KEEP_COMMON_WORDS:
                _common_words.popitem(last=False)
    return kept


def _indexed_word(edition, term):
    """A term's rows and scores as the index gives them, ids ascending: what a
    release keeps of a common word, and an alternative of a clause whose other
    alternatives are common."""
    ids, scores = _scored(edition, [(term,)])
    order = np.argsort(ids, kind="stable")
    ids = ids[order]
    return _CommonWord(rows=_bitmap_of(ids), ids=ids, scores=scores[order])


def _common_clause(edition, terms, common):
    """The rows and summed scores of a clause with at least one common term: a
    row's score is the sum of those of the terms it holds, as bm25 and the sum
    of ts_rank add up the alternatives of a clause. The common terms' come from
    what the release kept; the others' (the same word's stem in a language
    few entries are written in) from the index, which finds few rows for
    them."""
    kept = [
        _common_word(edition, term) if term in common else _indexed_word(edition, term)
        for term in terms
    ]
    if len(kept) == 1:
        return kept[0]
    rows = BitMap.union(*(word.rows for word in kept))
    ids = _ids_of(rows)
    scores = np.zeros(len(ids))
    for word in kept:
        scores[np.searchsorted(ids, word.ids)] += word.scores
    return _CommonWord(rows=rows, ids=ids, scores=scores)


def ranked(edition, words):
    """(row ids matching every clause of `words`, best first; the same ids as
    a bitmap), in the order of ranked_ids(). The scores of the edition's
    common terms are added from what the release kept; the index is asked only
    about the other clauses, if any."""
    clauses = as_clauses(words)
    if not clauses:
        return [], BitMap()
    common = facet_index(edition).common_words
    # A clause is answered from what the release kept when one of its terms
    # is common: a word typed in English is also read in each language of the
    # edition, and its stems there may be rare.
    from_kept = [terms for terms in clauses if any(term in common for term in terms)]
    others = [terms for terms in clauses if terms not in from_kept]
    kept = [_common_clause(edition, terms, common) for terms in from_kept]
    if not kept:
        ids = ranked_ids(edition, clauses)
        return ids, BitMap(ids)
    found = BitMap.intersection(*(word.rows for word in kept))
    if others:
        ids, scores = _scored(edition, others)
        within = np.isin(ids, _ids_of(found), assume_unique=True)
        ids, scores = ids[within], scores[within]
        found = _bitmap_of(ids)
    else:
        ids = _ids_of(found)
        scores = np.zeros(len(ids))
    # Added one by one in the query's order, as the index adds up the words of
    # one query, so that equal rows get equal sums and the order is the index's.
    for word in kept:
        scores = scores + word.scores[np.searchsorted(word.ids, ids)]
    return _best_first(ids, scores).tolist(), found


# A passage: at most this many words, starting this many before the first match.
PASSAGE_WORDS = 30
PASSAGE_LEAD = 6


def with_passage_text(rows):
    """The queryset `rows` with what `snippets` reads besides the summary: the
    description's text, taken out of each row's content by the database rather
    than the whole content read and decoded here."""
    return rows.annotate(description_text=KT("content__description_text"))


@lru_cache(maxsize=100_000)
def _stems(word, languages):
    """A folded word's terms in each of `languages`."""
    return frozenset(analysis.stem(word, code) for code in languages)


class _Vocabulary:
    """The words of the texts passages were made from, by their terms in a
    set of languages: a passage then finds which of its words were searched
    for by a few set operations, made in C, instead of stemming every word of
    every summary of a results page in each language again."""

    LIMIT = 300_000  # words remembered, then forgotten all at once

    def __init__(self, languages):
        self.languages = languages
        self.seen = set()
        self.by_term = {}
        self.lock = threading.Lock()

    def words_for(self, words, terms):
        """Those of `words` whose term in one of the languages is in `terms`."""
        new = words - self.seen
        with self.lock:
            if len(self.seen) > self.LIMIT:
                self.seen, self.by_term = set(), {}
                new = words
            for word in new:
                if len(word) <= MAX_WORD_LENGTH:
                    for term in _stems(word, self.languages):
                        self.by_term.setdefault(term, set()).add(word)
            self.seen |= new
            wanted = set()
            for term in terms:
                wanted |= self.by_term.get(term, set())
        return words & wanted


_vocabularies = {}


def _vocabulary(languages):
    vocabulary = _vocabularies.get(languages)
    if vocabulary is None:
        vocabulary = _vocabularies.setdefault(languages, _Vocabulary(languages))
    return vocabulary


def _hit_words(folded, terms, languages):
    """The words of `folded` the index matched `terms` in, or None for a text
    with ideographs, whose pairs of characters _hits() looks at one by one."""
    if analysis.HAS_CJK.search(folded):
        return None
    return _vocabulary(languages).words_for(set(_WORD.findall(folded)), terms)


def _hits(folded, terms, languages, start=0, stop=None, words=None):
    """(start, end) in `folded` of each stretch the index matched `terms` in,
    in order: a whole word whose term in one of `languages` is searched for
    (so "protégeant" marks "protéger" and "protection" when French stems them
    alike), or the characters of a searched pair of ideographs. `words`: what
    _hit_words() gave for the whole text, if known."""
    stop = len(folded) if stop is None else stop
    if words is None and not analysis.HAS_CJK.search(folded, start, stop):
        words = _hit_words(folded[start:stop], terms, languages)
    if words is not None:
        if words:
            for found in _matcher(tuple(sorted(words))).finditer(folded, start, stop):
                yield found.span()
        return
    for found in _WORD.finditer(folded, start, stop):
        word = found.group()
        if len(word) > MAX_WORD_LENGTH:
            continue
        position = found.start()
        for is_cjk, piece in analysis.pieces(word):
            if not is_cjk:
                if not terms.isdisjoint(_stems(piece, languages)):
                    yield position, position + len(piece)
            elif len(piece) == 1:
                if piece in terms:
                    yield position, position + 1
            else:
                marked_start = marked_to = None  # the stretch being marked
                for index in range(len(piece) - 1):
                    if piece[index : index + 2] not in terms:
                        continue
                    if marked_to is not None and index <= marked_to - position:
                        marked_to = position + index + 2
                        continue
                    if marked_to is not None:
                        yield marked_start, marked_to
                    marked_start, marked_to = position + index, position + index + 2
                if marked_to is not None:
                    yield marked_start, marked_to
            position += len(piece)


@lru_cache(maxsize=256)
def _matcher(words):
    """A pattern finding any of `words` as a whole word of folded text."""
    alternatives = "|".join(
        re.escape(word) for word in sorted(set(words), key=len, reverse=True)
    )
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


@lru_cache(maxsize=256)
def _searched(words, languages):
    """Every term a search for `words` in `languages` asks the index for."""
    return frozenset(
        term for terms in analysis.clauses(words, languages) for term in terms
    )


_fold_character = lru_cache(maxsize=4096)(fold)


class _Folded:
    """A text folded as the index folds it, and where in the text each folded
    character comes from: a word is found in the folded text and marked in
    the text as written. fold() folds each character on its own, so the
    folded text is the characters' folds one after the other."""

    def __init__(self, text):
        self.text = text
        self._starts = self._ends = None
        if text.isascii() or all(
            len(_fold_character(character)) == 1
            for character in set(text)
            if not character.isascii()
        ):
            self.folded = fold(text)
            return  # each character folds to one: the same positions
        parts, starts, ends = [], [], []
        for position, character in enumerate(text):
            folded = _fold_character(character)
            if folded:
                parts.append(folded)
                starts += [position] * len(folded)
                ends += [position + 1] * len(folded)
            elif ends:
                # A combining mark belongs with the letter before it.
                ends[-1] = position + 1
        self.folded = "".join(parts)
        self._starts, self._ends = starts, ends

    def start(self, index):
        """Where in the text the folded character at `index` starts."""
        return index if self._starts is None else self._starts[index]

    def end(self, index):
        """Where in the text the folded text up to `index` (excluded) ends."""
        if self._ends is None or index == 0:
            return index
        return self._ends[index - 1]


def _word_starts_before(text, end):
    """Where the words of text[:end] start, or the last of them at least: a
    few more than a passage leads with, read from a stretch before `end`
    rather than from the start of a long description."""
    low = max(0, end - 40 * (PASSAGE_LEAD + 2))
    starts = [word.start() for word in _WORD.finditer(text, low, end)]
    if low and len(starts) <= PASSAGE_LEAD + 1:
        return [word.start() for word in _WORD.finditer(text, 0, end)]
    # The first may be the end of a word cut at `low`: there are others
    # before it anyway.
    return starts[1:] if low else starts


def passage(text, words, languages=(analysis.SOURCE_LANGUAGE,)):
    """Escaped HTML of a passage of `text` around the first of `words` it has,
    each of them marked; None if it has none. Words are matched as the index
    matches them: folded, so "cote" marks "Côte", and as terms in each of
    `languages` (the languages the search was made in). Only the words of the
    passage are looked at, not the whole text."""
    if not text or not words:
        return None
    languages = tuple(languages)
    terms = _searched(tuple(words), languages)
    folded = _Folded(text)
    words = _hit_words(folded.folded, terms, languages)
    if words is not None and not words:
        return None
    first = next(_hits(folded.folded, terms, languages, words=words), None)
    if first is None:
        return None
    before = _word_starts_before(folded.folded, first[0])
    lead = before[-PASSAGE_LEAD:] if PASSAGE_LEAD else []
    cut_before = len(before) > len(lead)
    # Whole text at either end, with its punctuation; cut at a word elsewhere.
    start = lead[0] if cut_before else 0
    wanted = PASSAGE_WORDS - len(lead)
    after = list(islice(_WORD.finditer(folded.folded, first[0]), wanted + 1))
    cut_after = len(after) > wanted
    stop = after[wanted - 1].end() if cut_after else len(folded.folded)
    parts = ["…"] if cut_before else []
    position = folded.start(start) if cut_before else 0
    for hit_start, hit_end in _hits(
        folded.folded, terms, languages, start, stop, words
    ):
        begin, end = folded.start(hit_start), folded.end(hit_end)
        parts += [escape(text[position:begin]), "<mark>"]
        parts += [escape(text[begin:end]), "</mark>"]
        position = end
    parts.append(escape(text[position : folded.end(stop) if cut_after else len(text)]))
    if cut_after:
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 - escaped, then <mark> added


def snippets(words, rows, languages=(analysis.SOURCE_LANGUAGE,)):
    """{row id: safe HTML} — a passage of each row's summary or, failing that,
    of its description (the title is shown above it anyway), with the words
    marked as a search in `languages` matched them; the rows come through
    with_passage_text.

    Made here rather than by the database, the same on SQLite and PostgreSQL:
    PostgreSQL's ts_headline over twenty summaries and descriptions made a
    search page slower than the About page; this takes a fraction of a
    millisecond."""
    found = {}
    for row in rows:
        marked = passage(row.summary, words, languages) or passage(
            row.description_text, words, languages
        )
        if marked is not None:
            found[row.pk] = marked
    return found


def languages_of(edition):
    """The languages an edition's entries are written or translated in: a
    search is made in these besides the reader's (see analysis.clauses)."""
    rows = EditionEntry.objects.filter(edition_id=edition.pk)
    found = {
        analysis.language_of(code)
        for code in rows.values_list(KT("content__language"), flat=True).distinct()
    }
    for code in analysis.LANGUAGES:
        if (
            code not in found
            and rows.filter(content__translations__has_key=code).exists()
        ):
            found.add(code)
    return frozenset(found)


def query_languages(edition, language):
    """The languages a search in `language` over the edition is made in."""
    return tuple(
        sorted(facet_index(edition).languages | {analysis.language_of(language)})
    )


def clauses_for(edition, words, language):
    """What the index is asked when a reader in `language` searches the
    edition for `words` (folded, as words_of gives them)."""
    return analysis.clauses(words, query_languages(edition, language))


@dataclass
class FacetIndex:
    """Bitmaps of one released edition: every row, and the rows of each value."""

    everything: BitMap
    values: dict  # {facet: {value: BitMap}}
    years: list  # [(row id, start year, end year or None for ongoing)]
    common_words: frozenset  # the words whose scores the release kept
    languages: frozenset = frozenset()  # those of its entries and translations

    def counts(self, among):
        return {
            facet: {
                value: count
                for value, bitmap in values.items()
                if (count := among.intersection_cardinality(bitmap))
            }
            for facet, values in self.values.items()
        }

    def rows_with(self, facet, value):
        return self.values.get(facet, {}).get(value, BitMap())


_indexes = {}
_lock = threading.Lock()


def facet_index(edition):
    """The edition's bitmaps, built on first use in this process. A released
    edition never changes, so they never go stale."""
    index = _indexes.get(edition.pk)
    if index is not None:
        return index
    values = {}
    for row_id, facet, value in EditionFacet.objects.filter(
        edition=edition
    ).values_list("row_id", "facet", "value"):
        values.setdefault(facet, {}).setdefault(value, BitMap()).add(row_id)
    years = list(
        EditionEntry.objects.filter(edition=edition).values_list(
            "pk", "start_year", "end_year"
        )
    )
    index = FacetIndex(
        everything=BitMap(pk for pk, _start, _end in years),
        values=values,
        years=years,
        common_words=frozenset(
            EditionWord.objects.filter(edition=edition).values_list("word", flat=True)
        ),
        languages=languages_of(edition),
    )
    with _lock:
        _indexes[edition.pk] = index
    return index
