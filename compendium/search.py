"""Full-text search and facets over released editions.

Built when an edition is released, never on the fly: FTS5 on SQLite (one table
per edition, so a query never has to filter another edition's rows), a weighted
tsvector with a GIN index on PostgreSQL (one table, keyed by edition). Both
match every word of the query as a whole word, case-insensitively, and both are
given the text as words_of() splits it (PostgreSQL's own parser would keep
"mangroves.By" or "A/69/981" as one token), so they find the same entries. Each
ranks by its own measure, title before summary before description: bm25 on
SQLite; ts_rank on PostgreSQL, over the positions of the title and summary
only. The description's words are kept there without positions, so they make
an entry match and weigh as one occurrence of the lowest weight: ranking every
match of a common word over whole descriptions is what made a search of 100,000
entries slow there (DESIGN.md §3). The passages shown with each result are
made here, from the words the index matched, the same on both.

Facet counts come from one compressed bitmap of row ids per facet value
(pyroaring), built once per edition and process: counting a value is the size of
an intersection, a fraction of a millisecond whatever the edition's size (see
DESIGN.md §3 for the measurements behind this choice).
"""

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from itertools import islice

from django.db import connection
from django.db.models.fields.json import KT
from django.utils.safestring import mark_safe
from pyroaring import BitMap

from .models import EditionEntry, EditionFacet

MAX_WORDS = 8
MAX_QUERY_LENGTH = 500  # characters looked at; the rest is ignored
_WORD = re.compile(r"[^\W_]+")


def words_of(query):
    """The words searched for: letters and digits only, so no operator or quote
    ever reaches the full-text engine."""
    return [word.lower() for word in _WORD.findall((query or "")[:MAX_QUERY_LENGTH])][
        :MAX_WORDS
    ]


def _sqlite_table(edition_id):
    return f"compendium_search_{int(edition_id)}"


def _body(row):
    return row.content.get("description_text", "")


def _words(text):
    """The text as the words words_of() would find in it, for PostgreSQL."""
    return " ".join(_WORD.findall(text or ""))


def start_index(edition):
    """An empty full-text index for an edition about to be pinned. On SQLite a
    table left by an edition whose id is being used again (after a database
    flush) is dropped first."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_sqlite_table(edition.pk)}")


def index_rows(rows):
    """Add released rows to their edition's full-text index."""
    if not rows:
        return
    edition_id = rows[0].edition_id
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            table = _sqlite_table(edition_id)
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING "
                "fts5(title, summary, body, tokenize='unicode61 remove_diacritics 0')"
            )
            cursor.executemany(
                f"INSERT INTO {table}(rowid, title, summary, body) "
                "VALUES (%s, %s, %s, %s)",
                [(row.pk, row.title, row.summary, _body(row)) for row in rows],
            )
        else:
            cursor.executemany(
                "INSERT INTO compendium_search (row_id, edition_id, document) VALUES "
                "(%s, %s, setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') || "
                "strip(to_tsvector('simple', %s)))",
                [
                    (
                        row.pk,
                        row.edition_id,
                        _words(row.title),
                        _words(row.summary),
                        _words(_body(row)),
                    )
                    for row in rows
                ],
            )


def ranked_ids(edition, words):
    """Row ids of the edition matching every word, best first."""
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            table = _sqlite_table(edition.pk)
            cursor.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH %s "
                f"ORDER BY bm25({table}, 10.0, 4.0, 1.0), rowid",
                [" ".join(f'"{word}"' for word in words)],
            )
        else:
            cursor.execute(
                "SELECT row_id FROM compendium_search, "
                "plainto_tsquery('simple', %s) query "
                "WHERE edition_id = %s AND document @@ query "
                "ORDER BY ts_rank(document, query) DESC, row_id",
                [" ".join(words), edition.pk],
            )
        return [row_id for (row_id,) in cursor.fetchall()]


# A passage: at most this many words, starting this many before the first match.
PASSAGE_WORDS = 30
PASSAGE_LEAD = 6


def with_passage_text(rows):
    """The queryset `rows` with what `snippets` reads besides the summary: the
    description's text, taken out of each row's content by the database rather
    than the whole content read and decoded here."""
    return rows.annotate(description_text=KT("content__description_text"))


@lru_cache(maxsize=256)
def _matcher(words):
    """A pattern finding any of `words` as a whole word, whatever its case."""
    alternatives = "|".join(
        re.escape(word) for word in sorted(set(words), key=len, reverse=True)
    )
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)


def passage(text, words):
    """Escaped HTML of a passage of `text` around the first of `words` it has,
    each of them marked; None if it has none. Words are matched as the index
    matches them: whole words (words_of), whatever their case. Only the words
    of the passage are looked at, not the whole text."""
    if not text or not words:
        return None
    matcher = _matcher(tuple(words))
    hit = matcher.search(text)
    if hit is None:
        return None
    before = [word.start() for word in _WORD.finditer(text, 0, hit.start())]
    lead = before[-PASSAGE_LEAD:] if PASSAGE_LEAD else []
    cut_before = len(before) > len(lead)
    # Whole text at either end, with its punctuation; cut at a word elsewhere.
    start = lead[0] if cut_before else 0
    wanted = PASSAGE_WORDS - len(lead)
    after = list(islice(_WORD.finditer(text, hit.start()), wanted + 1))
    cut_after = len(after) > wanted
    stop = after[wanted - 1].end() if cut_after else len(text)
    window = text[start:stop]
    parts = ["…"] if cut_before else []
    position = 0
    for found in matcher.finditer(window):
        parts += [escape(window[position : found.start()]), "<mark>"]
        parts += [escape(found[0]), "</mark>"]
        position = found.end()
    parts.append(escape(window[position:]))
    if cut_after:
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 - escaped, then <mark> added


def snippets(words, rows):
    """{row id: safe HTML} — a passage of each row's summary or, failing that,
    of its description (the title is shown above it anyway), with the words
    marked; the rows come through with_passage_text.

    Made here rather than by the database, the same on SQLite and PostgreSQL:
    PostgreSQL's ts_headline over twenty summaries and descriptions made a
    search page slower than the About page; this takes a fraction of a
    millisecond."""
    found = {}
    for row in rows:
        marked = passage(row.summary, words) or passage(row.description_text, words)
        if marked is not None:
            found[row.pk] = marked
    return found


@dataclass
class FacetIndex:
    """Bitmaps of one released edition: every row, and the rows of each value."""

    everything: BitMap
    values: dict  # {facet: {value: BitMap}}
    years: list  # [(row id, start year, end year or None for ongoing)]

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
    )
    with _lock:
        _indexes[edition.pk] = index
    return index
