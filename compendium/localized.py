"""Reference data in the reader's language: names and collation.

Every reference term (pillars, priorities, atrocity crimes, practice areas,
regions, States, the Secretary-General's reports) is named in English in its own
field and in the other five official languages in `names`; organisation kinds
are named in compendium/data/reference_term_names.csv. This module is the one
way to show them: the name in the active language (English when a language has
none), and lists sorted by that language's collation, the same on every
database because the sort runs here, after the query.
"""

import csv
from functools import cache, lru_cache
from pathlib import Path

import icu
from django.conf import settings
from django.db.models.signals import post_save
from django.forms.models import ModelChoiceIterator
from django.utils import translation

DATA_DIR = Path(__file__).resolve().parent / "data"

# ICU locales whose collation each language uses. Chinese sorts by pinyin, as
# the UN lists names in Chinese; CLDR's default for "zh" is pinyin.
COLLATION_LOCALES = {
    "en": "en",
    "fr": "fr",
    "es": "es",
    "ar": "ar",
    "ru": "ru",
    "zh-hans": "zh@collation=pinyin",
}


def languages():
    """The language codes of settings.LANGUAGES, English first."""
    return [code for code, _name in settings.LANGUAGES]


def other_languages():
    """The languages a term's `names` may hold: all but English."""
    return [code for code in languages() if code != settings.LANGUAGE_CODE]


def language_of(code):
    """The settings.LANGUAGES code for `code` ("fr-CA" → "fr", "zh-CN" →
    "zh-hans"), or None when it names none of the six."""
    if not code:
        return None
    code = code.strip().lower().replace("_", "-")
    known = languages()
    if code in known:
        return code
    if code.startswith("zh"):
        # Simplified Chinese is the UN's; zh, zh-cn, zh-sg and zh-hans-* read it.
        return "zh-hans" if "zh-hans" in known else None
    base = code.split("-")[0]
    return base if base in known else None


def active():
    """The active language as a settings.LANGUAGES code; English by default."""
    return language_of(translation.get_language()) or settings.LANGUAGE_CODE


def name(term, language=None):
    """`term`'s name in `language` (default: the active one), else English."""
    if term is None:
        return ""
    return term.name_in(language or active())


@cache
def _kind_names():
    with open(DATA_DIR / "reference_term_names.csv", encoding="utf-8") as handle:
        return {
            row["code"]: row for row in csv.DictReader(handle) if row["model"] == "kind"
        }


def kind_name(kind, language=None):
    """An organisation kind's name (compendium.choices.OrganisationKind)."""
    row = _kind_names().get(str(kind))
    if row is None:
        return str(kind)
    return row.get(language or active()) or row["en"]


@lru_cache(maxsize=8)
def _collator(language):
    collator = icu.Collator.createInstance(
        icu.Locale(COLLATION_LOCALES.get(language, language))
    )
    return collator


def sort_key(language=None):
    """A key function ordering strings by `language`'s collation (default: the
    active one)."""
    collator = _collator(language or active())
    return lambda text: collator.getSortKey(str(text))


def by_name(terms, language=None):
    """`terms` sorted by their names in `language`, by its collation."""
    language = language or active()
    key = sort_key(language)
    return sorted(terms, key=lambda term: key(term.name_in(language)))


# Released content ------------------------------------------------------------

# {(model label, language): {code: name}}, read once per process; emptied when
# a term is saved (`_forget`).
_names_by_code = {}


def names_by_code(facet, language=None):
    """{code: name in `language`} of a facet's terms; only the terms named in
    that language, so callers fall back to what they have (English)."""
    language = language or active()
    key = (facet.model_label, language)
    if key not in _names_by_code:
        _names_by_code[key] = {
            getattr(term, facet.code): term.names[language]
            for term in facet.model.objects.all()
            if term.names.get(language)
        }
    return _names_by_code[key]


def term_name(facet, code, english, language=None):
    """A released term's name: a released edition pins (code, English name),
    and shows the taxonomy's name of that code in another language, so the
    edition itself never changes; English shows what was released."""
    language = language or active()
    if language == settings.LANGUAGE_CODE:
        return english
    return names_by_code(facet, language).get(code) or english


def released(content, language=None):
    """A released entry's content with the names of its terms and its kind of
    contributor in `language` (default: the active one); English gives the
    content as released."""
    from compendium.classification import published

    language = language or active()
    if language == settings.LANGUAGE_CODE:
        return content
    shown = dict(content)
    for facet in published():
        pairs = content.get(facet.field)
        if pairs:
            shown[facet.field] = [
                (code, term_name(facet, code, name, language)) for code, name in pairs
            ]
            if facet.names in content:
                # The names as the changelog and diffs list them.
                shown[facet.names] = [
                    facet.name_of(code, name) for code, name in shown[facet.field]
                ]
    contributor = content.get("contributor")
    if contributor and contributor.get("kind"):
        shown["contributor"] = {
            **contributor,
            "kind_label": kind_name(contributor["kind"], language),
        }
    if content.get("start_year"):
        from compendium.models.content import period_of

        with translation.override(language):
            shown["period"] = str(
                period_of(
                    content["start_year"],
                    content.get("end_year"),
                    content.get("ongoing"),
                )
            )
    return shown


NAMED_MODELS = [
    "compendium.Pillar",
    "compendium.Priority",
    "compendium.AtrocityCrime",
    "compendium.PracticeArea",
    "compendium.Region",
    "compendium.Country",
    "compendium.SecretaryGeneralReport",
]


def _forget(sender, **kwargs):
    """A term saved: the names read before are stale. (A term is deleted only
    while nothing names it, so its stale name is shown nowhere.)"""
    from compendium import browse

    _names_by_code.clear()
    browse._labels.clear()


# Listening to these models only: a receiver of every model's saves would run on
# each row the project writes.
for _model in NAMED_MODELS:
    post_save.connect(_forget, sender=_model, dispatch_uid=f"forget-names-{_model}")


# Forms -----------------------------------------------------------------------


class CollatedChoiceIterator(ModelChoiceIterator):
    """A form field's terms in the active language's alphabetical order (by
    kind first for regions); terms with an order of their own keep it."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for term in collated(self.queryset):
            yield self.choice(term)


def collated(terms):
    """Terms in the order lists show them in the active language: their own
    order where they have one (pillars, priorities), else by name."""
    terms = list(terms)
    if not terms or hasattr(terms[0], "sort_order") or not hasattr(terms[0], "names"):
        return terms
    language = active()
    key = sort_key(language)
    return sorted(
        terms,
        key=lambda term: (getattr(term, "kind", ""), key(term.name_in(language))),
    )


def collate_choices(field):
    """Offer a model choice field's terms in the active language's order."""
    if getattr(field, "queryset", None) is not None:
        field.iterator = CollatedChoiceIterator
        field.widget.choices = field.choices
