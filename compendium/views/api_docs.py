"""/api/v1/docs/: the open-data API for people. What the API gives, its
licence and its limits as enforced (API_LIMIT_PER_CLIENT), a few requests to
start from, and the reference of every endpoint drawn by Swagger UI from the
OpenAPI schema. Swagger UI is served from the site's own static files
(drf-spectacular-sidecar) and started by a script file, so the page keeps the
site's policy: no inline script, nothing from another site."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import pgettext

from .. import citations, editions
from ..api import OpenDataThrottle
from ..models import EditionEntry

# What the limit's period reads as, by its length in seconds (DRF's rates are
# "120/m", "1000/h"...: a second, a minute, an hour or a day).
PERIODS = {
    1: lambda: pgettext("rate limit period", "second"),
    60: lambda: pgettext("rate limit period", "minute"),
    3600: lambda: pgettext("rate limit period", "hour"),
    86400: lambda: pgettext("rate limit period", "day"),
}


def limit():
    """(requests, period's name) a client may make, as the API counts them."""
    throttle = OpenDataThrottle()
    return throttle.num_requests, PERIODS[throttle.duration]()


def _examples(request):
    """Requests to try, on the current edition where there is one."""
    edition = editions.current()
    label = edition.label if edition else "1.0"
    reference = (
        EditionEntry.objects.filter(edition=edition)
        .values_list("reference", flat=True)
        .first()
        if edition
        else None
    ) or "CP-0001"
    entries = reverse("api_v1:entries", args=[label])
    search = urlencode({"q": "early warning", "pillar": "I", "lang": "fr"})
    return [
        ("editions", reverse("api_v1:editions")),
        ("search", f"{entries}?{search}"),
        ("entry", reverse("api_v1:entry", args=[label, reference])),
        ("taxonomy", reverse("api_v1:taxonomy") + "?lang=ar"),
    ], label


def docs(request):
    requests, period = limit()
    examples, label = _examples(request)
    return render(
        request,
        "compendium/api_docs.html",
        {
            "base": request.build_absolute_uri("/").rstrip("/"),
            "examples": dict(examples),
            "label": label,
            "licence": citations.licence(),
            "limit": requests,
            "period": period,
            "schema_url": reverse("api_v1:schema") + "?format=json",
        },
    )
