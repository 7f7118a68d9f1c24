"""Dates and times in each signed-in person's own time zone (UTC for visitors),
and requests no part of the site could answer."""

import zoneinfo

from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _


class TimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        name = getattr(user, "time_zone", "") if user and user.is_authenticated else ""
        if name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class NulCharacterMiddleware:
    """A NUL character belongs in no address, search or cookie of the site, and
    PostgreSQL refuses it in any text: a path holding one is not found, a query
    holding one is a bad request, and a cookie holding one is not ours, so it is
    ignored (a session cookie among them is read as no session). The open-data
    API answers in JSON, as it answers its other errors."""

    API = "/api/"  # compendium.urls

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [
            name
            for name, value in request.COOKIES.items()
            if "\x00" in name or "\x00" in value
        ]:
            del request.COOKIES[name]
        if "\x00" in request.path:
            return self.refuse(request, 404, _("No page has this address."))
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return self.refuse(
                    request, 400, _("The address holds a NUL character.")
                )
        return self.get_response(request)

    def refuse(self, request, status, message):
        if request.path.startswith(self.API):
            return JsonResponse({"detail": message}, status=status)
        # Raised, so that Django answers with the site's own 404 or 400 page.
        if status == 404:
            raise Http404(message)
        raise BadRequest(message)
