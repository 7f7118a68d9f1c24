"""Following a browse view: the entries each public release adds or revises
among those a view of /compendium/ (its search, filters and years) shows.

The Atom feed at /compendium/feed/entries/?<the view's query> and the e-mail
alerts of signed-in members both read this module, so a view announces the
same entries wherever it is followed. A view is named by the browse page's own
parameters (`FOLLOWED`); `page` and `sort` change how the page lists entries,
not which, and are accepted and left out. Anything else is refused in plain
words (`view_of`): a misspelt filter would otherwise follow the whole
compendium without saying so.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.http import QueryDict
from django.utils.translation import gettext as _

from . import editions
from .browse import (
    EARLIEST,
    FACETS,
    LATEST,
    MAX_VALUES_PER_FACET,
    Query,
    browser_for,
    facet_labels,
    year_of,
)
from .choices import EditionKind
from .models import Edition, EditionEntry
from .search import MAX_QUERY_LENGTH
from .text import UNPRINTABLE, printable

# Browse parameters that say how its page lists entries, not which.
IGNORED = ("page", "sort")
MAX_VALUE_LENGTH = 40
# A view's parameters in characters, as typed rather than encoded (a search
# in Arabic or Chinese is three times longer encoded): a reasonable view fits.
MAX_VIEW_SIZE = 1000
# The releases a feed looks back over, and the entries it announces at most.
EDITIONS_FOLLOWED = 10
MAX_ITEMS = 50
ADDED, REVISED = "added", "revised"


def followed_parameters():
    return ["q", *FACETS, "year_from", "year_to"]


@dataclass
class View:
    """A browse view: its canonical query string and the browse query it
    makes."""

    params: QueryDict
    problems: list

    @property
    def query_string(self):
        return self.params.urlencode()

    @property
    def query(self):
        return Query.from_params(self.params)


def size_of(params):
    return sum(
        len(name) + len(value) + 2
        for name, values in params.lists()
        for value in values
    )


def view_of(params):
    """The view that browse parameters name, with what is wrong with them in
    plain words (nothing: the view can be followed). The view keeps only the
    followed parameters, each value once, in a stable order, so the same view
    is the same query string however its page's address was written."""
    problems = []
    known = set(followed_parameters())
    for name in params:
        if name not in known and name not in IGNORED:
            problems.append(
                _("“%(name)s” is not a filter of the compendium. Use %(known)s.")
                % {
                    "name": UNPRINTABLE.sub("", name)[:MAX_VALUE_LENGTH],
                    "known": ", ".join(followed_parameters()),
                }
            )
    canonical = QueryDict(mutable=True)
    # What browse searches: the first characters typed, as printable text.
    text = " ".join(printable(params.get("q") or "")[:MAX_QUERY_LENGTH].split())
    if text:
        canonical["q"] = text
    for name in FACETS:
        values = sorted({value for value in params.getlist(name) if value})
        if len(values) > MAX_VALUES_PER_FACET:
            problems.append(
                _("Choose at most %(limit)s values of “%(name)s”.")
                % {"limit": MAX_VALUES_PER_FACET, "name": name}
            )
            continue
        if any(
            len(value) > MAX_VALUE_LENGTH or UNPRINTABLE.search(value)
            for value in values
        ):
            problems.append(
                _("“%(name)s” has a value no entry can have.") % {"name": name}
            )
            continue
        if values:
            canonical.setlist(name, values)
    for name in ("year_from", "year_to"):
        value = params.get(name)
        if value:
            year = year_of(value)
            if year is None:
                problems.append(
                    _("“%(name)s” must be a year from %(earliest)s to %(latest)s.")
                    % {"name": name, "earliest": EARLIEST, "latest": LATEST}
                )
            else:
                canonical[name] = str(year)
    if size_of(canonical) > MAX_VIEW_SIZE:
        problems.append(_("This view has too many filters to follow. Choose fewer."))
    return View(canonical, problems)


def describe(view):
    """A browse view in words, in the active language: "Country concerned:
    Ghana; Search: early warning"."""
    labels = facet_labels()
    parts = []
    params = view.params
    for name, (facet, heading, _model) in FACETS.items():
        values = params.getlist(name)
        if values:
            names = labels.get(facet, {})
            parts.append(
                f"{heading}: " + ", ".join(names.get(value, value) for value in values)
            )
    if params.get("year_from") or params.get("year_to"):
        parts.append(
            _("Years: %(start)s–%(end)s")
            % {"start": params.get("year_from", ""), "end": params.get("year_to", "")}
        )
    if params.get("q"):
        parts.append(_("Search: %(words)s") % {"words": params["q"]})
    return printable("; ".join(parts)) or _("Every entry")


def public_releases():
    """The releases a view follows, newest first: official versions and
    updates, never a pre-publication edition."""
    return (
        Edition.objects.released()
        .exclude(kind=EditionKind.PRE_PUBLICATION)
        .order_by("-released_at", "-pk")
    )


def changed_rows(edition):
    """{row id: ADDED or REVISED}: what a released edition changed since the
    public edition before it. A released edition never changes, so this is
    worked out once and kept in the cache, under the moment of its release."""
    key = f"compendium:following:changed:{edition.pk}:{edition.released_at.timestamp()}"
    kept = cache.get(key)
    if kept is None:
        _previous, added, revised, _withdrawn = editions.changes(edition)
        kept = {row.pk: ADDED for row in added}
        kept.update({row.pk: REVISED for row, _changes in revised})
        cache.set(key, kept, None)
    return kept


@dataclass
class Change:
    kind: str  # ADDED or REVISED
    edition: Edition
    row: EditionEntry

    @property
    def is_new(self):
        return self.kind == ADDED


def changes_in_view(edition, query, limit=MAX_ITEMS):
    """The changes of one release that a browse query shows, by reference."""
    changed = changed_rows(edition)
    if not changed:
        return []
    matching = browser_for(edition).matching(query)
    ids = [pk for pk in changed if pk in matching]
    rows = (
        EditionEntry.objects.filter(pk__in=ids)
        .only("pk", "reference", "title", "summary", "language", "in_languages")
        .order_by("reference")[:limit]
    )
    return [Change(changed[row.pk], edition, row) for row in rows]


def recent_changes(query, limit=None):
    """The changes the latest public releases made to a view, newest release
    first, at most `limit` (MAX_ITEMS)."""
    limit = limit or MAX_ITEMS
    found = []
    for edition in public_releases()[:EDITIONS_FOLLOWED]:
        found.extend(changes_in_view(edition, query, limit - len(found)))
        if len(found) >= limit:
            break
    return found
