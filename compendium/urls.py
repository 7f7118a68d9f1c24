from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import health, languages
from .views import feeds

SITEMAPS = {
    "pages": feeds.EditorialSitemap,
    "editions": feeds.EditionSitemap,
    "entries": feeds.CurrentEntrySitemap,
    "research": feeds.ResearchSitemap,
    "countries": feeds.CountrySitemap,
}

urlpatterns = [
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("robots.txt", feeds.robots_txt, name="robots_txt"),
    # Browsers and feed readers ask for /favicon.ico whatever the page links.
    path("favicon.ico", feeds.favicon, name="favicon"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("language/", languages.choose_language, name="choose_language"),
    path("api/v1/", include("compendium.api_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("contribute/", include("contributions.urls")),
    path("contribute/", include("review.urls")),
    path("contribute/", include("dialogues.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages, in English at these paths and in each other language under its
# prefix (/fr/compendium/…): see compendium/languages.py.
urlpatterns += i18n_patterns(
    path("compendium/feed/", feeds.ReleasesFeed(), name="compendium_feed"),
    path(
        "compendium/feed/entries/", feeds.entries_feed, name="compendium_entries_feed"
    ),
    path("compendium/", include("compendium.public_urls")),
    path("dialogues/", include("dialogues.public_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
