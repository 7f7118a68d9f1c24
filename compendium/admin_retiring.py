"""Retire and Bring back in the admin's screens of reference data, where Delete
would have taken an item off every entry that has it (compendium.retiring)."""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, MenuItem

from . import retiring
from .dates import DateColumn


class RetireView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then retire (or bring back) one item."""

    template_name = "compendium/admin/term_retire.html"
    permission_required = "change"
    model = None
    index_url_name = None
    edit_url_name = None
    retiring = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.model, pk=unquote(str(kwargs["pk"])))

    def get_page_title(self):
        return _("Retire") if self.retiring else _("Bring back")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(self.model._meta.verbose_name_plural),
            },
            {
                "url": reverse(self.edit_url_name, args=[quote(self.object.pk)]),
                "label": str(self.object),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            kind=self.model._meta.verbose_name,
            retiring=self.retiring,
            uses=retiring.uses_of(self.object) if self.retiring else [],
            cancel_url=reverse(self.edit_url_name, args=[quote(self.object.pk)]),
        )
        return context

    def post(self, request, *args, **kwargs):
        change = retiring.retire if self.retiring else retiring.bring_back
        term = change(actor=request.user, term=self.object)
        if self.retiring:
            message = _(
                "%(item)s is retired: no longer offered for new entries; entries "
                "that have it keep it."
            )
        else:
            message = _("%(item)s is offered again for new entries.")
        messages.success(request, message % {"item": term})
        return redirect(self.index_url_name)


class RetireButtonsMixin:
    """Retire… or Bring back… among the item's buttons, for those who may."""

    retire_url_name = None
    bring_back_url_name = None

    def retire_button(self, instance, button_class):
        if not retiring.may_retire(self.request.user, type(instance)):
            return None
        if instance.is_retired:
            label, name, icon = _("Bring back…"), self.bring_back_url_name, "undo"
        else:
            label, name, icon = _("Retire…"), self.retire_url_name, "archive"
        return button_class(
            label,
            url=reverse(name, args=[quote(instance.pk)]),
            icon_name=icon,
            priority=25,
        )


class RetirableIndexMixin(RetireButtonsMixin):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if button := self.retire_button(instance, MenuItem):
            buttons.append(button)
        return buttons


class RetirableObjectMixin(RetireButtonsMixin):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if button := self.retire_button(self.object, Button):
            buttons.append(button)
        return buttons


class RetirableInspectMixin(RetirableObjectMixin):
    def get_fields(self):
        # Since when an item is retired comes after what it is.
        fields = [name for name in super().get_fields() if name != "retired_at"]
        return [*fields, "retired_at"]


class RetirableDeleteView(RetireButtonsMixin, generic.DeleteView):
    """Deleting is for an item nothing names, ever (one added by mistake); for
    any other the page says what names it and offers Retire instead."""

    template_name = "compendium/admin/term_confirm_delete.html"

    @cached_property
    def uses(self):
        return retiring.uses_of(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["uses"] = self.uses
        context["retire_button"] = self.retire_button(self.object, Button)
        return context

    def form_valid(self, form):
        if self.uses:
            messages.error(
                self.request,
                _("%(item)s is in use and cannot be deleted; retire it instead.")
                % {"item": self.object},
            )
            return redirect(self.request.path)
        return super().form_valid(form)


def with_mixin(mixin, view_class):
    """`view_class` with `mixin` first, keeping whatever the viewset chose."""
    if issubclass(view_class, mixin):
        return view_class
    return type(view_class.__name__, (mixin, view_class), {})


class RetirableViewSet(ModelViewSet):
    """A viewset of reference data: Retire and Bring back beside Edit, a column
    saying since when an item is retired, and Delete only for what nothing
    names."""

    delete_view_class = RetirableDeleteView
    retire_view_class = RetireView

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.index_view_class = with_mixin(RetirableIndexMixin, self.index_view_class)
        self.edit_view_class = with_mixin(RetirableObjectMixin, self.edit_view_class)
        self.inspect_view_class = with_mixin(
            RetirableInspectMixin, self.inspect_view_class
        )
        self.list_display = [
            *self.list_display,
            DateColumn("retired_at", label=gettext_lazy("Retired")),
        ]

    def _retire_url_names(self, kwargs):
        return {
            "retire_url_name": self.get_url_name("retire"),
            "bring_back_url_name": self.get_url_name("bring_back"),
            **kwargs,
        }

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(**self._retire_url_names(kwargs))

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(**self._retire_url_names(kwargs))

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(**self._retire_url_names(kwargs))

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(**self._retire_url_names(kwargs))

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        view_kwargs = {
            "model": self.model,
            "permission_policy": self.permission_policy,
            "index_url_name": self.get_url_name("index"),
            "edit_url_name": self.get_url_name("edit"),
            "header_icon": self.icon,
        }
        return super().get_urlpatterns() + [
            path(
                f"retire/<{conv}:pk>/",
                self.retire_view_class.as_view(retiring=True, **view_kwargs),
                name="retire",
            ),
            path(
                f"bring-back/<{conv}:pk>/",
                self.retire_view_class.as_view(retiring=False, **view_kwargs),
                name="bring_back",
            ),
        ]
