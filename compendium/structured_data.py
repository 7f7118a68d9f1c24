"""schema.org descriptions (JSON-LD) of entry and edition pages, so that search
engines and reference managers know what a page is: an entry is a
CreativeWork by its contributing organisation, part of an edition; an edition
is a Dataset with its version, release date, licence, publisher and files.

`json_ld` writes the `<script type="application/ld+json">` element. Browsers
never run a script of that type, so the site's policy (no inline scripts)
does not concern it and it needs no nonce; `<`, `>` and `&` are written as
JSON escapes, so no text (a title reading "</script>") can end the element.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import mark_safe

from . import citations

CONTEXT = "https://schema.org"
DESCRIPTION = (
    "What Member States, regional and sub-regional organisations and civil "
    "society have done to protect populations from genocide, war crimes, ethnic "
    "cleansing and crimes against humanity: the responsibility to protect in "
    "practice."
)
# What HTML would read as markup inside a script element, as JSON writes the
# same characters without it; the line separators keep older parsers happy.
_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def json_ld(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(  # noqa: S308 - every character that could end it is escaped
        f'<script type="application/ld+json">{text.translate(_ESCAPES)}</script>'
    )


def _publisher():
    return {"@type": "Organization", "name": citations.PUBLISHER}


def _edition_ref(request, edition):
    url = citations.edition_url(request, edition)
    return {
        "@type": "Dataset",
        "@id": url,
        "name": f"{citations.COMPENDIUM}, edition {edition.label}",
        "version": edition.label,
        "url": url,
    }


def entry(request, edition, row, reading, url):
    """An entry as released in `edition`, as its page shows it (`reading`),
    at its stable `url`."""
    return {
        "@context": CONTEXT,
        "@type": "CreativeWork",
        "@id": url,
        "url": url,
        "identifier": row.reference,
        "name": citations.clean(reading.title),
        "description": citations.clean(reading.summary),
        "inLanguage": reading.language,
        "datePublished": citations.edition_date(edition),
        "author": {"@type": "Organization", "name": row.shown_contributor},
        "publisher": _publisher(),
        "license": citations.licence()["url"],
        "isPartOf": _edition_ref(request, edition),
    }


def edition(request, edition):
    """A whole edition, with a DataDownload for each of its files."""
    files = [
        ("download", extension, media_type)
        for extension, media_type in (
            ("csv", "text/csv"),
            (
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ("json", "application/json"),
            ("pdf", "application/pdf"),
        )
    ] + [
        ("edition_cite", extension, media_type.split(";")[0])
        for extension, media_type in citations.FORMATS.items()
    ]
    data = {
        **_edition_ref(request, edition),
        "@context": CONTEXT,
        "description": (
            f"{citations.COMPENDIUM}, edition {edition.label}: "
            f"{citations.clean(edition.title)}. {DESCRIPTION}"
        ),
        "datePublished": citations.edition_date(edition),
        "license": citations.licence()["url"],
        "publisher": _publisher(),
        "creator": _publisher(),
        "isAccessibleForFree": True,
    }
    if edition.is_released:
        # A pre-publication edition shared with a round offers no files.
        data["distribution"] = [
            {
                "@type": "DataDownload",
                "encodingFormat": media_type,
                "contentUrl": request.build_absolute_uri(
                    reverse(
                        f"compendium_public:{name}", args=[edition.label, extension]
                    )
                ),
            }
            for name, extension, media_type in files
        ]
    return data
