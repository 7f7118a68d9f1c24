"""What search engines and feed readers need: an Atom feed of edition releases
and of the entries each release adds or revises, sitemap.xml and robots.txt.

The feed publishes entry text as text: titles and summaries go out as Atom
`type="text"`, escaped by the XML writer, so markup a contributor typed ("<svg
onload=…>", "&amp;") reads as typed and no feed reader renders it. Their
characters go through `compendium.text.printable`: XML 1.0 cannot hold a
control character, and one would have failed the whole feed for everyone.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from .. import editions, following
from ..choices import EditionKind
from ..models import Country, Edition, EditionEntry
from ..page_cache import RELEASE_PAGES, cached_for_visitors
from ..text import printable

RELEASES_IN_FEED = 5
CHANGES_PER_RELEASE = 100


def _public_releases():
    return (
        Edition.objects.released()
        .exclude(kind=EditionKind.PRE_PUBLICATION)
        .order_by("-released_at", "-pk")
    )


class TextAtomFeed(Atom1Feed):
    """Atom with each item's summary as text, where Django's writer declares it
    HTML (`type="html"`) for feed readers to render."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ReleasesFeed(Feed):
    feed_type = TextAtomFeed
    title = gettext_lazy("R2P Compendium of Practice: releases and changes")
    subtitle = gettext_lazy(
        "New editions of the compendium, and the entries each one adds or revises."
    )

    def link(self):
        return reverse("compendium_public:editions")

    def items(self):
        items = []
        for edition in _public_releases()[:RELEASES_IN_FEED]:
            previous, added, revised, _withdrawn = editions.changes(edition)
            items.append(("release", edition, None, (added, revised)))
            changed = [("added", row) for row in added] + [
                ("revised", row) for row, _changes in revised
            ]
            for kind, row in changed[:CHANGES_PER_RELEASE]:
                items.append((kind, edition, row, None))
        return items

    def item_title(self, item):
        return printable(self._title(item))

    def _title(self, item):
        kind, edition, row, _extra = item
        if kind == "release":
            return _("Edition %(label)s released: %(title)s") % {
                "label": edition.label,
                "title": edition.title,
            }
        if kind == "added":
            return _("New in %(label)s: %(title)s") % {
                "label": edition.label,
                "title": row.shown_title,
            }
        return _("Revised in %(label)s: %(title)s") % {
            "label": edition.label,
            "title": row.shown_title,
        }

    def item_description(self, item):
        return printable(self._description(item))

    def _description(self, item):
        kind, edition, row, extra = item
        if kind == "release":
            added, revised = extra
            return _(
                "%(entries)s entries; %(added)s added and %(revised)s revised."
            ) % {
                "entries": edition.entry_count,
                "added": len(added),
                "revised": len(revised),
            }
        return row.shown_summary

    def item_link(self, item):
        kind, edition, row, _extra = item
        if kind == "release":
            return reverse("compendium_public:changes", args=[edition.label])
        return reverse(
            "compendium_public:edition_entry", args=[edition.label, row.reference]
        )

    def item_guid(self, item):
        kind, edition, row, _extra = item
        return f"{kind}:{edition.label}:{row.reference if row else ''}"

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item[1].released_at

    def item_pubdate(self, item):
        return item[1].released_at


