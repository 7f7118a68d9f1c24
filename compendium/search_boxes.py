"""Search boxes of the Wagtail admin and the contributor portal: none can fail,
and names are found however they are typed.

Two things, each where it has to be:

- `AdminSearchLengthMiddleware` cuts what is typed into any admin search box
  (the listings' `q`, the page explorer's `search`, tag suggestions' `term`) to
  MAX_LENGTH characters before a view reads it. Wagtail's own listings (users,
  groups, documents, images, pages, workflows, redirects, choosers) compare it
  with `LIKE`, and SQLite refuses a pattern of 50,000 bytes or more ("LIKE or
  GLOB pattern too complex"); Wagtail's query parser recurses once per word and
  ran out of stack on a few thousand words. The search box shows what was
  searched for, so the cut is visible where it is made.
- `matching()`, for the Office's listings of names (organisations, the
  taxonomy, countries, Secretary-General reports, through `FoldedIndexView`)
  and the portal's list of an organisation's entries: every word typed must be
  found in one of the listing's `search_fields`, compared as the public search
  compares words (`search.fold`: case and accents ignored), so "cote" finds
  Côte d'Ivoire and "TURKIYE" finds Türkiye on SQLite and PostgreSQL alike.
  Those tables hold hundreds or a few thousand rows: their names are read and
  compared here, rather than through a database function each engine would
  fold in its own way.
"""

from django.http import QueryDict
from django.utils.translation import gettext as _
from wagtail.admin.views.generic import IndexView

from . import search
from .security import admin_prefix

MAX_LENGTH = search.MAX_QUERY_LENGTH
was_shortened = search.was_shortened
SEARCH_PARAMETERS = ("q", "search", "term")


class AdminSearchLengthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(admin_prefix()) and any(
            len(value) > MAX_LENGTH
            for name in SEARCH_PARAMETERS
            for value in request.GET.getlist(name)
        ):
            shortened = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                if name in SEARCH_PARAMETERS:
                    values = [value[:MAX_LENGTH] for value in values]
                shortened.setlist(name, values)
            shortened._mutable = False
            request.GET = shortened
        return self.get_response(request)


def shortened_message():
    """What a search box says when only part of what was typed is searched."""
    return _(
        "Only the first %(words)s words and %(characters)s characters of a search "
        "are looked for."
    ) % {"words": search.MAX_WORDS, "characters": search.MAX_QUERY_LENGTH}


def matching(queryset, fields, query):
    """The rows of `queryset` in which every word of `query` is found in one of
    `fields` (related fields such as "organisation__name" included), case and
    accents ignored; none if the query has no word."""
    words = search.words_of(query)
    if not words:
        return queryset.none()
    found = [
        pk
        for pk, *texts in queryset.order_by().values_list("pk", *fields)
        if _has_every_word(words, [search.fold(text or "") for text in texts])
    ]
    return queryset.filter(pk__in=found)


def _has_every_word(words, texts):
    return all(any(word in text for text in texts) for word in words)


class FoldedSearchMixin:
    """For a Wagtail listing view: search its `search_fields` with matching()
    instead of Wagtail's search backend or `icontains`."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return matching(queryset, self.search_fields or [], self.search_query)


class FoldedIndexView(FoldedSearchMixin, IndexView):
    """A ModelViewSet's listing searched with matching()."""
