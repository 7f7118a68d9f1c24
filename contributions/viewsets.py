"""Wagtail admin screens for organisations and invitations."""

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.models import ReferenceIndex

from compendium.admin_inspect import ReadableInspectView
from compendium.search_boxes import FoldedIndexView

from . import services, versions
from .choices import StaffRole
from .exports import PracticeEntryIndexView
from .forms import add_validation_error
from .models import Attachment, Invitation, Organisation, PracticeEntry
from .views.entries import attachment_response


def office_references_to(organisation):
    """What refers to the organisation, as the Office may see it: of its
    entries, only those seen_by_office(); its drafts are its own."""
    entries = PracticeEntry.objects.filter(organisation=organisation)
    hidden = entries.exclude(pk__in=PracticeEntry.objects.seen_by_office()).values(
        key=Cast("pk", output_field=CharField())
    )
    return ReferenceIndex.get_references_to(organisation).exclude(
        base_content_type=ContentType.objects.get_for_model(PracticeEntry),
        object_id__in=hidden,
    )


class OrganisationUsageView(UsageView):
    def get_queryset(self):
        return office_references_to(self.object).group_by_source_object()


class OrganisationDeleteView(generic.DeleteView):
    def get_usage(self):
        return office_references_to(self.object).group_by_source_object()


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    usage_view_class = OrganisationUsageView
    delete_view_class = OrganisationDeleteView
    icon = "group"
    list_display = [
        "name",
        "short_name",
        "kind",
        "country",
        BooleanColumn("active", label=_("Active")),
    ]
    list_filter = ["kind", "active", "regions"]
    # Names found whatever their case and accents ("cote" finds Côte d'Ivoire).
    index_view_class = FoldedIndexView
    search_fields = ["name", "short_name"]
    list_export = ["name", "short_name", "kind", "country", "website", "active"]
    export_filename = "organisations"
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView


