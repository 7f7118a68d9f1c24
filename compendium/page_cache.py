"""Whole public pages of released editions, kept in the cache for visitors.

A released edition never changes, so a page can be kept until what it shows
changes: its key names the edition it reads and that edition's status (a
superseded edition's pages say so), or, for pages of "the current edition", which
edition is current. A release therefore makes exactly the pages it changes
unreachable and leaves every other edition's pages cached. Signed-in people see
their name and notifications in the header, so their pages are never cached.

The scope a page was read in is remembered in the cache too, under the name of
its kind of scope ("the current edition", "edition 1.0", "the releases"). A view
declares its scope (`cached_for_visitors`) and the URL conf names it: a path
resolves to the view and its arguments, so `CachedPageMiddleware`, first of the
middleware, answers a visitor with no database query and none of the later
middleware, for any URL a kept view is served at. When editions change (a
release, a search index made again) the editions module sends
`signals.editions_changed`, and exactly the scopes that changed are forgotten
(`forget_scopes`); which edition is current is the editions module's to say.
"""

import hashlib
from collections import OrderedDict
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation

from . import search
from .choices import EditionStatus
from .languages import language_of_path
from .models import Edition
from .public import edition_of
from .signals import editions_changed

TIMEOUT = None  # until evicted: the key changes when the page would
# Paths whose scope each process remembers (`scope_name_of`).
RECENT_PATHS = 4096


class Scope:
    """A kind of public page, kept until what it reads changes. A view declares
    its scope with `cached_for_visitors`; the URL conf, resolving a path to that
    view and its arguments, gives the scope's name, so the middleware knows a
    page's scope from its path, whichever URL it is served at."""

    def name(self, kwargs):
        """What a release forgets (`forget_scopes`), from the URL's arguments."""
        raise NotImplementedError

    def token(self, request, kwargs):
        """What the page reads, in a few characters: its key changes with it.
        None if the page must not be kept."""
        raise NotImplementedError


class EditionPages(Scope):
    """Pages that read one edition: by label, or the current one."""

    def name(self, kwargs):
        return f"edition:{kwargs.get('label') or ''}"

    def token(self, request, kwargs):
        label = kwargs.get("label")
        edition = edition_of(request, label)
        if edition is None or not edition.is_public:
            return None  # nothing released, unknown, or a pre-publication edition
        current = "current" if label is None else ""
        # Pages made before the search index last changed (search.INDEX_VERSION)
        # are never served again.
        return f"edition:{edition.pk}:{edition.status}:{search.INDEX_VERSION}:{current}"


class ReleasePages(Scope):
    """Pages that summarise every release (the list of editions, statistics,
    country profiles): they change with each release."""

    def name(self, kwargs):
        return "releases"

    def token(self, request, kwargs):
        latest = (
            Edition.objects.filter(
                status__in=[EditionStatus.RELEASED, EditionStatus.SUPERSEDED]
            )
            .order_by("-released_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        return f"releases:{latest}"


EDITION_PAGES = EditionPages()
RELEASE_PAGES = ReleasePages()


SCOPE_KEY = "compendium:scope:{}"
# Headers the inner middleware add, kept with the page so the early answer
# carries them too; cookies are never kept.
NOT_KEPT = {"set-cookie", "content-length"}


def _cacheable(request):
    return (
        request.method == "GET"
        # A session or a pending message could put something personal on the
        # page.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _page_key(token, request):
    # The path holds the page's language (compendium/languages.py): the same key
    # here, before the language is chosen, as in the view, after.
    return (
        "compendium:page:"
        + hashlib.sha256(f"{token}|{request.get_full_path()}".encode()).hexdigest()
    )


def _answer(kept):
    response = HttpResponse(kept["content"], headers=kept["headers"])
    # Normally CommonMiddleware's, which this early answer skips: without a
    # length a server must close the connection after each page.
    response.headers["Content-Length"] = str(len(kept["content"]))
    return response


def cached_for_visitors(scope):
    """Keep the view's pages for visitors, in `scope` (a `Scope`)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _cacheable(request) or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            token = scope.token(request, kwargs)
            if token is None:
                return view(request, *args, **kwargs)
            cache.set(SCOPE_KEY.format(scope.name(kwargs)), token, TIMEOUT)
            key = _page_key(token, request)
            kept = cache.get(key)
            if kept is not None:
                return _answer(kept)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                # CachedPageMiddleware keeps it once the other middleware have
                # added their headers.
                response._compendium_page_key = key
            return response

        # What the middleware finds on the view a path resolves to.
        wrapped.page_scope = scope
        return wrapped

    return decorator


@lru_cache(maxsize=RECENT_PATHS)
def scope_name_of(path):
    """The name of the scope of the page at `path`, as the URL conf resolves it
    (None if its view is not kept). Resolving takes longer than answering from
    the cache, so each process remembers its answer for recent paths."""
    try:
        # Public paths resolve in their own language's prefix.
        with translation.override(language_of_path(path)):
            match = resolve(path)
    except Resolver404:
        return None
    scope = getattr(match.func, "page_scope", None)
    return scope.name(match.kwargs) if scope is not None else None


@receiver(setting_changed)
def _urls_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        scope_name_of.cache_clear()


# The pages this process answered most recently, so that the shared cache is
# asked only for the scope's short token, not for the whole page each time.
_recent = OrderedDict()
RECENT_PAGES = 256


def _remember(key, kept):
    _recent[key] = kept
    _recent.move_to_end(key)
    if len(_recent) > RECENT_PAGES:
        _recent.popitem(last=False)


class CachedPageMiddleware:
    """Answer visitors from the page cache before sessions, authentication and
    the rest are even looked at; keep the pages the views mark as cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            _cacheable(request)
            # SecurityMiddleware, after this one, sends plain HTTP to HTTPS.
            and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
        ):
            name = scope_name_of(request.path_info)
            token = cache.get(SCOPE_KEY.format(name)) if name else None
            if token is not None:
                key = _page_key(token, request)
                kept = _recent.get(key)
                if kept is None:
                    kept = cache.get(key)
                    if kept is not None:
                        _remember(key, kept)
                if kept is not None:
                    return _answer(kept)
        response = self.get_response(request)
        key = getattr(response, "_compendium_page_key", None)
        if key and response.status_code == 200 and not response.cookies:
            kept = {
                "content": response.content,
                "headers": {
                    name: value
                    for name, value in response.headers.items()
                    if name.lower() not in NOT_KEPT
                },
            }
            cache.set(key, kept, TIMEOUT)
            _remember(key, kept)
        return response


@receiver(editions_changed)
def forget_scopes(sender, labels=(), **kwargs):
    """After a release (or a new search index): the current edition's pages,
    those of the editions that changed and the list of releases are read anew;
    every other page stays kept."""
    names = [EDITION_PAGES.name({}), RELEASE_PAGES.name({})] + [
        EDITION_PAGES.name({"label": label}) for label in labels
    ]
    cache.delete_many([SCOPE_KEY.format(name) for name in names])
