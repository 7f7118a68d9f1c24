import json

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from compendium import classification
from compendium.models import Pillar, Region
from compendium.retiring import offer_current_terms
from compendium.text import RefusesControlCharacters

from .choices import EntryStatus, SubmissionLanguage
from .models import PracticeEntry, Source
from .models.entries import written_fields
from .richtext import sanitise, to_editable, to_text


def interface_language():
    """The language the portal is read in, as one of the six entry languages."""
    code = (get_language() or "en").lower()
    if code in SubmissionLanguage.values:
        return code
    base = code.split("-")[0]
    if base == "zh":
        return SubmissionLanguage.CHINESE
    return base if base in SubmissionLanguage.values else SubmissionLanguage.ENGLISH


class SourceForm(RefusesControlCharacters, forms.ModelForm):
    """One source row. An empty extra row is ignored; a row in use needs both
    its title and its web address, and says so only once it is in use."""

    title = forms.CharField(
        label=_("Source title"),
        max_length=255,
        error_messages={
            "required": _(
                "Give this source a title as well, or empty the row to leave it out."
            )
        },
    )
    url = forms.URLField(
        label=_("Web address"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        error_messages={
            "required": _(
                "Give this source's web address as well, or empty the row to leave "
                "it out."
            )
        },
    )

    class Meta:
        model = Source
        fields = ["title", "url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved = self.instance.pk is not None
        for name in ("title", "url"):
            self.fields[name].widget.attrs["data-source-field"] = ""
            if self.in_use:
                self.fields[name].widget.attrs["aria-required"] = "true"
        # A source's title may be in any language, Arabic right to left.
        self.fields["title"].widget.attrs["dir"] = "auto"

    @property
    def in_use(self):
        """A saved source, or a new row with something typed in it."""
        if self.saved:
            return True
        return self.is_bound and self._typed_in()

    def _typed_in(self):
        """Whether the row as posted has something in its title or address."""
        return any(
            (self.data.get(self.add_prefix(name)) or "").strip()
            for name in ("title", "url")
        )

    def clean(self):
        cleaned = super().clean()
        emptied = self.saved and not self._typed_in()
        if emptied and not cleaned.get("DELETE"):
            for name in ("title", "url"):
                self.errors.pop(name, None)
            raise forms.ValidationError(
                _(
                    "To take this source off the entry, tick “Remove this source”; "
                    "otherwise give its title and web address."
                )
            )
        return cleaned


SourceFormSet = forms.inlineformset_factory(
    PracticeEntry,
    Source,
    form=SourceForm,
    extra=2,
    max_num=30,
    validate_max=True,
    can_delete=True,
)


class RichTextEditor(forms.Textarea):
    """A textarea that the portal's script (contributions/js/portal-form.js)
    turns into a formatting editor whose output is the HTML the sanitiser keeps.
    Without JavaScript it stays a textarea; the server sanitises either way."""

    labels = {
        "toolbar": _("Formatting"),
        "bold": _("Bold"),
        "italic": _("Italic"),
        "heading": _("Heading"),
        "subheading": _("Subheading"),
        "bulletList": _("Bulleted list"),
        "orderedList": _("Numbered list"),
        "quote": _("Quotation"),
        "link": _("Link"),
        "undo": _("Undo"),
        "redo": _("Redo"),
        "linkPrompt": _(
            "Web address of the link (https://…). Leave it empty to remove the link."
        ),
        "linkInvalid": _(
            "A link must start with https://, http:// or mailto:. The link was not "
            "changed."
        ),
        "help": _(
            "Format with the buttons above the text, or with Ctrl+B for bold and "
            "Ctrl+I for italic (Cmd on a Mac). Enter starts a new paragraph."
        ),
    }

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-richtext-editor"] = json.dumps(
            {key: str(label) for key, label in self.labels.items()}
        )
        return context


class SearchableSelectMultiple(forms.SelectMultiple):
    """A plain <select multiple> that the portal's script turns into a list one
    searches by typing (Tom Select), announcing each choice to screen readers."""

    labels = {
        "placeholder": _("Type to search"),
        "noResults": _("Nothing matches what you typed."),
        "remove": _("Remove"),
        "added": _("%(name)s chosen."),
        "removed": _("%(name)s removed."),
    }

    def __init__(self, attrs=None, choices=(), help=""):
        super().__init__(attrs, choices)
        self.help = help

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        labels = {key: str(label) for key, label in self.labels.items()}
        if self.help:
            labels["help"] = str(self.help)
        context["widget"]["attrs"]["data-multiselect"] = json.dumps(labels)
        return context


def term_widget(facet):
    """How the form offers the terms of a facet of the classification."""
    if facet.widget == classification.SEARCH:
        return SearchableSelectMultiple(attrs={"size": 8}, help=facet.search_help)
    return forms.CheckboxSelectMultiple


class PracticeEntryForm(RefusesControlCharacters, forms.ModelForm):
    """What contributors write. Organisation, status, reference and authorship are
    not fields here: the service sets them, so a forged POST cannot."""

    message = forms.CharField(
        label=_("What changed (version note)"),
        required=False,
        max_length=255,
        help_text=_("A short note kept with this version, such as “Added sources”."),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PracticeEntry
        fields = classification.Computed(written_fields)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
            "description": RichTextEditor(attrs={"rows": 14}),
            **{facet.field: term_widget(facet) for facet in classification.facets()},
        }
        help_texts = {
            "description": _("Separate paragraphs with a blank line."),
            **{
                facet.field: facet.help_text
                for facet in classification.facets()
                if facet.help_text
            },
        }
        error_messages = {
            facet.field: {"required": facet.required_message}
            for facet in classification.facets()
            if facet.required_message
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["expected_version"] = self.instance.version_number
            self.initial["description"] = to_editable(self.instance.description)
        self._offer_languages()
        for facet in classification.facets():
            # A facet declared after this form was made.
            if facet.field not in self.fields:
                self.fields[facet.field] = PracticeEntry._meta.get_field(
                    facet.field
                ).formfield(widget=term_widget(facet), help_text=facet.help_text)
        self.fields["regions"].queryset = Region.objects.order_by("kind", "name")
        # Retired reference data is no new choice; an entry keeps what it has.
        offer_current_terms(self)

    def _offer_languages(self):
        """Contributors write in any of the six languages, by default the one
        they read the portal in; the text inputs say which language they hold
        and let the browser set their direction, so Arabic reads right to left."""
        language = self.fields.get("language")
        if language is None:
            return
        language.label = _("Language of this entry")
        language.help_text = _(
            "The language you write the entry in. The Office may add translations "
            "once it is published."
        )
        language.error_messages["invalid_choice"] = _(
            "Choose the language of this entry among the six official languages."
        )
        if not self.instance.pk and "language" not in self.initial:
            self.initial["language"] = interface_language()
        written_in = self.instance.language if self.instance.pk else None
        written_in = written_in or self.initial.get("language")
        for name in ("title", "summary", "description", "message", "internal_contact"):
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["dir"] = "auto"
                if written_in:
                    attrs["lang"] = written_in

    def clean_description(self):
        """Whatever arrives, from the editor or not, keeps only the formatting
        the sanitiser allows; formatting without any text is no description."""
        html = sanitise(self.cleaned_data.get("description", ""))
        return html if to_text(html) else ""


class NewEntryForm(PracticeEntryForm):
    """A new entry also says which organisation it is for, among the user's own."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    class Meta(PracticeEntryForm.Meta):
        fields = classification.Computed(
            lambda: ["organisation", *PracticeEntryForm.Meta.fields]
        )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]
            self.fields["organisation"].widget = forms.HiddenInput()


class TransitionForm(forms.Form):
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), PNG or JPEG; "
            "at most 20 MB."
        ),
    )


class EntryFilterForm(forms.Form):
    """Filters of the portal's dashboard; every value is optional."""

    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))] + list(EntryStatus.choices),
    )
    pillar = forms.ModelChoiceField(
        label=_("Pillar"),
        required=False,
        queryset=Pillar.objects.all(),
        empty_label=_("Any pillar"),
        to_field_name="code",
    )
