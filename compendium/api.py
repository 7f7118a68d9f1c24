"""The open-data API at /api/v1/: released editions, their entries (filtered like
the browse page), the taxonomy and the contributing organisations — public
fields only, read-only, paginated, with ETags so unchanged answers cost a 304,
and so many requests a minute per client (API_LIMIT_PER_CLIENT; past it, 429
with Retry-After).

Other apps add their resources through the `register_api_v1` hook (the
organisations come from the contributions app), so this module imports none of
them. The OpenAPI schema is at /api/v1/schema/, and the page that explains it
to people, with examples, the licence and the limits, at /api/v1/docs/.
"""

import math
from operator import attrgetter

from django.http import Http404
from django.middleware.http import ConditionalGetMiddleware
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import ngettext, trans_real
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView
from wagtail import hooks

from . import localized
from .browse import FACETS, PER_PAGE, Query, browser_for, facet_labels
from .choices import Language
from .classification import published
from .downloads import record
from .models import Edition, EditionEntry
from .public import may_read, released_edition_or_404

with_etag = decorator_from_middleware(ConditionalGetMiddleware)


class OpenDataThrottle(AnonRateThrottle):
    """Requests per client, at the rate API_LIMIT_PER_CLIENT, counted in the
    shared cache so every web process counts together."""

    scope = "open_data"

    def get_rate(self):
        # Read on each request, not once at import as DRF does, so a change of
        # settings (in tests, say) takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class TooManyRequests(Throttled):
    """429 with Retry-After, and the wait in the JSON body as well."""

    def __init__(self, wait):
        seconds = max(1, math.ceil(wait or 1))
        super().__init__()
        self.wait = seconds
        self.detail = {
            "detail": ErrorDetail(
                ngettext(
                    "Too many requests from this client. Try again in %(seconds)d "
                    "second.",
                    "Too many requests from this client. Try again in %(seconds)d "
                    "seconds.",
                    seconds,
                )
                % {"seconds": seconds},
                code="throttled",
            ),
            "retry_after": seconds,
        }


class OpenDataThrottling:
    throttle_classes = [OpenDataThrottle]

    def throttled(self, request, wait):
        raise TooManyRequests(wait)


LANG_PARAMETER = OpenApiParameter(
    "lang",
    str,
    enum=["en", "fr", "es", "ar", "ru", "zh-hans"],
    description=(
        "The language of the reference data's names (pillars, priorities, "
        "crimes, practice areas, regions, States, kinds of contributor), and "
        "their order. Without it, the first of the six the Accept-Language "
        "header names; English by default. Codes and entries' text do not "
        "change with the language."
    ),
)


def requested_language(request):
    """The language a request asks for: `?lang=`, else the first of the six in
    Accept-Language, else English. An unknown `lang` is a 400."""
    asked = request.query_params.get("lang")
    if asked is not None:
        language = localized.language_of(asked)
        if language is None:
            raise ValidationError(
                {
                    "lang": translation.gettext(
                        "Unknown language “%(value)s”. Write one of %(languages)s."
                    )
                    % {
                        "value": asked[:20],
                        "languages": ", ".join(localized.languages()),
                    }
                }
            )
        return language
    header = request.headers.get("Accept-Language", "")
    for code, _quality in trans_real.parse_accept_lang_header(header):
        language = localized.language_of(code)
        if language is not None:
            return language
    return localized.languages()[0]


