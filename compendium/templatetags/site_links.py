"""Links every public page carries, such as the About page in the header and
footer. Wagtail's `slugurl` looks the page up (and the site before it) on each
use, which was most of the queries of a browse page; the URL is kept in the
cache instead and forgotten whenever pages are published, unpublished, moved,
renamed or deleted (see `compendium.signals`)."""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language, get_language_bidi
from wagtail.models import Page

register = template.Library()

KEY = "compendium:page-url:{}:{}"
# The slugs whose URLs are kept; compendium.signals forgets them all at once.
KEPT_SLUGS = ("about",)


@register.simple_tag(takes_context=True)
def page_url_by_slug(context, slug):
    """The URL of the live page with `slug` in the active language (the English
    page's if it has no translation yet), as `slugurl` gives it; "" if there is
    none."""
    if slug not in KEPT_SLUGS:
        raise template.TemplateSyntaxError(f"page_url_by_slug: {slug!r} is not kept")
    language = get_language()
    key = KEY.format(slug, language)
    url = cache.get(key)
    if url is None:
        pages = Page.objects.live().filter(slug=slug)
        page = (
            pages.filter(locale__language_code=language).first()
            or pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        )
        url = (page.get_url(context.get("request")) or "") if page else ""
        cache.set(key, url, None)
    return url


def forget_page_urls():
    cache.delete_many(
        [
            KEY.format(slug, language)
            for slug in KEPT_SLUGS
            for language, _name in settings.LANGUAGES
        ]
    )


@register.filter
def starts_with(path, prefix):
    """Whether `path` lies under `prefix`: the navigation marks the section a
    page is in, whatever the language's prefix before it."""
    return bool(prefix) and str(path).startswith(str(prefix))


@register.filter
def isolate(value):
    """A code (an edition's label, a reference) kept in its own direction inside
    right-to-left text, so "2015-pre" does not read "pre-2015"."""
    if not value or not get_language_bidi():
        return value
    return f"\u2068{value}\u2069"
