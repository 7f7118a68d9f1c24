"""The admin's screens for organisations and invitations."""

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.models import ReferenceIndex

from compendium.admin_inspect import ReadableInspectView
from compendium.retiring import OffersCurrentTerms
from compendium.search_boxes import FoldedIndexView

from . import services
from .choices import StaffRole
from .forms import add_validation_error
from .models import Invitation, Organisation


def office_references_to(organisation):
    """What refers to the organisation, as the Office may see it. Apps above
    this one narrow it through the `filter_organisation_references` hook
    (contributions keeps an organisation's drafts its own)."""
    references = ReferenceIndex.get_references_to(organisation)
    for narrow in hooks.get_hooks("filter_organisation_references"):
        references = narrow(organisation, references)
    return references


class OrganisationUsageView(UsageView):
    def get_queryset(self):
        return office_references_to(self.object).group_by_source_object()


class OrganisationDeleteView(generic.DeleteView):
    def get_usage(self):
        return office_references_to(self.object).group_by_source_object()


class OrganisationForm(OffersCurrentTerms, WagtailAdminModelForm):
    """Countries and regions offered as current, plus those the organisation
    already has: a retired one is never a new choice."""


class OrganisationViewSet(ModelViewSet):
    model = Organisation

    def get_edit_handler(self):
        return ObjectList(
            Organisation.panels, base_form_class=OrganisationForm
        ).bind_to_model(Organisation)

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


class PeopleViewSetGroup(ModelViewSetGroup):
    menu_label = _("Organisations")
    menu_icon = "group"
    menu_order = 200
    items = [OrganisationViewSet("organisations"), InvitationViewSet("invitations")]