class PublicAPIView(OpenDataThrottling, APIView):
    """Read-only, open to everyone, JSON only, no session needed, so many
    requests a minute per client; names of reference data in the language
    asked for (`requested_language`)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    renderer_classes = [JSONRenderer]

    @classmethod
    def as_view(cls, **initkwargs):
        return with_etag(super().as_view(**initkwargs))

    def dispatch(self, request, *args, **kwargs):
        # The language chosen in `initial` lasts for this request only.
        with translation.override(translation.get_language()):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        translation.activate(requested_language(request))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = localized.active()
        patch_vary_headers(response, ["Accept-Language"])
        return response


def _base(request):
    return request.build_absolute_uri("/").rstrip("/")


def _edition_data(request, edition):
    base = _base(request)
    return {
        "label": edition.label,
        "title": edition.title,
        "kind": edition.kind,
        "status": edition.status,
        "released_at": edition.released_at,
        "entry_count": edition.entry_count,
        "url": base + reverse("compendium_public:edition", args=[edition.label]),
        "entries": base + reverse("api_v1:entries", args=[edition.label]),
        "changes": base + reverse("compendium_public:changes", args=[edition.label]),
    }


# Examples the reference (/api/v1/docs/) shows beside each main endpoint.
_EDITION_EXAMPLE = {
    "label": "1.0",
    "title": "First official version",
    "kind": "official",
    "status": "released",
    "released_at": "2015-09-08T10:00:00Z",
    "entry_count": 248,
    "url": "https://example.org/compendium/editions/1.0/",
    "entries": "https://example.org/api/v1/editions/1.0/entries/",
    "changes": "https://example.org/compendium/editions/1.0/changes/",
}
_ENTRY_EXAMPLE = {
    "reference": "CP-0042",
    "title": "National early warning committee",
    "summary": "An inter-ministerial committee that monitors risk factors.",
    "description": "The committee meets monthly and reports to the cabinet.",
    "contributor": "Ghana",
    "contributor_kind": "member-state",
    "contributor_country": "GHA",
    "pillars": ["I"],
    "priorities": ["2"],
    "start_year": 2012,
    "end_year": None,
    "ongoing": True,
    "sources": [{"title": "Decree", "url": "https://example.gov/decree"}],
    "url": "https://example.org/compendium/editions/1.0/entries/CP-0042/",
    "labels": {
        "contributor_kind": "Member State",
        "pillars": ["Pillar I: the protection responsibilities of the State"],
        "priorities": ["Elevating prevention"],
    },
    "language": "en",
    "translations": {},
}
EDITIONS_EXAMPLE = OpenApiExample(
    "Released editions", value=[_EDITION_EXAMPLE], response_only=True
)
EDITION_EXAMPLE = OpenApiExample(
    "An edition", value=_EDITION_EXAMPLE, response_only=True
)
ENTRY_EXAMPLE = OpenApiExample("An entry", value=_ENTRY_EXAMPLE, response_only=True)
ENTRIES_EXAMPLE = OpenApiExample(
    "Entries about early warning",
    summary="GET /api/v1/editions/1.0/entries/?q=early+warning&pillar=I",
    value={
        "count": 1,
        "page": 1,
        "pages": 1,
        "per_page": PER_PAGE,
        "next": None,
        "previous": None,
        "results": [_ENTRY_EXAMPLE],
    },
    response_only=True,
)


class EditionSerializer(serializers.Serializer):
    label = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    released_at = serializers.DateTimeField()
    entry_count = serializers.IntegerField()
    url = serializers.URLField()
    entries = serializers.URLField()
    changes = serializers.URLField()


class SourceSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField()


class TranslationSerializer(serializers.Serializer):
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()


def entry_record(edition, row, base):
    """An entry as the API gives it: the downloads' record, with the language
    it was written in and the translations it was released with (editions
    released before entries had languages read as English originals)."""
    content = row.content
    return {
        **record(edition, row, base),
        "language": content.get("language", Language.ENGLISH),
        "translations": {
            code: {
                "title": text["title"],
                "summary": text["summary"],
                "description": text["description_text"],
            }
            for code, text in content.get("translations", {}).items()
        },
    }


class EntrySerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    contributor = serializers.CharField()
    contributor_kind = serializers.CharField()
    contributor_country = serializers.CharField()
    # Then the codes of each facet of the classification (get_fields).
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField(allow_null=True)
    ongoing = serializers.BooleanField()
    sources = SourceSerializer(many=True)
    url = serializers.URLField()
    labels = serializers.DictField(
        child=serializers.JSONField(),
        help_text=(
            "The names of the kind of contributor and of each facet's terms, "
            "in the language asked for (`lang`), in the order of the codes."
        ),
    )
    language = serializers.ChoiceField(
        choices=Language.choices, help_text="The language the entry was written in."
    )
    translations = serializers.DictField(
        child=TranslationSerializer(),
        help_text="The Office's translations released with the edition, by language.",
    )

    def get_fields(self):
        declared = list(super().get_fields().items())
        at = [name for name, _field in declared].index("start_year")
        codes = [
            (facet.field, serializers.ListField(child=serializers.CharField()))
            for facet in published()
        ]
        return dict(declared[:at] + codes + declared[at:])


class EntryPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    per_page = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = EntrySerializer(many=True)


def only_open_data(endpoints, **kwargs):
    """The schema describes /api/v1/ alone, not Wagtail's own admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class RootView(PublicAPIView):
    @extend_schema(operation_id="root", tags=["index"], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        resources = {
            "editions": reverse("api_v1:editions"),
            "taxonomy": reverse("api_v1:taxonomy"),
            "schema": reverse("api_v1:schema"),
            "docs": reverse("api_v1:docs"),
        }
        for name, _route, url_name in _extra_routes():
            resources[name] = reverse(f"api_v1:{url_name}")
        base = _base(request)
        return Response({name: base + url for name, url in resources.items()})


class EditionListView(PublicAPIView):
    @extend_schema(
        operation_id="editions_list",
        responses=EditionSerializer(many=True),
        examples=[EDITIONS_EXAMPLE],
    )
    def get(self, request):
        editions = [
            edition
            for edition in Edition.objects.released().order_by("-released_at")
            if may_read(request.user, edition)
        ]
        return Response([_edition_data(request, edition) for edition in editions])


class EditionView(PublicAPIView):
    @extend_schema(
        operation_id="edition_retrieve",
        responses=EditionSerializer,
        examples=[EDITION_EXAMPLE],
    )
    def get(self, request, label):
        return Response(_edition_data(request, released_edition_or_404(request, label)))


class EntryListView(PublicAPIView):
    @extend_schema(
        operation_id="edition_entries_list",
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description="Words to search for",
                examples=[OpenApiExample("Early warning", value="early warning")],
            ),
            *[
                OpenApiParameter(name, str, description=f"Filter by {name} code")
                for name in FACETS
            ],
            OpenApiParameter("year_from", int),
            OpenApiParameter("year_to", int),
            OpenApiParameter(
                "sort",
                str,
                enum=["relevance", "reference", "title", "newest", "oldest"],
            ),
            OpenApiParameter("page", int),
            LANG_PARAMETER,
        ],
        responses=EntryPageSerializer,
        examples=[ENTRIES_EXAMPLE],
    )
    def get(self, request, label):
        edition = released_edition_or_404(request, label)
        query = Query.from_params(request.GET)
        answer = browser_for(edition).answer(query)
        ids = [row.pk for row in answer.rows]
        rows = {
            row.pk: row
            for row in EditionEntry.objects.filter(pk__in=ids).only(
                "reference", "title", "summary", "content"
            )
        }
        base = _base(request)

        def page_url(number):
            params = request.GET.copy()
            params["page"] = str(number)
            return base + request.path + "?" + params.urlencode()

        return Response(
            {
                "count": answer.total,
                "page": answer.page,
                "pages": answer.pages,
                "per_page": PER_PAGE,
                "next": page_url(answer.page + 1)
                if answer.page < answer.pages
                else None,
                "previous": page_url(answer.page - 1) if answer.page > 1 else None,
                "results": [
                    labelled(entry_record(edition, rows[pk], base))
                    for pk in ids
                    if pk in rows
                ],
            }
        )


