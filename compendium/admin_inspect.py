"""Inspect pages of the admin that read as sentences do: every viewset of the
project inspects its objects through ReadableInspectView (or the mixin, for
views with a base of their own), so no page prints None, True or False, or
leaves a value blank."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import InspectView
from wagtail.fields import RichTextField
from wagtail.rich_text import RichText

NOTHING = "—"

# What Wagtail's inspect view gives for an empty many-to-many field.
_WAGTAIL_EMPTY = "-"


def readable(value):
    """A value as a person reads it: "Yes" or "No" for a truth value, "—" for
    nothing (None, an empty text or list), anything else as it is."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None:
        return NOTHING
    if isinstance(value, str) and value.strip() in ("", _WAGTAIL_EMPTY):
        return NOTHING
    if isinstance(value, list | tuple | QuerySet) and not value:
        return NOTHING
    return value


class ReadableInspectMixin:
    """For an InspectView: each field's value through readable(), and rich text
    shown as text rather than as its HTML source."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, Component):
            return value
        if isinstance(field, RichTextField) and isinstance(value, str):
            return RichText(value) if value.strip() else NOTHING
        return readable(value)


class ReadableInspectView(ReadableInspectMixin, InspectView):
    pass
