"""Wagtail admin for the published compendium: entries (a snippet with draft
state, revisions, workflow, locking and preview) and editions (compose, share,
release, with progress)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import CheckboxSelectMultiple
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton, ListingButton
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import (
    ConfirmWorkflowCancellationView,
    CreateView,
    SnippetViewSet,
)
from wagtail.snippets.views.snippets import InspectView as SnippetInspectView

from . import classification, editions, tasks
from .admin_inspect import ReadableInspectMixin, ReadableInspectView
from .choices import EditionStatus
from .dates import DateColumn
from .models import CompendiumEntry, Edition, EditionEntry
from .references import next_reference


class CompendiumEntryCreateView(CreateView):
    """The Office writes an entry from its own research: it gets the next
    reference from the same sequence as contributed entries."""

    def save_instance(self):
        with transaction.atomic():
            self.form.instance.reference = next_reference()
            return super().save_instance()


class CompendiumEntryInspectView(ReadableInspectMixin, SnippetInspectView):
    pass


# Every admin surface of an entry asks for the permission its listing asks for.
# Wagtail's snippet chooser (its modal, results and "chosen" answers) asks for
# nothing beyond admin access, which let any staff account list drafts.


class ListersOnly:
    """Only those who may list the model in the admin use its chooser."""

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(self.model_class)
        if not policy.user_has_any_permission(
            request.user, IndexView.any_permission_required
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EntryChooseView(ListersOnly, chooser.ChooseView):
    pass


class EntryChooseResultsView(ListersOnly, chooser.ChooseResultsView):
    pass


class EntryChosenView(ListersOnly, chooser.SnippetChosenView):
    pass


class EntryChosenMultipleView(ListersOnly, chooser.SnippetChosenMultipleView):
    pass


class EntryChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = EntryChooseView
    choose_results_view_class = EntryChooseResultsView
    chosen_view_class = EntryChosenView
    chosen_multiple_view_class = EntryChosenMultipleView


class EntryWorkflowCancellationView(
    PermissionCheckedMixin, ConfirmWorkflowCancellationView
):
    """Asked on publishing an entry in a workflow: for those who may publish."""

    permission_required = "publish"


class EntryDeleteBulkAction(ListersOnly, DeleteBulkAction):
    """Wagtail's bulk delete of snippets, whose confirmation names every entry
    asked for, even those the person may not list."""

    models = [CompendiumEntry]

    @property
    def model_class(self):
        return self.model


# After Wagtail's own (order 0), so that it replaces it for entries.
hooks.register("register_bulk_action", EntryDeleteBulkAction, order=1)


@hooks.register("before_delete_snippet")
def keep_released_entries(request, instances):
    """An entry in a released edition stays: the edition is cited as released
    (EditionEntry.entry protects it). Deleting it, alone or with others, is
    refused with a message rather than failing."""
    entries = [item for item in instances if isinstance(item, CompendiumEntry)]
    if not entries:
        return None
    released = (
        EditionEntry.objects.filter(entry__in=entries)
        .order_by("reference", "edition__label")
        .values_list("reference", "edition__label")
    )
    editions_of = {}
    for reference, label in released:
        editions_of.setdefault(reference, []).append(label)
    if not editions_of:
        return None
    messages.error(
        request,
        _(
            "%(entries)s cannot be deleted: released editions contain them and "
            "stay as released. Unpublish an entry to leave it out of later "
            "editions."
        )
        % {
            "entries": "; ".join(
                _("%(reference)s (in %(editions)s)")
                % {"reference": reference, "editions": ", ".join(labels)}
                for reference, labels in editions_of.items()
            )
        },
    )
    return redirect(CompendiumEntry.snippet_viewset.get_url_name("list"))


class CompendiumEntryViewSet(SnippetViewSet):
    model = CompendiumEntry
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Compendium entries")
    menu_order = 110
    add_to_admin_menu = True
    add_view_class = CompendiumEntryCreateView
    chooser_viewset_class = EntryChooserViewSet
    confirm_workflow_cancellation_view_class = EntryWorkflowCancellationView
    inspect_view_enabled = True
    inspect_view_class = CompendiumEntryInspectView
    inspect_view_fields = [
        "reference",
        "title",
        "summary",
        "description",
        "language",
        "contributor_name",
        "contributor_kind",
        "contributor_country",
        "origin",
        "source_version",
        *classification.field_names(classification.published()),
        "start_year",
        "end_year",
        "ongoing",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "updated_at",
    ]
    list_display = [
        "reference",
        "title",
        "contributor_name",
        Column("origin", label=gettext_lazy("Origin"), accessor="get_origin_display"),
        DateColumn("updated_at", label=gettext_lazy("Last change")),
    ]
    list_filter = ["origin", "contributor_kind", "live", "pillars"]
    search_fields = ["reference", "title", "summary"]
    search_backend_name = None
    copy_view_enabled = False
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("summary"),
            FieldPanel("description"),
            FieldPanel("language"),
            MultiFieldPanel(
                [
                    FieldPanel("contributor_name"),
                    FieldRowPanel(
                        [
                            FieldPanel("contributor_kind"),
                            FieldPanel("contributor_country"),
                        ]
                    ),
                    FieldPanel("origin"),
                ],
                heading=gettext_lazy("Contributor"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel(facet.field, widget=CheckboxSelectMultiple)
                    if facet.admin_checkboxes
                    else FieldPanel(facet.field)
                    for facet in classification.published()
                ],
                heading=gettext_lazy("Classification"),
            ),
            FieldRowPanel(
                [
                    FieldPanel("start_year"),
                    FieldPanel("end_year"),
                    FieldPanel("ongoing"),
                ],
                heading=gettext_lazy("Period"),
            ),
            InlinePanel(
                "sources", heading=gettext_lazy("Sources"), label=gettext_lazy("Source")
            ),
            InlinePanel(
                "documents",
                heading=gettext_lazy("Public documents"),
                label=gettext_lazy("Document"),
            ),
            InlinePanel(
                "translations",
                heading=gettext_lazy("Translations"),
                label=gettext_lazy("Translation"),
                panels=[
                    FieldPanel("language"),
                    FieldPanel("title"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                ],
            ),
        ]
    )


def release_url(user, edition):
    """Where releasing this edition starts, for those who may release it."""
    if editions.may_publish(user) and not edition.is_released:
        return reverse("edition:release", args=[edition.pk])
    return None


class ReleaseButtonMixin:
    """The edition's own pages offer its release in their header."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if url := release_url(self.request.user, self.object):
            buttons.append(
                HeaderButton(_("Release…"), url=url, icon_name="upload", priority=5)
            )
        return buttons


class EditionIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if url := release_url(self.request.user, instance):
            buttons.append(
                ListingButton(
                    _("Release…"),
                    url=url,
                    icon_name="upload",
                    attrs={
                        "aria-label": _("Release edition %(label)s")
                        % {"label": instance.label}
                    },
                    priority=5,
                )
            )
        return buttons


class EditionInspectView(ReleaseButtonMixin, ReadableInspectView):
    template_name = "compendium/admin/edition_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_publish"] = editions.may_publish(self.request.user)
        return context


class ReleasedStaysAsReleased:
    """A released edition is never edited or deleted: it is cited as it is."""

    def dispatch(self, request, *args, **kwargs):
        edition = get_object_or_404(Edition, pk=kwargs["pk"])
        if edition.is_released:
            messages.error(
                request,
                _("Edition %(label)s is released and cannot change.")
                % {"label": edition.label},
            )
            return redirect(reverse("edition:inspect", args=[edition.pk]))
        return super().dispatch(request, *args, **kwargs)


class EditionEditView(ReleasedStaysAsReleased, ReleaseButtonMixin, EditView):
    pass


class EditionDeleteView(ReleasedStaysAsReleased, DeleteView):
    pass


class EditionViewSet(ModelViewSet):
    model = Edition
    icon = "history"
    menu_label = gettext_lazy("Editions")
    menu_order = 120
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = EditionIndexView
    inspect_view_class = EditionInspectView
    edit_view_class = EditionEditView
    delete_view_class = EditionDeleteView
    inspect_view_fields = [
        "label",
        "title",
        "kind",
        "status",
        "release_notes",
        "entry_count",
        "released_at",
        "released_by",
    ]
    list_display = [
        "label",
        "title",
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        "entry_count",
        DateColumn("released_at", label=gettext_lazy("Released")),
    ]
    list_filter = ["kind", "status"]
    form_fields = [
        "label",
        "title",
        "kind",
        "release_notes",
        "include_every_published_entry",
        "chosen_entries",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/release/", ReleaseView.as_view(), name="release"),
            path("<int:pk>/release/do/", release_edition, name="release_do"),
            path(
                "<int:pk>/release/progress/",
                ReleaseProgressView.as_view(),
                name="release_progress",
            ),
            path("<int:pk>/share/", share_edition, name="share"),
        ]


