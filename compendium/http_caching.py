"""What a public page tells browsers and shared caches (Varnish, a CDN).

A visitor's public page (no session, no pending message, no CSRF token, no
cookie set) is sent `Cache-Control: public, max-age=<short>, s-maxage=<longer>`
with an ETag, and a visitor who has it gets 304. Its language is in its URL, so
it varies with nothing the browser sends but its accepted encodings: the
`Cookie` that the session middleware names is dropped from `Vary`, since such a
page is the same whatever cookies come with it and a request with a session is
never answered from it (the page cache and the VCL pass those). Anything else
keeps what its view and the private-pages middleware said.

This middleware is first of all, outside the page cache, so that the pages the
cache answers early get the same headers and the same 304s.
"""

from django.conf import settings
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

from .languages import is_public_path
from .security import private_paths


def public_cache_control():
    return {
        "public": True,
        "max_age": settings.PUBLIC_MAX_AGE,
        "s_maxage": settings.PUBLIC_S_MAXAGE,
    }


def is_visitors_request(request):
    """A request nobody's session or pending message could make personal."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path_info.startswith(private_paths())
    )


def _public(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a form's token, or anything else set for this visitor
    if "Cache-Control" in response.headers:
        return False  # the view said it itself (downloads, the health checks)
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _without_cookie_in_vary(response):
    if not response.has_header("Vary"):
        return
    kept = [
        name.strip()
        for name in response["Vary"].split(",")
        if name.strip() and name.strip().lower() != "cookie"
    ]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


class PublicCachingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_visitors_request(request):
            return response
        if "public" in response.get("Cache-Control", "") and not response.cookies:
            # Made public by its view (a download), with its own ETag and 304.
            _without_cookie_in_vary(response)
            return response
        if not _public(request, response):
            return response
        urlconf = getattr(request, "urlconf", None)
        _without_cookie_in_vary(response)
        if is_public_path(request.path_info, urlconf):
            patch_vary_headers(response, ("Accept-Encoding",))
        patch_cache_control(response, **public_cache_control())
        if not response.has_header("ETag"):
            set_response_etag(response)
        modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(modified) if modified else None,
            response=response,
        )
