"""The contributing organisations in the open-data API (public fields only)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from accounts.models import Organisation
from compendium.api import PublicAPIView


class OrganisationListView(PublicAPIView):
    @extend_schema(
        operation_id="organisations_list",
        responses=inline_serializer(
            "Organisation",
            {
                "name": serializers.CharField(),
                "short_name": serializers.CharField(),
                "kind": serializers.CharField(),
                "country": serializers.CharField(allow_null=True),
                "website": serializers.URLField(),
            },
            many=True,
        ),
    )
    def get(self, request):
        organisations = (
            Organisation.objects.active()
            .order_by("name")
            .values_list("name", "short_name", "kind", "country__iso3", "website")
        )
        return Response(
            [
                {
                    "name": name,
                    "short_name": short_name,
                    "kind": kind,
                    "country": iso3,
                    "website": website,
                }
                for name, short_name, kind, iso3, website in organisations
            ]
        )
