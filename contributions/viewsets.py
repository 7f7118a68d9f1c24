"""Wagtail admin screens for organisations, invitations and practice entries,
and the admin's doors to imports and to each person's notifications."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from compendium.admin_inspect import ReadableInspectView
from compendium.dates import DateColumn

from . import services, versions
from .exports import PracticeEntryIndexView
from .imports.jobs import kinds_for
from .models import Attachment, PracticeEntry
from .views import imports, notifications
from .views.entries import attachment_response


def office_references_to(organisation, references):
    """What refers to the organisation, as the Office may see it: of its
    entries, only those seen_by_office(); its drafts are its own."""
    entries = PracticeEntry.objects.filter(organisation=organisation)
    seen = PracticeEntry.objects.seen_by_office(with_archived=True)
    hidden = entries.exclude(pk__in=seen).values(
        key=Cast("pk", output_field=CharField())
    )
    return references.exclude(
        base_content_type=ContentType.objects.get_for_model(PracticeEntry),
        object_id__in=hidden,
    )


class OfficeEntryPermissionPolicy(ModelPermissionPolicy):
    """One door for entries: they change only through the services (the
    organisation's edits in the portal, the Office's review decisions), each
    change a numbered version. The admin's generic add, edit and delete forms
    are therefore open to nobody, superusers included; archiving stands in for
    deleting ("archive", granted to administrators)."""

    THROUGH_SERVICES_ONLY = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.THROUGH_SERVICES_ONLY:
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [a for a in actions if a not in self.THROUGH_SERVICES_ONLY]
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)


def office_entries(with_archived=False):
    """The entries the Office's admin screens show, and the only ones their
    addresses open: PracticeEntry.objects.seen_by_office()."""
    return PracticeEntry.objects.seen_by_office(
        with_archived=with_archived
    ).select_related("organisation")


class OfficeEntryURLFinder(ModelAdminURLFinder):
    """Where the admin links an entry (usage, site history): its inspect page,
    for those who may view entries, as nobody edits one here."""

    edit_url_name = "practice_entries:inspect"

    def get_edit_url(self, instance):
        policy = policy_registry.get(instance)
        if self.user and not policy.user_has_permission_for_instance(
            self.user, "view", instance
        ):
            return None
        return self.construct_edit_url(instance)


class OfficeEntryEditView(generic.EditView):
    """Refused to everyone by OfficeEntryPermissionPolicy; an address that is
    not the Office's answers 404 first, as everywhere."""

    def get_queryset(self):
        return office_entries(with_archived=True)

    def dispatch(self, request, *args, **kwargs):
        get_object_or_404(self.get_queryset(), pk=unquote(str(kwargs["pk"])))
        return super().dispatch(request, *args, **kwargs)


class OfficeEntryDeleteView(generic.DeleteView):
    """Entries are archived, never deleted here: this address leads those who
    may archive to the entry's archive page and refuses everyone else."""

    def get_queryset(self):
        return office_entries(with_archived=True)

    def dispatch(self, request, *args, **kwargs):
        if services.may_archive(request.user):
            return redirect("practice_entries:archive", self.object.pk)
        return super().dispatch(request, *args, **kwargs)


class OfficeEntryHistoryView(HistoryView):
    """The entry's audit trail, archiving and restoring included, for those
    who may archive."""

    any_permission_required = ["archive"]

    def get_base_object_queryset(self):
        return office_entries(with_archived=True)


class OfficeEntryUsageView(UsageView):
    def get_base_object_queryset(self):
        return office_entries(with_archived=True)


ARCHIVED_ONLY = "archived"
ARCHIVED_TOO = "all"


class OfficeEntryFilterSet(WagtailFilterSet):
    """The list's filters, and "Archived": left out unless asked for."""

    archived = django_filters.ChoiceFilter(
        label=_("Archived"),
        choices=[
            (ARCHIVED_ONLY, _("Archived entries only")),
            (ARCHIVED_TOO, _("Archived and current entries")),
        ],
        empty_label=_("Current entries only"),
        # OfficeEntryIndexView applies it, also when the filters are invalid.
        method=lambda queryset, name, value: queryset,
    )


def archive_step(user, entry):
    """(url, label, icon) of the entry's Archive… or, once archived, Restore…
    page, or None for those who may not archive."""
    if not services.may_archive(user):
        return None
    name, label, icon = (
        ("restore", _("Restore…"), "undo")
        if entry.is_archived
        else ("archive", _("Archive…"), "bin")
    )
    return reverse(f"practice_entries:{name}", args=[entry.pk]), label, icon


class OfficeEntryIndexView(PracticeEntryIndexView):
    """The Office's list of entries, and its exports, without archived entries
    unless the "Archived" filter asks for them; administrators archive and
    restore from each row."""

    base_filterset_class = OfficeEntryFilterSet

    def get_base_queryset(self):
        return office_entries(with_archived=True)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        chosen = ""
        if self.filters is not None and self.filters.is_valid():
            chosen = self.filters.form.cleaned_data.get("archived") or ""
        if chosen == ARCHIVED_ONLY:
            return queryset.archived()
        if chosen == ARCHIVED_TOO:
            return queryset
        return queryset.not_archived()

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if step := archive_step(self.request.user, instance):
            url, label, icon = step
            buttons.append(
                ListingButton(
                    label,
                    url=url,
                    icon_name=icon,
                    attrs={"aria-label": f"{label} {instance}"},
                    priority=30,
                )
            )
        return buttons


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this entry archived?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept in the entry's history with your name."),
    )


