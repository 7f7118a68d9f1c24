from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .retiring import offer_current_terms
from .text import RefusesControlCharacters, refuse_control_characters_in


class StableCodeForm(WagtailAdminModelForm):
    """A code is chosen once: URLs, imports and the API depend on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "code" in self.fields:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _(
                "Codes never change, so links and imports keep working."
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
