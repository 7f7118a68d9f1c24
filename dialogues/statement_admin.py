"""The Office's screens for statements: the list to review, each statement's
file, publishing and unpublishing it, and linking it to entries of the
compendium by their references (typed, since the compendium holds tens of
thousands of entries, too many for a list to choose from)."""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton

from compendium.dates import DateColumn
from compendium.models import CompendiumEntry
from compendium.text import refuse_control_characters_in

from . import converters, statements  # noqa: F401 registers row_id
from .models import Statement
from .statement_views import statement_response

_REFERENCE_SEPARATORS = re.compile(r"[\s,;]+")


class StatementAdminForm(WagtailAdminModelForm):
    references = forms.CharField(
        label=gettext_lazy("Practice entries"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy(
            "References of published entries of the compendium this statement "
            "speaks of, such as CP-0042, separated by commas."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_control_characters_in(self)
        if self.instance.pk:
            self.fields["references"].initial = ", ".join(
                sorted(entry.reference for entry in self.instance.entries.all())
            )

    def clean_references(self):
        wanted = {
            reference.upper()
            for reference in _REFERENCE_SEPARATORS.split(
                self.cleaned_data["references"]
            )
            if reference
        }
        found = {
            entry.reference: entry
            for entry in CompendiumEntry.objects.filter(reference__in=wanted, live=True)
        }
        unknown = sorted(wanted - set(found))
        if unknown:
            raise forms.ValidationError(
                _("No published entry has the reference %(references)s.")
                % {"references": ", ".join(unknown)}
            )
        return list(found.values())

    def save(self, commit=True):
        statement = super().save(commit=commit)
        if commit:
            statement.entries.set(self.cleaned_data["references"])
        return statement


def may_review(user):
    return statements.is_secretariat(user)


class StatementEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Download"),
                url=reverse("dialogue_statements:file", args=[self.object.pk]),
                icon_name="download",
                priority=5,
            )
        )
        return buttons

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if may_review(self.request.user):
            if self.object.is_published:
                label, name = _("Unpublish"), "unpublish"
            else:
                label, name = _("Publish"), "publish"
            buttons.append(
                HeaderButton(
                    label,
                    url=reverse(f"dialogue_statements:{name}", args=[self.object.pk]),
                    icon_name="upload" if name == "publish" else "cross",
                    priority=30,
                )
            )
        return buttons


class StatementStep(WagtailAdminTemplateMixin, FormView):
    """Publishing or unpublishing one statement, confirmed on a page of its
    own, by the dialogue's secretariat."""

    template_name = "dialogues/admin/statement_publish.html"
    header_icon = "doc-full"
    form_class = forms.Form
    published = None  # the state this step starts from

    def dispatch(self, request, *args, **kwargs):
        if not may_review(request.user):
            raise PermissionDenied
        self.statement = get_object_or_404(
            Statement.objects.select_related("dialogue", "organisation"),
            pk=kwargs["pk"],
        )
        if self.statement.is_published != self.published:
            messages.error(request, self.wrong_state_message)
            return redirect(self.edit_url)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def edit_url(self):
        return reverse("dialogue_statements:edit", args=[self.statement.pk])

    def get_page_subtitle(self):
        return str(self.statement)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("dialogue_statements:index"),
                "label": _("Statements"),
            },
            {"url": self.edit_url, "label": str(self.statement)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            statement=self.statement,
            edit_url=self.edit_url,
            publishing=not self.published,
            file_url=reverse("dialogue_statements:file", args=[self.statement.pk]),
        )
        return context

    def form_valid(self, form):
        self.change()
        messages.success(
            self.request, self.success_message % {"statement": self.statement}
        )
        return redirect(self.edit_url)


class PublishStatementView(StatementStep):
    page_title = gettext_lazy("Publish")
    published = False
    wrong_state_message = gettext_lazy("This statement is already published.")
    success_message = gettext_lazy("%(statement)s is published on the dialogue's page.")

    def change(self):
        statements.publish(actor=self.request.user, statement=self.statement)


class UnpublishStatementView(StatementStep):
    page_title = gettext_lazy("Unpublish")
    published = True
    wrong_state_message = gettext_lazy("This statement is not published.")
    success_message = gettext_lazy(
        "%(statement)s is taken off the dialogue's page; its delegation may "
        "replace or withdraw it again."
    )

    def change(self):
        statements.unpublish(actor=self.request.user, statement=self.statement)


class StatementViewSet(ModelViewSet):
    model = Statement
    icon = "doc-full"
    copy_view_enabled = False
    add_view_enabled = False
    edit_view_class = StatementEditView
    list_display = [
        "organisation",
        "dialogue",
        Column(
            "language", label=gettext_lazy("Language"), accessor="get_language_display"
        ),
        "title",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        DateColumn("uploaded_at", label=gettext_lazy("Uploaded")),
    ]
    list_filter = ["dialogue", "status", "language"]
    search_fields = ["organisation__name", "title", "display_name"]
    list_export = [
        "dialogue",
        "organisation",
        "get_language_display",
        "title",
        "display_name",
        "get_status_display",
        "uploaded_at",
        "published_at",
    ]
    # What the delegation sent stays as it sent it; the Office may give it a
    # title and links it to entries.
    edit_handler = ObjectList(
        [FieldPanel("title"), FieldPanel("references")],
        base_form_class=StatementAdminForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("file/<row_id:pk>/", self.file_view, name="file"),
            path(
                "publish/<row_id:pk>/", PublishStatementView.as_view(), name="publish"
            ),
            path(
                "unpublish/<row_id:pk>/",
                UnpublishStatementView.as_view(),
                name="unpublish",
            ),
        ]

    def file_view(self, request, pk):
        """Staff who may view statements read them before they are public."""
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        return statement_response(get_object_or_404(Statement, pk=pk))
