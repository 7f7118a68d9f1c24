"""Browsing one released edition: filters, full-text search, facet counts,
sorting and pages, all from the URL so every view can be shared.

Everything here reads the edition's bitmaps (search.facet_index) and its
full-text index; the database is asked only for the page's rows. Answers that
depend only on the edition and the query are kept per process: a released
edition never changes.
"""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from pyroaring import BitMap

from . import classification, localized, search
from .choices import OrganisationKind
from .models import EditionEntry

PER_PAGE = 20
MAX_VALUES_PER_FACET = 20
EARLIEST, LATEST = 1945, 2100


def _facets():
    return OrderedDict(
        [
            *[
                (facet.param, (facet.param, facet.label, facet))
                for facet in classification.browsed()
            ],
            ("org_kind", ("org_kind", _("Contributed by"), None)),
        ]
    )


# URL parameter → (facet in the index, label, classification facet giving value
# labels, or None for the kinds of contributor).
FACETS = classification.ComputedMapping(_facets)
SORTS = OrderedDict(
    [
        ("relevance", _("Relevance")),
        ("reference", _("Reference")),
        ("title", _("Title")),
        ("newest", _("Most recent practice")),
        ("oldest", _("Earliest practice")),
    ]
)


def year_of(value):
    """The year a browse parameter names, or None: not a year, or outside
    EARLIEST–LATEST."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if EARLIEST <= year <= LATEST else None


@dataclass
class Query:
    text: str = ""
    words: list = field(default_factory=list)
    filters: dict = field(default_factory=dict)  # {parameter: [values]}
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    shortened: bool = False  # only part of what was typed is searched
    language: str = "en"  # the reader's: a search is made in it (search.py)

    @classmethod
    def from_params(cls, params):
        typed = params.get("q") or ""
        text = typed[: search.MAX_QUERY_LENGTH]
        filters = {}
        for name in FACETS:
            values = [
                value for value in params.getlist(name)[:MAX_VALUES_PER_FACET] if value
            ]
            values = [value[:40] for value in values]
            if values:
                filters[name] = sorted(set(values))
        words = search.words_of(text)
        sort = params.get("sort") or ("relevance" if words else "reference")
        if sort not in SORTS or (sort == "relevance" and not words):
            sort = "relevance" if words else "reference"
        try:
            page = max(1, min(int(params.get("page", 1)), 100_000))
        except (TypeError, ValueError):
            page = 1
        year_from, year_to = (
            year_of(params.get("year_from")),
            year_of(params.get("year_to")),
        )
        if year_from and year_to and year_from > year_to:
            year_from, year_to = year_to, year_from
        return cls(
            text.strip(),
            words,
            filters,
            year_from,
            year_to,
            sort,
            page,
            shortened=search.was_shortened(typed),
            language=get_language() or "en",
        )

    # What a search looks at, for the search form and its note.
    max_length = search.MAX_QUERY_LENGTH
    max_words = search.MAX_WORDS

    @property
    def is_filtered(self):
        return bool(self.words or self.filters or self.year_from or self.year_to)


class EditionBrowser:
    """Answers for one released edition, cached in the process."""

    def __init__(self, edition):
        self.edition = edition
        self.index = search.facet_index(edition)
        self._ranked = OrderedDict()
        self._orders = {}
        self._years = OrderedDict()
        self._counts = OrderedDict()

    # Cached pieces ------------------------------------------------------------

    def ranked(self, clauses):
        """(row ids matching every clause, best first; the same ids as a
        bitmap)."""
        return _kept(
            self._ranked, clauses, lambda: search.ranked(self.edition, clauses)
        )

    def order(self, sort):
        if sort not in self._orders:
            fields = {
                "reference": ["reference"],
                "title": ["title", "reference"],
                "newest": ["-start_year", "reference"],
                "oldest": ["start_year", "reference"],
            }[sort]
            self._orders[sort] = list(
                EditionEntry.objects.filter(edition=self.edition)
                .order_by(*fields)
                .values_list("pk", flat=True)
            )
        return self._orders[sort]

    def in_years(self, year_from, year_to):
        low, high = year_from or EARLIEST, year_to or LATEST
        return _kept(
            self._years,
            (year_from, year_to),
            lambda: BitMap(
                pk
                for pk, start, end in self.index.years
                if start <= high and (end is None or end >= low)
            ),
            size=64,
        )

    def counts(self, query, matching):
        """The facet counts of the rows `matching` the query's words, filters
        and years, whatever its sort and page: some two hundred intersections,
        made once for all the pages of one search."""
        key = (
            search.clauses_for(self.edition, query.words, query.language),
            tuple(
                (name, tuple(values)) for name, values in sorted(query.filters.items())
            ),
            query.year_from,
            query.year_to,
        )
        return _kept(self._counts, key, lambda: self.index.counts(matching))

    # The answer ---------------------------------------------------------------

    def filtered(self, query):
        """The ids of the rows the query's filters and years keep."""
        matching = self.index.everything
        for name, values in query.filters.items():
            facet = FACETS[name][0]
            chosen = BitMap()
            for value in values:
                chosen |= self.index.rows_with(facet, value)
            matching = matching & chosen
        if query.year_from or query.year_to:
            matching = matching & self.in_years(query.year_from, query.year_to)
        return matching

    def matching(self, query):
        """The ids of every row the query shows, on any of its pages."""
        matching = self.filtered(query)
        if query.words:
            clauses = search.clauses_for(self.edition, query.words, query.language)
            _ranked, ranked_set = self.ranked(clauses)
            matching = ranked_set & matching
        return matching

    def answer(self, query):
        matching = self.filtered(query)
        # The answer's rows in order are `ordered` less those not in `among`
        # (None: all of them); only the page's are picked out of it.
        if query.words:
            clauses = search.clauses_for(self.edition, query.words, query.language)
            ranked, ranked_set = self.ranked(clauses)
            found = ranked_set & matching
            ordered = ranked if query.sort == "relevance" else self.order(query.sort)
            among = None if len(found) == len(ordered) else found
            matching = found
        else:
            ordered = self.order(query.sort)
            among = matching if query.is_filtered else None
        total = len(ordered) if among is None else len(among)
        pages = max(1, -(-total // PER_PAGE))
        page = min(query.page, pages)
        page_ids = _slice(ordered, among, (page - 1) * PER_PAGE, page * PER_PAGE)
        fields = [
            "pk",
            "reference",
            "title",
            "summary",
            "start_year",
            "end_year",
            "contributor_name",
            "contributor_kind",
            "edition_id",
            "language",
            "in_languages",
        ]
        rows = EditionEntry.objects.filter(pk__in=page_ids).only(*fields)
        if query.words:
            rows = search.with_passage_text(rows)
        by_id = {row.pk: row for row in rows}
        page_rows = [by_id[pk] for pk in page_ids if pk in by_id]
        if query.words:
            marked = search.snippets(
                query.words,
                page_rows,
                search.query_languages(self.edition, query.language),
            )
            for row in page_rows:
                row.snippet = marked.get(row.pk)
        return Answer(
            rows=page_rows,
            total=total,
            page=page,
            pages=pages,
            counts=self.counts(query, matching),
        )


def _kept(store, key, make, size=256):
    """store[key], made by make() the first time; the oldest of the store's
    answers goes once it holds more than `size`."""
    if key not in store:
        store[key] = make()
        if len(store) > size:
            store.popitem(last=False)
    return store[key]


def _slice(ordered, among, start, stop):
    """ordered[start:stop] once the ids not in `among` are left out, reading
    no further than the page: the first page of a filter most entries pass
    looks at a few dozen ids, not at every id of the edition."""
    if among is None:
        return ordered[start:stop]
    page = []
    seen = 0
    for pk in ordered:
        if pk in among:
            if seen >= start:
                page.append(pk)
                if len(page) == stop - start:
                    break
            seen += 1
    return page


@dataclass
class Answer:
    rows: list
    total: int
    page: int
    pages: int
    counts: dict


_browsers = OrderedDict()


def forget(edition):
    """Drop this process's answers for an edition whose index was made again."""
    _browsers.pop(edition.pk, None)
    search.forget(edition)


def browser_for(edition):
    browser = _browsers.get(edition.pk)
    if browser is None:
        browser = _browsers[edition.pk] = EditionBrowser(edition)
        if len(_browsers) > 16:
            _browsers.popitem(last=False)
    return browser


# {facet: {language: {value: label}}}
_labels = {}


def facet_labels(language=None):
    """{facet: {value: label}} from the taxonomy in `language` (default: the
    active one), read once per process and language."""
    language = language or localized.active()
    labels = {}
    for name, _label, facet in FACETS.values():
        by_language = _labels.setdefault(name, {})
        if language not in by_language:
            by_language[language] = _read_labels(facet, language)
        labels[name] = by_language[language]
    return labels


def _read_labels(facet, language):
    if facet is None:
        return {
            value: localized.kind_name(value, language)
            for value, _text in OrganisationKind.choices
        }
    return {
        getattr(term, facet.code): facet.name_of(
            getattr(term, facet.code), term.name_in(language)
        )
        for term in facet.model.objects.all()
    }
