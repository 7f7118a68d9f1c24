"""An entry as a reader of one language reads it: the Office's translation into
that language where the released content holds one, otherwise the original
with a note saying which language it is in, and the languages it can be read in.

Only the entry's own text changes with the language; its classification, the
facets and counts around it and the downloads are the same in every language.
"""

from dataclasses import dataclass, field

from django.urls import translate_url
from django.utils.translation import gettext as _

from .choices import Language
from .languages import name_in_itself
from .localized import active


@dataclass
class Alternate:
    code: str
    name: str
    url: str
    original: bool


@dataclass
class Reading:
    language: str
    title: str
    summary: str
    description_html: str
    translated: bool
    original_language: str
    note: str = ""
    alternates: list = field(default_factory=list)


def reading_of(content, path=None, language=None):
    """How `content` (an EditionEntry's content, as released) reads in
    `language` (by default the active one). `path` is the page's own address,
    translated into each language the entry can be read in."""
    language = language or active()
    # Editions released before entries had languages: English originals.
    original = content.get("language") or Language.ENGLISH
    translations = content.get("translations") or {}
    if language != original and language in translations:
        text = translations[language]
        reading = Reading(
            language=language,
            title=text["title"],
            summary=text["summary"],
            description_html=text.get("description", ""),
            translated=True,
            original_language=original,
            note=_("Translated from %(language)s by the Office.")
            % {"language": Language(original).label},
        )
    else:
        reading = Reading(
            language=original,
            title=content["title"],
            summary=content["summary"],
            description_html=content.get("description_html", ""),
            translated=False,
            original_language=original,
        )
        if original != language:
            reading.note = _("Original in %(language)s") % {
                "language": Language(original).label
            }
    available = [original, *(code for code in Language.values if code in translations)]
    if path is not None and len(available) > 1:
        reading.alternates = [
            Alternate(
                code=code,
                name=name_in_itself(code),
                url=translate_url(path, code),
                original=code == original,
            )
            for code in available
            if code != reading.language
        ]
    return reading
