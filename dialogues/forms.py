from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from compendium.choices import Language
from compendium.text import refuse_control_characters_in

from .choices import DialogueFormat, SpeakerLevel
from .models import NEW_YORK, REGISTERING_KINDS


class SpeakerForm(forms.Form):
    name = forms.CharField(label=_("Name of the speaker"), max_length=255)
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Such as: Minister for Foreign Affairs."),
    )
    level = forms.ChoiceField(label=_("Level"), choices=SpeakerLevel.choices)
    on_behalf_of_group = forms.BooleanField(
        label=_("The statement is made on behalf of a group"), required=False
    )
    group_name = forms.CharField(
        label=_("Name of the group"), max_length=255, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_control_characters_in(self)

    def clean(self):
        data = super().clean()
        if data.get("on_behalf_of_group") and not data.get("group_name", "").strip():
            self.add_error("group_name", _("Name the group."))
        return data


class TicketRequestForm(forms.Form):
    attendees = forms.CharField(
        label=_("Attendees"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The full name of each person, one a line."),
    )
    wishes_to_speak = forms.BooleanField(label=_("We wish to speak"), required=False)
    subject = forms.CharField(
        label=_("Subject of the statement, in one line"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_control_characters_in(self)

    def clean_attendees(self):
        names = [
            line.strip()
            for line in self.cleaned_data["attendees"].splitlines()
            if line.strip()
        ]
        if not names:
            raise forms.ValidationError(_("Name at least one attendee."))
        if len(names) > 10:
            raise forms.ValidationError(_("Name at most ten attendees."))
        return names

    def clean(self):
        data = super().clean()
        if data.get("wishes_to_speak") and not data.get("subject", "").strip():
            self.add_error("subject", _("Say in one line what you wish to speak on."))
        return data


class StatementForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the statement"),
        choices=Language.choices,
        help_text=_("A statement already uploaded in this language is replaced."),
    )
    title = forms.CharField(label=_("Title (optional)"), max_length=255, required=False)
    file = forms.FileField(
        label=_("Statement"),
        help_text=_("PDF or Word (DOCX) with its text, at most 20 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_control_characters_in(self)


class NewYorkDateTimeField(forms.DateTimeField):
    """A date and time entered and shown in New York time, whoever types it."""

    def prepare_value(self, value):
        with timezone.override(NEW_YORK):
            return super().prepare_value(value)

    def to_python(self, value):
        with timezone.override(NEW_YORK):
            return super().to_python(value)


class DialogueForm(WagtailAdminModelForm):
    open_to = forms.MultipleChoiceField(
        label=_("Who may register"),
        choices=REGISTERING_KINDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        old = self.fields["registration_deadline"]
        self.fields["registration_deadline"] = NewYorkDateTimeField(
            label=old.label,
            help_text=old.help_text,
            widget=old.widget,
            # A dialogue the Office sets up has a deadline; only the archive's
            # older ones may lack it.
            required=True,
        )
        if "format" in self.fields:
            self.fields["format"].required = False

    def clean_format(self):
        # Most years' meeting is an informal interactive dialogue.
        return (
            self.cleaned_data.get("format")
            or DialogueFormat.INFORMAL_INTERACTIVE_DIALOGUE
        )


class SpeakerAdminForm(WagtailAdminModelForm):
    """The Office inscribes a speaker at any time; one inscribed after the
    deadline is marked late."""

    def save(self, commit=True):
        if self.instance._state.adding:
            from .services import mark_late

            mark_late(self.instance)
        return super().save(commit=commit)


class MoveSpeakerForm(forms.Form):
    """Where the Office moves a speaker, and why (kept in the audit log)."""

    UP, DOWN, POSITION = "up", "down", "position"

    where = forms.ChoiceField(
        label=_("Move"),
        choices=[
            (UP, _("one place up")),
            (DOWN, _("one place down")),
            (POSITION, _("to the position")),
        ],
        widget=forms.RadioSelect,
    )
    position = forms.IntegerField(
        label=_("Position"), min_value=1, max_value=1000, required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the dialogue's history for the Office; not published."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_control_characters_in(self)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the speaker is moved."))
        return reason

    def clean(self):
        data = super().clean()
        if data.get("where") == self.POSITION and not data.get("position"):
            self.add_error("position", _("Give the position, from 1."))
        return data
