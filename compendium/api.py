"""The open-data API at /api/v1/: released editions, their entries (filtered like
the browse page), the taxonomy and the contributing organisations — public
fields only, read-only, paginated, with ETags so unchanged answers cost a 304,
and so many requests a minute per client (API_LIMIT_PER_CLIENT; past it, 429
with Retry-After).

Other apps add their resources through the `register_api_v1` hook (the
organisations come from the contributions app), so this module imports none of
them. The OpenAPI schema is at /api/v1/schema/.
"""

import math
from operator import attrgetter

from django.http import Http404
from django.middleware.http import ConditionalGetMiddleware
from django.urls import path, reverse
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView
from wagtail import hooks

from .browse import FACETS, PER_PAGE, Query, browser_for
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


class PublicAPIView(OpenDataThrottling, APIView):
    """Read-only, open to everyone, JSON only, no session needed, so many
    requests a minute per client."""

    permission_classes = [AllowAny]
    authentication_classes = []
    renderer_classes = [JSONRenderer]

    @classmethod
    def as_view(cls, **initkwargs):
        return with_etag(super().as_view(**initkwargs))


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
    @extend_schema(operation_id="root", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        resources = {
            "editions": reverse("api_v1:editions"),
            "taxonomy": reverse("api_v1:taxonomy"),
            "schema": reverse("api_v1:schema"),
        }
        for name, _route, url_name in _extra_routes():
            resources[name] = reverse(f"api_v1:{url_name}")
        base = _base(request)
        return Response({name: base + url for name, url in resources.items()})


class EditionListView(PublicAPIView):
    @extend_schema(operation_id="editions_list", responses=EditionSerializer(many=True))
    def get(self, request):
        editions = [
            edition
            for edition in Edition.objects.released().order_by("-released_at")
            if may_read(request.user, edition)
        ]
        return Response([_edition_data(request, edition) for edition in editions])


class EditionView(PublicAPIView):
    @extend_schema(operation_id="edition_retrieve", responses=EditionSerializer)
    def get(self, request, label):
        return Response(_edition_data(request, released_edition_or_404(request, label)))


class EntryListView(PublicAPIView):
    @extend_schema(
        operation_id="edition_entries_list",
        parameters=[
            OpenApiParameter("q", str, description="Words to search for"),
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
        ],
        responses=EntryPageSerializer,
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
                    entry_record(edition, rows[pk], base) for pk in ids if pk in rows
                ],
            }
        )


class EntryView(PublicAPIView):
    @extend_schema(operation_id="edition_entry_retrieve", responses=EntrySerializer)
    def get(self, request, label, reference):
        edition = released_edition_or_404(request, label)
        row = EditionEntry.objects.filter(edition=edition, reference=reference).first()
        if row is None:
            raise Http404
        return Response(entry_record(edition, row, _base(request)))


class TaxonomyView(PublicAPIView):
    @extend_schema(operation_id="taxonomy_retrieve", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        # Each facet the compendium publishes, in the order browse shows them,
        # its terms in their own order.
        return Response(
            {
                facet.field: [
                    dict(zip(facet.api_fields, values, strict=True))
                    for values in facet.model.objects.values_list(*facet.api_fields)
                ]
                for facet in sorted(published(), key=attrgetter("browse_order"))
            }
        )


class SchemaView(OpenDataThrottling, SpectacularAPIView):
    pass


def _extra_routes():
    """[(name, route, url name)] that other apps add, with their views."""
    routes = []
    for hook in hooks.get_hooks("register_api_v1"):
        routes.extend(hook())
    return [(name, route, name) for name, route, _view in routes]


def urlpatterns():
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
        *extra,
    ]
