from django.urls import path

from .views import (
    browse,
    citations,
    countries,
    downloads,
    editions,
    entries,
    statistics,
)

app_name = "compendium_public"

urlpatterns = [
    path("", browse.browse, name="browse"),
    path("entries/<str:reference>/", entries.entry, name="entry"),
    path("editions/", editions.edition_list, name="editions"),
    path("editions/<str:label>/", browse.browse, name="edition"),
    path(
        "editions/<str:label>/entries/<str:reference>/",
        entries.entry,
        name="edition_entry",
    ),
    path(
        "editions/<str:label>/entries/<str:reference>/cite.<str:extension>",
        citations.entry_cite,
        name="entry_cite",
    ),
    path(
        "editions/<str:label>/cite.<str:extension>",
        citations.edition_cite,
        name="edition_cite",
    ),
    path("editions/<str:label>/changes/", editions.edition_changes, name="changes"),
    path(
        "editions/<str:label>/download.<str:extension>",
        downloads.download,
        name="download",
    ),
    path("countries/", countries.country_index, name="countries"),
    path("countries/<str:iso3>/", countries.country, name="country"),
    path("statistics/", statistics.statistics, name="statistics"),
    path(
        "statistics/<str:chart>.csv",
        statistics.statistics_csv,
        name="statistics_csv",
    ),
]
