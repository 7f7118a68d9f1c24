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