class ReleaseStepView(WagtailAdminTemplateMixin, TemplateView):
    """A page of an edition's release, for those who may publish, found under
    Editions and the edition itself in the admin's header."""

    header_icon = "history"

    def dispatch(self, request, *args, **kwargs):
        if not editions.may_publish(request.user):
            raise PermissionDenied
        self.edition = get_object_or_404(Edition, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("edition:index"), "label": gettext_lazy("Editions")},
            {
                "url": reverse("edition:inspect", args=[self.edition.pk]),
                "label": str(self.edition),
            },
            {"url": "", "label": self.get_page_title()},
        ]


class ReleaseView(ReleaseStepView):
    """Confirm a release: what the edition will contain, then one button."""

    template_name = "compendium/admin/edition_release.html"

    def get_page_title(self):
        return _("Release edition %(label)s") % {"label": self.edition.label}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            edition=self.edition,
            count=editions.chosen_entries(self.edition).count()
            if self.edition.status == EditionStatus.IN_PREPARATION
            else self.edition.entry_count,
            current=Edition.objects.current(),
        )
        return context


@require_POST
def release_edition(request, pk):
    """Queue the release; the progress page follows it (large editions take a
    while, and the worker does it outside the request)."""
    if not editions.may_publish(request.user):
        raise PermissionDenied
    edition = get_object_or_404(Edition, pk=pk)
    if edition.is_released:
        messages.error(request, _("This edition has already been released."))
        return redirect(reverse("edition:inspect", args=[edition.pk]))
    tasks.release_edition.enqueue(edition.pk, request.user.pk)
    return redirect(reverse("edition:release_progress", args=[edition.pk]))


class ReleaseProgressView(ReleaseStepView):
    template_name = "compendium/admin/edition_release_progress.html"

    def get(self, request, *args, **kwargs):
        progress = tasks.release_progress(self.edition.pk) or {}
        if self.edition.is_released:
            messages.success(
                request,
                _("Edition %(label)s is released with %(count)s entries.")
                % {"label": self.edition.label, "count": self.edition.entry_count},
            )
            return redirect(reverse("edition:inspect", args=[self.edition.pk]))
        # A release whose worker died too often, or that raised, kept nothing:
        # back to the release screen, to release again.
        error = progress.get("error") or tasks.release_failure(self.edition.pk)
        if error:
            messages.error(request, error)
            return redirect(reverse("edition:release", args=[self.edition.pk]))
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Releasing edition %(label)s") % {"label": self.edition.label}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        progress = tasks.release_progress(self.edition.pk) or {}
        done, total = progress.get("done") or 0, progress.get("total")
        context.update(
            edition=self.edition,
            done=done,
            total=total,
            finishing=progress.get("finishing", False),
            percent=round(100 * done / total) if total else 0,
            restart=tasks.release_restarts(self.edition.pk),
        )
        return context


@require_POST
def share_edition(request, pk):
    if not editions.may_publish(request.user):
        raise PermissionDenied
    edition = get_object_or_404(Edition, pk=pk)
    try:
        editions.share(actor=request.user, edition=edition)
    except editions.EditionProblem as problem:
        messages.error(request, problem.message)
    else:
        messages.success(
            request,
            _("Edition %(label)s is shared with the participants.")
            % {"label": edition.label},
        )
    return redirect(reverse("edition:inspect", args=[edition.pk]))