class InvitationForm(WagtailAdminModelForm):
    """An administrator's invitation: to an organisation with a role, or to a
    staff group."""

    staff_group = forms.ModelChoiceField(
        label=_("Staff group"),
        queryset=Group.objects.filter(name__in=StaffRole.values),
        required=False,
        help_text=_("Or, for a member of the Office's staff, their group."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].help_text = _(
            "To invite someone to an organisation, choose it and their role."
        )

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        staff_group = cleaned.get("staff_group")
        if bool(organisation) == bool(staff_group):
            raise ValidationError(
                _("Choose an organisation (with a role) or a staff group, not both.")
            )
        if organisation and not cleaned.get("role"):
            self.add_error("role", _("Choose the role this person will have."))
        if staff_group:
            cleaned["role"] = ""
        return cleaned

    class Meta:
        model = Invitation
        fields = ["email", "organisation", "role", "staff_group"]


class InvitationCreateView(generic.CreateView):
    """Sends the invitation through the service, which e-mails the one-time link."""

    submit_button_label = _("Send invitation")

    def save_instance(self):
        data = self.form.cleaned_data
        return services.invite(
            actor=self.request.user,
            email=data["email"],
            organisation=data.get("organisation"),
            role=data.get("role") or "",
            staff_group=data.get("staff_group"),
            request=self.request,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)

    def get_success_message(self, instance):
        return _("Invitation sent to %(email)s.") % {"email": instance.email}

    def get_success_buttons(self):
        return []


class InvitationViewSet(ModelViewSet):
    model = Invitation
    icon = "mail"
    add_view_class = InvitationCreateView
    list_display = [
        "email",
        Column("target_label", label=_("Access to")),
        Column("status", label=_("Status")),
        "invited_by",
        "created_at",
        "expires_at",
    ]
    list_filter = ["organisation__kind", "staff_group"]
    search_fields = ["email"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    edit_handler = ObjectList(
        [
            FieldPanel("email"),
            FieldPanel("organisation"),
            FieldPanel("role"),
            FieldPanel("staff_group"),
        ],
        base_form_class=InvitationForm,
    )


def office_entries():
    """The entries the Office's admin screens show, and the only ones their
    addresses open: PracticeEntry.objects.seen_by_office()."""
    return PracticeEntry.objects.seen_by_office().select_related("organisation")


class OfficeEntryEditView(generic.EditView):
    def get_queryset(self):
        return office_entries()


class OfficeEntryDeleteView(generic.DeleteView):
    def get_queryset(self):
        return office_entries()


class OfficeEntryHistoryView(HistoryView):
    def get_base_object_queryset(self):
        return office_entries()


class OfficeEntryUsageView(UsageView):
    def get_base_object_queryset(self):
        return office_entries()


class PracticeEntryInspectView(ReadableInspectView):
    """An entry as the organisation last submitted it, with its versions up to
    that one and, when two are chosen, what changed between them."""

    template_name = "contributions/admin/entry_inspect.html"

    def get_object(self, queryset=None):
        entry = get_object_or_404(office_entries(), pk=unquote(str(self.pk)))
        self.office_version = versions.office_version(entry)
        self.entry, self.sources, self.attachments = versions.as_submitted(
            entry, self.office_version
        )
        return self.entry

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.object
        history = versions.office_history(entry, self.office_version)
        numbers = {info.number for info in history}
        context["history"] = history
        context["sources"] = self.sources
        context["attachments"] = self.attachments
        try:
            old = int(self.request.GET.get("from", entry.version_number - 1))
            new = int(self.request.GET.get("to", entry.version_number))
        except ValueError:
            old = new = None
        if old in numbers and new in numbers:
            snapshots = versions.snapshots(entry, [old, new])
            context.update(
                old=old,
                new=new,
                changes=versions.compare(snapshots[old], snapshots[new]),
            )
        return context


class PracticeEntryViewSet(ModelViewSet):
    """Every entry, whatever its state, for the Office; read-only here."""

    model = PracticeEntry
    icon = "doc-full"
    # Its list exports what it lists, with or without internal fields.
    index_view_class = PracticeEntryIndexView
    edit_view_class = OfficeEntryEditView
    delete_view_class = OfficeEntryDeleteView
    history_view_class = OfficeEntryHistoryView
    usage_view_class = OfficeEntryUsageView
    menu_label = _("Practice entries")
    add_to_admin_menu = True
    menu_order = 100
    inspect_view_enabled = True
    inspect_view_class = PracticeEntryInspectView
    inspect_view_fields = [
        "reference",
        "organisation",
        "title",
        "status",
        "summary",
        "start_year",
        "end_year",
        "ongoing",
        "language",
        "internal_contact",
        "version_number",
        "updated_at",
    ]
    copy_view_enabled = False
    list_display = [
        "reference",
        "title",
        "organisation",
        "status",
        Column("version_number", label=_("Version")),
        "updated_at",
    ]
    list_filter = ["status", "organisation__kind", "countries", "pillars", "priorities"]
    search_fields = ["reference", "title", "summary"]
    export_filename = "practice-entries"
    list_per_page = 50
    ordering = ["-updated_at"]
    form_fields = ["title"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "inspect/<int:pk>/attachments/<int:attachment_id>/",
                self.attachment_view,
                name="attachment",
            ),
        ]

    def attachment_view(self, request, pk, attachment_id):
        """Staff who may view entries download their attachments from here."""
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        entry = get_object_or_404(office_entries(), pk=pk)
        _then, _sources, attachments = versions.as_submitted(entry)
        # Only the attachments of the version the Office sees: those added
        # since then belong to the organisation's unsubmitted draft.
        if attachment_id not in {attachment.pk for attachment in attachments}:
            raise Http404
        return attachment_response(
            get_object_or_404(Attachment, pk=attachment_id, entry_id=entry.pk)
        )


class PeopleViewSetGroup(ModelViewSetGroup):
    menu_label = _("Organisations")
    menu_icon = "group"
    menu_order = 200
    items = [OrganisationViewSet("organisations"), InvitationViewSet("invitations")]