class EntryView(PublicAPIView):
    @extend_schema(
        operation_id="edition_entry_retrieve",
        parameters=[LANG_PARAMETER],
        responses=EntrySerializer,
        examples=[ENTRY_EXAMPLE],
    )
    def get(self, request, label, reference):
        edition = released_edition_or_404(request, label)
        row = EditionEntry.objects.filter(edition=edition, reference=reference).first()
        if row is None:
            raise Http404
        return Response(labelled(entry_record(edition, row, _base(request))))


def labelled(item):
    """An entry's record with the names of its codes in the active language.

    Released content pins codes (and English names); the names shown are the
    taxonomy's for each code now, so the released edition stays as it was."""
    labels = facet_labels()
    item["labels"] = {
        "contributor_kind": localized.kind_name(item["contributor_kind"]),
        **{
            facet.field: [
                labels.get(facet.param, {}).get(code, code)
                for code in item[facet.field]
            ]
            for facet in published()
        },
    }
    return item


class TaxonomyView(PublicAPIView):
    @extend_schema(
        operation_id="taxonomy_retrieve",
        parameters=[LANG_PARAMETER],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        # Each facet the compendium publishes, in the order browse shows them;
        # terms with an order of their own in it, lists ordered by name
        # (States, regions) in the collation of the language asked for.
        return Response(
            {
                facet.field: [
                    _term_data(facet, term) for term in _terms_in_order(facet)
                ]
                for facet in sorted(published(), key=attrgetter("browse_order"))
            }
        )


def _terms_in_order(facet):
    terms = list(facet.model.objects.all())
    if "sort_order" in {field.name for field in facet.model._meta.fields}:
        return terms
    return localized.by_name(terms)


def _term_data(facet, term):
    return {
        field: localized.name(term) if field == "name" else getattr(term, field)
        for field in facet.api_fields
    }


class SchemaView(OpenDataThrottling, SpectacularAPIView):
    pass


def _extra_routes():
    """[(name, route, url name)] that other apps add, with their views."""
    routes = []
    for hook in hooks.get_hooks("register_api_v1"):
        routes.extend(hook())
    return [(name, route, name) for name, route, _view in routes]


def urlpatterns():
    # The page for people is an ordinary view, outside the schema.
    from .views.api_docs import docs

    extra = []
    for hook in hooks.get_hooks("register_api_v1"):
        for name, route, view in hook():
            extra.append(path(route, with_etag(view), name=name))
    return [
        path("", RootView.as_view(), name="root"),
        path("editions/", EditionListView.as_view(), name="editions"),
        path("editions/<str:label>/", EditionView.as_view(), name="edition"),
        path("editions/<str:label>/entries/", EntryListView.as_view(), name="entries"),
        path(
            "editions/<str:label>/entries/<str:reference>/",
            EntryView.as_view(),
            name="entry",
        ),
        path("taxonomy/", TaxonomyView.as_view(), name="taxonomy"),
        path(
            "schema/",
            SchemaView.as_view(
                permission_classes=[AllowAny], authentication_classes=[]
            ),
            name="schema",
        ),
        path("docs/", docs, name="docs"),
        *extra,
    ]
