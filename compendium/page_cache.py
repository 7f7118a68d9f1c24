"""Whole public pages of released editions, kept in the cache for visitors.

A released edition never changes, so a page can be kept until what it shows
changes: its key names the edition it reads and that edition's status (a
superseded edition's pages say so), or, for pages of "the current edition", which
edition is current. A release therefore makes exactly the pages it changes
unreachable and leaves every other edition's pages cached. Signed-in people see
their name and notifications in the header, so their pages are never cached.

The scope a page was read in is remembered in the cache too, under the page's
kind of scope ("the current edition", "edition 1.0", "the releases"), so that
`CachedPageMiddleware`, placed right after WhiteNoise, answers a visitor with no
database query and none of the later middleware; a release forgets exactly the
scopes it changes (`forget_scopes`).
"""

import hashlib
import re
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.utils.translation import get_language

from . import search
from .choices import EditionStatus
from .models import Edition

TIMEOUT = None  # until evicted: the key changes when the page would


CURRENT_KEY = "compendium:edition:current"


def _current():
    """The current edition, kept in the cache until a release forgets it: every
    public page asks for it, and it changes only when an edition is released.
    It is kept for signed-in people too, whose pages are not, so it is kept in
    the default cache by name rather than in `cache`, the pages' cache."""
    kept = caches["default"]
    edition = kept.get(CURRENT_KEY)
    if edition is None:
        edition = Edition.objects.current()
        if edition is not None:
            kept.set(CURRENT_KEY, edition, TIMEOUT)
    return edition


def edition_of(request, label=None):
    """The edition a page reads, by label or the current one (None if there is
    none), looked up once per request: the page's scope and the view ask for
    the same edition."""
    known = request.__dict__.setdefault("_compendium_editions", {})
    if label not in known:
        known[label] = (
            _current() if label is None else Edition.objects.filter(label=label).first()
        )
    return known[label]


def scope_of_edition(request, label=None, **kwargs):
    """The edition a page reads: by label, or the current one."""
    request._compendium_scope_name = f"edition:{label or ''}"
    edition = edition_of(request, label)
    if edition is None or not edition.is_public:
        return None  # nothing released, unknown, or a pre-publication edition
    current = "current" if label is None else ""
    # Pages made before the search index last changed (search.INDEX_VERSION)
    # are never served again.
    return f"edition:{edition.pk}:{edition.status}:{search.INDEX_VERSION}:{current}"


def scope_of_releases(request, **kwargs):
    """Pages that summarise every release (the list of editions, statistics,
    country profiles): they change with each release."""
    request._compendium_scope_name = "releases"
    latest = (
        Edition.objects.filter(
            status__in=[EditionStatus.RELEASED, EditionStatus.SUPERSEDED]
        )
        .order_by("-released_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"releases:{latest}"


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
    return (
        "compendium:page:"
        + hashlib.sha256(
            f"{token}|{get_language()}|{request.get_full_path()}".encode()
        ).hexdigest()
    )


def _answer(kept):
    response = HttpResponse(kept["content"], headers=kept["headers"])
    # Normally CommonMiddleware's, which this early answer skips: without a
    # length a server must close the connection after each page.
    response.headers["Content-Length"] = str(len(kept["content"]))
    return response


def cached_for_visitors(scope):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _cacheable(request) or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            token = scope(request, **kwargs)
            if token is None:
                return view(request, *args, **kwargs)
            cache.set(SCOPE_KEY.format(request._compendium_scope_name), token, TIMEOUT)
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

        return wrapped

    return decorator


_PUBLIC_PATH = re.compile(
    r"^/compendium/(?:"
    r"(?P<releases>editions/$|countries/[^/]+/$|statistics/$)"
    r"|editions/(?P<label>[^/]+)/(?:$|entries/[^/]+/$|changes/$)"
    r"|(?P<current>$|entries/[^/]+/$)"
    r")"
)


def _scope_name_of(request):
    """The kind of scope of a public compendium URL, read from the path alone
    (the URL patterns in public_urls.py, without resolving them)."""
    match = _PUBLIC_PATH.match(request.path_info)
    if match is None:
        return None
    if match["releases"] is not None:
        return "releases"
    return f"edition:{match['label'] or ''}"


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
            and request.path_info.startswith("/compendium/")
            # SecurityMiddleware, after this one, sends plain HTTP to HTTPS.
            and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
        ):
            name = _scope_name_of(request)
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


def forget_scopes(*labels):
    """After a release: the current edition, the editions whose status changed
    and the list of releases are read anew; every other page stays cached."""
    caches["default"].delete(CURRENT_KEY)
    cache.delete_many(
        [SCOPE_KEY.format("edition:"), SCOPE_KEY.format("releases")]
        + [SCOPE_KEY.format(f"edition:{label}") for label in labels]
    )
