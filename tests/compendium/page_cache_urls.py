"""The project's URL conf with one more public page, served outside
/compendium/ and unknown to the page cache: a test shows that it is kept and
forgotten by the scope its view declares."""

from django.http import HttpResponse
from django.urls import path

from compendium import urls as project_urls
from compendium.page_cache import EDITION_PAGES, cached_for_visitors
from compendium.public import readable_edition


@cached_for_visitors(EDITION_PAGES)
def edition_digest(request, label=None):
    edition = readable_edition(request, label)
    return HttpResponse(f"{edition.label}: {edition.status}")


urlpatterns = [
    path("digest/", edition_digest, name="digest"),
    path("digest/<str:label>/", edition_digest, name="edition_digest"),
]
# The project's patterns themselves, not included: its public pages are
# i18n_patterns, which only a root URL conf may hold.
urlpatterns += project_urls.urlpatterns
