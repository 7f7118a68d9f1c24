"""Tell shared caches (Varnish, a CDN) which public pages a release changed,
through Wagtail's frontend cache invalidation (WAGTAILFRONTENDCACHE, set from
FRONTEND_CACHE_PURGE_URL). Wagtail purges its own pages when they are published
or unpublished; this module purges the compendium's.

A release changes the current edition (so every page of "the current edition":
the browse page, each entry, each country profile), the list of editions, the
statistics, the feeds (the releases', and each browse view's at whatever query
string, under /compendium/feed/entries/*), the sitemaps, the open-data API, and
every page of the editions released or superseded; in each language's prefix.
Pages of one kind are named by a path ending in `*`, which the project's VCL
reads as "every address under this one" (a ban), as CloudFront does; every
other address is purged as it is. Other editions' pages do not change and stay cached.

`editions_changed` receivers must not query (migrations send it), and none is
needed: the labels and the URL conf say everything.
"""

import logging

from django.conf import settings
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from compendium.site_address import site_url

from .signals import editions_changed

logger = logging.getLogger(__name__)

EVERYTHING_UNDER = "*"


def _language_paths(labels):
    """The public paths that change, in the active language."""
    browse = reverse("compendium_public:browse")
    paths = [
        reverse("wagtail_serve", args=[""]),
        browse,
        f"{browse}entries/{EVERYTHING_UNDER}",
        f"{browse}countries/{EVERYTHING_UNDER}",
        reverse("compendium_public:editions"),
        reverse("compendium_public:statistics"),
        reverse("compendium_feed"),
        # Each view's feed is its own address (?country=GHA…): a ban of every
        # address under the path reaches them all.
        f"{reverse('compendium_entries_feed')}{EVERYTHING_UNDER}",
    ]
    for label in labels:
        edition = reverse("compendium_public:edition", kwargs={"label": label})
        paths.append(f"{edition}{EVERYTHING_UNDER}")
    return paths


def release_paths(labels):
    """Every public path a release of `labels` (released and superseded) changes,
    in every language."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.extend(_language_paths(labels))
    paths += [
        reverse("sitemap"),
        f"{reverse('sitemap')[: -len('.xml')]}-{EVERYTHING_UNDER}",
        f"/api/v1/{EVERYTHING_UNDER}",
    ]
    return list(dict.fromkeys(paths))


@receiver(editions_changed)
def purge_released_pages(sender, labels=(), **kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    urls = [site_url(path) for path in release_paths(labels)]
    try:
        purge_urls_from_cache(urls)
    except Exception:  # a cache that cannot be told must not undo a release
        logger.exception("Could not purge the pages a release changed.")
