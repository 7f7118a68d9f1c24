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
  fold in its own way. A named row is also found by its names in the other
  official languages ("Prévention" finds the pillar on prevention).

`FoldedIndexView` also shows those listings in the language the person reads
the admin in (their profile's): the name column gives each row's name in that
language, and sorting by name follows that language's collation
(compendium.localized), computed here as the tables are small.
"""

from django.db.models import Case, IntegerField, Value, When
from django.http import QueryDict
from django.utils.translation import gettext as _
from wagtail.admin.views.generic import IndexView

from . import localized, search
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


def matching(queryset, fields, query, other_names=None):
    """The rows of `queryset` in which every word of `query` is found in one of
    `fields` (related fields such as "organisation__name" included), case and
    accents ignored; none if the query has no word. `other_names`, {pk: [text]},
    adds texts a row is also found by (its names in other languages)."""
    words = search.words_of(query)
    if not words:
        return queryset.none()
    other_names = other_names or {}
    found = [
        pk
        for pk, *texts in queryset.order_by().values_list("pk", *fields)
        if _has_every_word(
            words,
            [search.fold(text or "") for text in [*texts, *other_names.get(pk, ())]],
        )
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
        return matching(
            queryset,
            self.search_fields or [],
            self.search_query,
            other_names=self.other_names(queryset),
        )

    def other_names(self, queryset):
        """{pk: [name]}: the names in other languages a row is found by."""
        return {}


def names_field(model):
    """The field a named model's listing shows in the reader's language
    ("name", a report's "title"), or None for a model without names."""
    if not hasattr(model, "name_in"):
        return None
    return getattr(model, "english_field", "name")


def other_names_of(queryset):
    """{pk: [name]} of a named model's rows in the five other languages: the
    taxonomy's `names`, an organisation's `name_translations`."""
    model = queryset.model
    fields = {field.name for field in model._meta.get_fields()}
    if "names" in fields:
        return {
            pk: [name for name in (names or {}).values() if isinstance(name, str)]
            for pk, names in queryset.order_by().values_list("pk", "names")
        }
    if "name_translations" in fields:
        found = {}
        rows = queryset.order_by().values_list("pk", "name_translations__name")
        for pk, name in rows:
            if name:
                found.setdefault(pk, []).append(name)
        return found
    return {}


class FoldedIndexView(FoldedSearchMixin, IndexView):
    """A ModelViewSet's listing searched with matching(), its names shown and
    sorted in the admin's language."""

    def other_names(self, queryset):
        return other_names_of(queryset)

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        related = [
            field.name
            for field in self.model._meta.concrete_fields
            if field.is_relation and field.name in self.list_display
        ]
        if related:
            # A column naming a State or region reads it with the rows.
            queryset = queryset.select_related(*related)
        if hasattr(self.model, "name_translations"):
            # Each row's name in the admin's language, without a query a row.
            queryset = queryset.prefetch_related("name_translations")
        return queryset

    @property
    def names_field(self):
        return names_field(self.model)

    def _get_custom_column(self, field_name, *args, **kwargs):
        column = super()._get_custom_column(field_name, *args, **kwargs)
        if field_name and field_name == self.names_field:
            # The sort key stays the field: ordering by it is done below.
            column.accessor = lambda instance: instance.name_in(localized.active())
        return column

    def order_queryset(self, queryset):
        ordering = self.ordering or self.model._meta.ordering
        ordering = [ordering] if isinstance(ordering, str) else list(ordering or [])
        field = self.names_field
        if not field or not any(key.lstrip("-") == field for key in ordering):
            return super().order_queryset(queryset)
        return by_collation(queryset, ordering, field)


def by_collation(queryset, ordering, field):
    """`queryset` in `ordering`, its names `field` compared by the active
    language's collation and in that language."""
    language = localized.active()
    collation = localized.sort_key(language)
    rows = queryset.order_by("pk")
    if hasattr(queryset.model, "name_translations"):
        rows = rows.prefetch_related("name_translations")
    rows = list(rows)
    if not rows:
        return queryset.order_by("pk")
    # Sorting by the last key first, each sort stable: the first key decides.
    for key in reversed(ordering):
        name = key.lstrip("-")
        if name == field:

            def sort_by(row):
                return collation(row.name_in(language))

        else:

            def sort_by(row, name=name):
                value = getattr(row, name, None)
                return (value is None, value if value is not None else 0)

        rows.sort(key=sort_by, reverse=key.startswith("-"))
    places = [When(pk=row.pk, then=Value(place)) for place, row in enumerate(rows)]
    return queryset.order_by(Case(*places, output_field=IntegerField()), "pk")