class ViewChangesFeed(Feed):
    """The entries each public release adds or revises in one browse view, at
    /compendium/feed/entries/?<the browse page's query> (see
    compendium/following.py): a reader follows a country, a pillar or a search
    and hears of each release that changes what it shows.

    Each item is an entry as one edition released it, so its id names the
    edition and the reference and never changes; a later revision is a new
    item. The feed is kept by shared caches like any public page and purged by
    each release (compendium/purge.py)."""

    feed_type = TextAtomFeed

    def __call__(self, request, *args, **kwargs):
        view = following.view_of(request.GET)
        if view.problems:
            return HttpResponseBadRequest(
                "\n".join(view.problems) + "\n",
                content_type="text/plain; charset=utf-8",
            )
        request.followed_view = view
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request.followed_view

    def title(self, view):
        return printable(
            _("R2P Compendium of Practice: new and revised entries — %(view)s")
            % {"view": following.describe(view)}
        )

    def subtitle(self, view):
        return _(
            "The entries each new edition of the compendium adds or revises in "
            "this view."
        )

    def _with_query(self, path, view):
        return f"{path}?{view.query_string}" if view.query_string else path

    def link(self, view):
        return self._with_query(reverse("compendium_public:browse"), view)

    def feed_url(self, view):
        return self._with_query(reverse("compendium_entries_feed"), view)

    def items(self, view):
        return following.recent_changes(view.query)

    def item_title(self, change):
        return printable(change.row.shown_title)

    def item_description(self, change):
        if change.is_new:
            lead = _("New in edition %(label)s.")
        else:
            lead = _("Revised in edition %(label)s.")
        return printable(
            f"{lead % {'label': change.edition.label}} {change.row.shown_summary}"
        )

    def item_link(self, change):
        return reverse(
            "compendium_public:edition_entry",
            args=[change.edition.label, change.row.reference],
        )

    def item_guid(self, change):
        # A tag URI (RFC 4151) under the site's own name: the same id whichever
        # address the feed was read at, and one per entry per edition.
        host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
        released = change.edition.released_at
        return (
            f"tag:{host},{released:%Y-%m-%d}:compendium/editions/"
            f"{change.edition.label}/entries/{change.row.reference}"
        )

    item_guid_is_permalink = False

    def item_updateddate(self, change):
        return change.edition.released_at

    def item_pubdate(self, change):
        return change.edition.released_at


# Kept whole for visitors until the next release, like the list of editions.
entries_feed = cached_for_visitors(RELEASE_PAGES)(ViewChangesFeed())


class EditorialSitemap(WagtailSitemap):
    """The site's editorial pages and their translations, which Wagtail keeps as
    sibling trees outside the site's own root."""

    def items(self):
        from wagtail.models import Page

        site_pages = super().items()
        return (
            Page.objects.live()
            .public()
            .filter(
                translation_key__in=site_pages.values_list("translation_key", flat=True)
            )
            .order_by("path")
            .specific()
        )


class InEveryLanguage(Sitemap):
    """Each page once per language, with its `hreflang` alternates (and English
    as the default), at the address compendium/languages.py gives it."""

    i18n = True
    alternates = True
    x_default = True


class EditionSitemap(InEveryLanguage):
    changefreq = "never"

    def items(self):
        return _public_releases()

    def location(self, edition):
        return reverse("compendium_public:edition", args=[edition.label])

    def lastmod(self, edition):
        return edition.released_at


class CurrentEntrySitemap(InEveryLanguage):
    """Every entry of the current edition at its stable, citable address."""

    changefreq = "never"
    limit = 10_000

    def items(self):
        current = editions.current()
        if current is None:
            return EditionEntry.objects.none()
        return (
            EditionEntry.objects.filter(edition=current)
            .select_related("edition")
            .only("reference", "edition__label", "edition__released_at")
            .order_by("reference")
        )

    def location(self, row):
        return reverse(
            "compendium_public:edition_entry", args=[row.edition.label, row.reference]
        )

    def lastmod(self, row):
        return row.edition.released_at


class ResearchSitemap(InEveryLanguage):
    """The pages that compare countries and editions: the country index and the
    statistics."""

    changefreq = "monthly"

    def items(self):
        return ["compendium_public:countries", "compendium_public:statistics"]

    def location(self, name):
        return reverse(name)


class CountrySitemap(InEveryLanguage):
    changefreq = "monthly"

    def items(self):
        return Country.objects.order_by("iso3").only("iso3")

    def location(self, country):
        return reverse("compendium_public:country", args=[country.iso3])


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /contribute/",
        "Disallow: /accounts/",
        "Disallow: /compendium/?",
        *[
            f"Disallow: /{code}/compendium/?"
            for code, _name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE
        ],
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    """The site's icon where browsers and feed readers look for it by habit;
    the static URL is read per request, once the manifest of hashed names is
    there."""
    return HttpResponsePermanentRedirect(static("compendium/favicon.ico"))
