"""Whole public pages of released editions, kept in the cache for visitors.

A released edition never changes, so a page can be kept until what it shows
changes: its key names the edition it reads and that edition's status (a
superseded edition's pages say so), or, for pages of "the current edition", which
edition is current. A release therefore makes exactly the pages it changes
unreachable and leaves every other edition's pages cached. Signed-in people see
their name and notifications in the header, so their pages are never cached.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

from .choices import EditionStatus
from .models import Edition

TIMEOUT = None  # until evicted: the key changes when the page would


def _current():
    return Edition.objects.current()


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
    edition = edition_of(request, label)
    if edition is None or not edition.is_public:
        return None  # nothing released, unknown, or a pre-publication edition
    return f"edition:{edition.pk}:{edition.status}:{'current' if label is None else ''}"


def scope_of_releases(request, **kwargs):
    """Pages that summarise every release (the list of editions, statistics,
    country profiles): they change with each release."""
    latest = (
        Edition.objects.filter(
            status__in=[EditionStatus.RELEASED, EditionStatus.SUPERSEDED]
        )
        .order_by("-released_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"releases:{latest}"


def cached_for_visitors(scope):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if (
                request.method != "GET"
                or request.user.is_authenticated
                # A session or a pending message could put something personal
                # on the page.
                or settings.SESSION_COOKIE_NAME in request.COOKIES
                or "messages" in request.COOKIES
            ):
                return view(request, *args, **kwargs)
            token = scope(request, **kwargs)
            if token is None:
                return view(request, *args, **kwargs)
            key = (
                "compendium:page:"
                + hashlib.sha256(
                    f"{token}|{get_language()}|{request.get_full_path()}".encode()
                ).hexdigest()
            )
            content = cache.get(key)
            if content is not None:
                return HttpResponse(content)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                cache.set(key, response.content, TIMEOUT)
            return response

        return wrapped

    return decorator