class EntryArchiveStep(WagtailAdminTemplateMixin, FormView):
    """Archiving or restoring one entry, confirmed on a page of its own, for
    administrators (contributions.archive_practiceentry)."""

    header_icon = "doc-full"
    archived = None  # the state this step starts from

    def dispatch(self, request, *args, **kwargs):
        if not services.may_archive(request.user):
            raise PermissionDenied
        self.entry = get_object_or_404(
            office_entries(with_archived=True), pk=kwargs["pk"]
        )
        if self.entry.is_archived != self.archived:
            messages.error(request, self.wrong_state_message)
            return redirect(self.inspect_url)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def inspect_url(self):
        return reverse("practice_entries:inspect", args=[self.entry.pk])

    def get_page_subtitle(self):
        return str(self.entry)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("practice_entries:index"),
                "label": _("Practice entries"),
            },
            {"url": self.inspect_url, "label": str(self.entry)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            entry=self.entry,
            inspect_url=self.inspect_url,
            attachment_count=self.entry.attachments.count(),
        )
        return context

    def form_valid(self, form):
        try:
            self.change(form)
        except services.EntryProblem as problem:
            messages.error(self.request, problem.message)
            return redirect(self.inspect_url)
        messages.success(self.request, self.success_message % {"entry": self.entry})
        return redirect(self.get_success_url())


class ArchiveEntryView(EntryArchiveStep):
    template_name = "contributions/admin/entry_archive.html"
    page_title = _("Archive")
    form_class = ArchiveForm
    archived = False
    wrong_state_message = _("This entry is already archived.")
    success_message = _(
        "%(entry)s is archived: it is left out of lists, the review queue and "
        "exports, and its versions and files are kept."
    )

    def change(self, form):
        services.archive(
            actor=self.request.user,
            entry=self.entry,
            reason=form.cleaned_data["reason"],
        )

    def get_success_url(self):
        return reverse("practice_entries:index")


class RestoreEntryView(EntryArchiveStep):
    template_name = "contributions/admin/entry_unarchive.html"
    page_title = _("Restore")
    form_class = forms.Form
    archived = True
    wrong_state_message = _("This entry is not archived.")
    success_message = _("%(entry)s is restored, as it was when archived.")

    def change(self, form):
        services.restore(actor=self.request.user, entry=self.entry)

    def get_success_url(self):
        return self.inspect_url


class PracticeEntryInspectView(ReadableInspectView):
    """An entry as the organisation last submitted it, with its versions up to
    that one and, when two are chosen, what changed between them."""

    template_name = "contributions/admin/entry_inspect.html"

    def get_object(self, queryset=None):
        entry = get_object_or_404(
            office_entries(with_archived=True), pk=unquote(str(self.pk))
        )
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
        context["may_archive"] = services.may_archive(self.request.user)
        # Other apps (the review) offer their next steps on the entry: each hook
        # gives (label, url, secondary) for those the user may take.
        context["entry_actions"] = [
            action
            for hook in hooks.get_hooks("contributions_office_entry_actions")
            for action in hook(self.request.user, entry)
        ]
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

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if step := archive_step(self.request.user, self.object):
            url, label, icon = step
            buttons.append(HeaderButton(label, url=url, icon_name=icon, priority=30))
        return buttons


class PracticeEntryViewSet(ModelViewSet):
    """Every entry the Office may see, read-only here: entries change through
    the services only (OfficeEntryPermissionPolicy); administrators archive and
    restore them."""

    model = PracticeEntry
    icon = "doc-full"
    url_finder_class = OfficeEntryURLFinder
    # Its list exports what it lists, with or without internal fields.
    index_view_class = OfficeEntryIndexView
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
        DateColumn("archived_at", label=_("Archived")),
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
            path("archive/<int:pk>/", ArchiveEntryView.as_view(), name="archive"),
            path("restore/<int:pk>/", RestoreEntryView.as_view(), name="restore"),
        ]

    def attachment_view(self, request, pk, attachment_id):
        """Staff who may view entries download their attachments from here."""
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        entry = get_object_or_404(office_entries(with_archived=True), pk=pk)
        _then, _sources, attachments = versions.as_submitted(entry)
        # Only the attachments of the version the Office sees: those added
        # since then belong to the organisation's unsubmitted draft.
        if attachment_id not in {attachment.pk for attachment in attachments}:
            raise Http404
        return attachment_response(
            get_object_or_404(Attachment, pk=attachment_id, entry_id=entry.pk)
        )


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(kinds_for(request.user))


class ImportViewSet(ViewSet):
    """Spreadsheet imports: upload, check, confirm. The views refuse anyone who
    may import no kind of row; the menu item shows only to those who may."""

    name = "imports"
    icon = "upload"
    menu_label = _("Import")
    menu_order = 110
    add_to_admin_menu = True
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", imports.ImportIndexView.as_view(), name="index"),
            path(
                "template/<str:kind>.<str:extension>",
                imports.import_template,
                name="template",
            ),
            path("<int:pk>/", imports.ImportJobView.as_view(), name="job"),
            path("<int:pk>/confirm/", imports.confirm_import, name="confirm"),
            path("<int:pk>/cancel/", imports.cancel_import, name="cancel"),
        ]


class NotificationViewSet(ViewSet):
    """Each person's own notifications in the admin's frame, as the portal
    shows them in its own."""

    name = "notifications"
    url_namespace = "notifications_admin"
    icon = "mail"
    menu_label = _("Notifications")
    menu_order = 90
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            path("", notifications.AdminNotificationListView.as_view(), name="index"),
            path(
                "<int:pk>/", notifications.OpenNotificationView.as_view(), name="open"
            ),
            path("read/", notifications.AdminReadAllView.as_view(), name="read_all"),
            path(
                "digest/", notifications.AdminDigestSettingView.as_view(), name="digest"
            ),
        ]
