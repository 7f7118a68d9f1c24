from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .retiring import offer_current_terms
from .text import (
    RefusesControlCharacters,
    refuse_control_characters,
    refuse_control_characters_in,
)


class StableCodeForm(WagtailAdminModelForm):
    """A code is chosen once: URLs, imports and the API depend on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "code" in self.fields:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _(
                "Codes never change, so links and imports keep working."
            )


# The edit form's field for each language but English: "name_fr", "name_zh_hans".
NAME_FIELDS = {
    code: "name_" + code.replace("-", "_")
    for code, _name in settings.LANGUAGES
    if code != settings.LANGUAGE_CODE
}


def name_field(language):
    """The edit form's field for a term's name in `language`."""
    return NAME_FIELDS[language]


class NamesFormMixin:
    """A term's name in each official language besides English, one field each
    on the edit form, kept together in the term's `names`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = self.instance.names or {}
        for language, field in NAME_FIELDS.items():
            if field in self.fields:
                self.fields[field].initial = names.get(language, "")

    def save(self, commit=True):
        self.instance.names = in_each_language(self, self.instance.names, NAME_FIELDS)
        return super().save(commit=commit)


def in_each_language(form, stored, fields):
    """`stored` ({language: text}) with what `form` sent in its field for each
    language (`fields`: {language: field name}). A field left empty drops the
    language, which then shows the English text; a form sent without the
    field (an older page, a script) keeps what that language has."""
    kept = dict(stored or {})
    for language, field in fields.items():
        if field not in form.cleaned_data or form.add_prefix(field) not in form.data:
            continue
        value = form.cleaned_data[field].strip()
        if value:
            kept[language] = value
        else:
            kept.pop(language, None)
    return kept


def _name_form_field(language):
    label = dict(settings.LANGUAGES)[language]
    return forms.CharField(
        label=_("Name in %(language)s") % {"language": label},
        required=False,
        max_length=255,
    )


# The edit form's field for a term's description in each language but English.
DESCRIPTION_FIELDS = {
    code: "description_" + code.replace("-", "_")
    for code, _name in settings.LANGUAGES
    if code != settings.LANGUAGE_CODE
}

# A description is a paragraph or two on the home page and in the facets' help.
DESCRIPTION_MAX_LENGTH = 2000


class DescriptionsFormMixin:
    """A term's description in each official language besides English, one
    field each on the edit form, kept together in the term's `descriptions`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        descriptions = getattr(self.instance, "descriptions", None) or {}
        for language, field in DESCRIPTION_FIELDS.items():
            if field in self.fields:
                self.fields[field].initial = descriptions.get(language, "")
                if refuse_control_characters not in self.fields[field].validators:
                    self.fields[field].validators.append(refuse_control_characters)

    def save(self, commit=True):
        self.instance.descriptions = in_each_language(
            self, getattr(self.instance, "descriptions", None), DESCRIPTION_FIELDS
        )
        return super().save(commit=commit)


def _description_form_field(language):
    label = dict(settings.LANGUAGES)[language]
    return forms.CharField(
        label=_("Description in %(language)s") % {"language": label},
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "A description is at most %(limit_value)d characters long; this "
                "one has %(show_value)d. Shorten it."
            ),
        },
    )


class NamesForm(NamesFormMixin, WagtailAdminModelForm):
    pass


class StableCodeNamesForm(NamesFormMixin, StableCodeForm):
    pass


class TermForm(DescriptionsFormMixin, NamesFormMixin, StableCodeForm):
    """A taxonomy term's form: its name and description in each language."""


# Declared here rather than in the class body because they follow
# settings.LANGUAGES; forms Wagtail derives from these read `declared_fields`.
for _form in (NamesForm, StableCodeNamesForm, TermForm):
    for _language, _field in NAME_FIELDS.items():
        _form.base_fields[_field] = _form.declared_fields[_field] = _name_form_field(
            _language
        )
for _language, _field in DESCRIPTION_FIELDS.items():
    TermForm.base_fields[_field] = TermForm.declared_fields[_field] = (
        _description_form_field(_language)
    )


class CompendiumEntryForm(RefusesControlCharacters, WagtailAdminModelForm):
    """The Office's form for a compendium entry: its text fields and its
    sources' refuse control characters, as the contributors' forms do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for formset in self.formsets.values():
            for form in formset.forms:
                refuse_control_characters_in(form)
        # Retired reference data is no new choice; an entry keeps what it has.
        offer_current_terms(self)

    def clean(self):
        cleaned = super().clean()
        translations = self.formsets.get("translations")
        original = cleaned.get("language")
        if translations is None or not original:
            return cleaned
        # The formsets are cleaned after the form: clean the translations now.
        translations.is_valid()
        seen = set()
        for form in translations.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            data = getattr(form, "cleaned_data", {})
            if not data or data.get("DELETE"):
                continue
            language = data.get("language")
            if language == original:
                form.add_error(
                    "language",
                    _(
                        "The entry is written in this language: a translation "
                        "is into another one."
                    ),
                )
            elif language in seen:
                form.add_error(
                    "language",
                    _("There is already a translation into this language."),
                )
            seen.add(language)
        return cleaned
