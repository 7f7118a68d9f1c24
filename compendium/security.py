"""Security headers every response carries.

- `ContentSecurityPolicyMiddleware` (django-csp): the public site and the
  contributor portal run only the site's own scripts and styles, from its own
  address, with nothing inline and nothing from another site
  (settings.CONTENT_SECURITY_POLICY). Wagtail's admin writes inline scripts
  and styles into its pages and has no nonces for them, so its pages, previews
  of the site's pages among them, get ADMIN_DIRECTIVES on top, which allow
  those inline and let the admin frame its own pages (for previews). No page
  uses a nonce, so a page kept in the page cache (compendium.page_cache) keeps
  a policy that stays true.
- `PrivatePagesMiddleware`: a response to a signed-in person, and every
  response of the portal, the sign-in pages and the admin, is marked
  `Cache-Control: private, no-store`, so no shared cache keeps it and the
  browser keeps no copy to show after signing out. Pages for visitors are left
  as their views made them (compendium.page_cache keeps only those).
"""

from functools import cache

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import get_script_prefix, reverse

# The contributor portal and the sign-in pages.
PORTAL_PATHS = ("/contribute/", "/accounts/")

PRIVATE = "private, no-store"

# What Wagtail's admin needs besides the public policy (settings.
# CONTENT_SECURITY_POLICY): its inline scripts (date pickers, inline panels,
# the workflow and chooser modals) and inline styles, images it makes in the
# browser (crop previews as data: and blob: addresses), and the preview of a
# page shown in a frame of the editor.
ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}


def admin_policy():
    return {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], **ADMIN_DIRECTIVES}


@cache
def admin_prefix():
    """Where the URL conf mounts Wagtail's admin, as request.path_info has it;
    read once, so that moving the admin is one change in compendium.urls."""
    return "/" + reverse("wagtailadmin_home").removeprefix(get_script_prefix())


def private_paths():
    return (*PORTAL_PATHS, admin_prefix())


def is_admin(request):
    return request.path_info.startswith(admin_prefix())


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin(request):
            parts.config = admin_policy()
        return parts


def _signed_in(request):
    user = getattr(request, "user", None)
    if user is not None:
        return user.is_authenticated
    # Answered before authentication ran (a redirect adding a slash, say).
    session = getattr(request, "session", None)
    return session is not None and SESSION_KEY in session


class PrivatePagesMiddleware:
    """Placed before the session middleware, so that it sees every response a
    session could have shaped, redirects made before authentication included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(private_paths()) or _signed_in(request):
            # Whatever the view said (public, s-maxage, an ETag's max-age), a
            # personal page is kept by no one.
            response.headers["Cache-Control"] = PRIVATE
        return response
