from django.urls import path

from . import downloads, public

app_name = "compendium_public"

urlpatterns = [
    path("", public.browse, name="browse"),
    path("entries/<str:reference>/", public.entry, name="entry"),
    path("editions/", public.edition_list, name="editions"),
    path("editions/<str:label>/", public.browse, name="edition"),
    path(
        "editions/<str:label>/entries/<str:reference>/",
        public.entry,
        name="edition_entry",
    ),
    path("editions/<str:label>/changes/", public.edition_changes, name="changes"),
    path(
        "editions/<str:label>/download.<str:extension>",
        downloads.download,
        name="download",
    ),
    path("countries/<str:iso3>/", public.country, name="country"),
    path("statistics/", public.statistics, name="statistics"),
]
