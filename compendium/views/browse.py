"""The browse page: a released edition's entries, filtered by facets, searched
and sorted, at /compendium/ for the current edition and at
/compendium/editions/<label>/ for any other."""

from urllib.parse import quote_plus

from django.shortcuts import render
from django.urls import reverse
from wagtail import hooks

from .. import browse_html, citations, following, localized, structured_data
from ..browse import FACETS, PER_PAGE, SORTS, Query, browser_for, facet_labels
from ..page_cache import EDITION_PAGES, cached_for_visitors
from ..public import readable_edition


def _params(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params


def _with(params, **changes):
    copy = params.copy()
    for name, value in changes.items():
        if value is None:
            copy.pop(name, None)
        else:
            copy[name] = value
    encoded = copy.urlencode()
    return f"?{encoded}" if encoded else "?"


class _Toggles:
    """The URLs that add or remove one facet value, keeping every other
    parameter: what copying the parameters, setting the value's list and
    encoding them all gives, but with each parameter encoded once for the whole
    page (a page links to some two hundred facet values)."""

    def __init__(self, params):
        self.lists = list(params.lists())
        self.encoding = params.encoding
        self.encoded = {}

    def _pair(self, name, value):
        """One name=value, as QueryDict.urlencode() encodes it."""
        key = (name, value)
        if key not in self.encoded:
            self.encoded[key] = (
                f"{quote_plus(name, encoding=self.encoding)}="
                f"{quote_plus(str(value), encoding=self.encoding)}"
            )
        return self.encoded[key]

    def url(self, name, value):
        parts, seen = [], False
        for key, values in self.lists:
            if key == name:
                seen = True
                values = list(values)
                if value in values:
                    values.remove(value)
                else:
                    values.append(value)
            parts.extend(self._pair(key, item) for item in values)
        if not seen:
            parts.append(self._pair(name, value))
        encoded = "&".join(parts)
        return f"?{encoded}" if encoded else "?"


class _FacetValue(dict):
    """One facet value for the template. Its URL is built when the template
    asks for it: the page shows the first values of each facet, and only looks
    through the others for the selected ones."""

    def __init__(self, toggles, name, **fields):
        super().__init__(**fields)
        self._toggles = toggles
        self._name = name

    def __missing__(self, key):
        if key != "url":
            raise KeyError(key)
        url = self["url"] = self._toggles.url(self._name, self["value"])
        return url


def _follow(request):
    """How to follow the view: its Atom feed, and what other apps offer (the
    portal's e-mail alerts) through the "compendium_follow_view" hook, given
    the request and the view's query string and returning [{label, url}]. The
    page is kept for visitors, so what the hook gives must be the same for
    every visitor."""
    query_string = following.view_of(request.GET).query_string
    feed = reverse("compendium_entries_feed")
    return {
        "feed_url": f"{feed}?{query_string}" if query_string else feed,
        "links": [
            link
            for hook in hooks.get_hooks("compendium_follow_view")
            for link in hook(request, query_string) or []
        ],
    }


@cached_for_visitors(EDITION_PAGES)
def browse(request, label=None):
    edition = readable_edition(request, label)
    if edition is None:
        return render(request, "compendium/no_edition.html", status=200)
    query = Query.from_params(request.GET)
    answer = browser_for(edition).answer(query)
    labels = facet_labels()
    collation = localized.sort_key()
    params = _params(request)
    toggles = _Toggles(params)
    facets = []
    for name, (facet, heading, _model) in FACETS.items():
        counts = answer.counts.get(facet, {})
        chosen = set(query.filters.get(name, []))
        # Most entries first; equal counts in the reader's alphabetical order.
        names = labels.get(facet, {})
        ordered = sorted(
            set(counts) | chosen,
            key=lambda value: (
                -counts.get(value, 0),
                collation(names.get(value, value)),
            ),
        )
        # The values the page lists, and the chosen ones among the rest for the
        # forms' hidden fields; a facet can have two hundred values.
        shown = browse_html.FACET_VALUES_SHOWN
        values = [
            _FacetValue(
                toggles,
                name,
                value=value,
                label=labels.get(facet, {}).get(value, value),
                count=counts.get(value, 0),
                selected=value in chosen,
            )
            for index, value in enumerate(ordered)
            if index < shown or value in chosen
        ]
        facets.append(
            {"name": name, "heading": heading, "values": values, "size": len(ordered)}
        )
    edition_url = citations.edition_url(request, edition)
    return render(
        request,
        "compendium/browse.html",
        {
            "edition": edition,
            "edition_url": edition_url,
            "edition_citation": citations.as_text(
                citations.for_edition(edition, edition_url)
            ),
            "licence": citations.licence(),
            "json_ld": structured_data.json_ld(
                structured_data.edition(request, edition)
            ),
            "is_current": label is None,
            "follow": _follow(request),
            "query": query,
            "answer": answer,
            "facet_lists": browse_html.facet_lists(facets),
            "selected_filters": browse_html.selected_filters(facets),
            "result_items": browse_html.result_items(
                answer.rows, edition, is_current=label is None
            ),
            "sorts": [
                (value, text, _with(params, sort=value))
                for value, text in SORTS.items()
                if value != "relevance" or query.words
            ],
            "clear_url": request.path,
            "previous_url": _with(request.GET, page=str(answer.page - 1))
            if answer.page > 1
            else None,
            "next_url": _with(request.GET, page=str(answer.page + 1))
            if answer.page < answer.pages
            else None,
            "first": (answer.page - 1) * PER_PAGE + 1,
            "last": (answer.page - 1) * PER_PAGE + len(answer.rows),
        },
    )
