"""Wagtail admin screens for the reference taxonomy."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSetGroup

from .admin_inspect import ReadableInspectView
from .admin_retiring import RetirableViewSet
from .forms import DESCRIPTION_FIELDS, NAME_FIELDS, NamesForm, TermForm
from .models import (
    AtrocityCrime,
    Country,
    Pillar,
    PracticeArea,
    Priority,
    Region,
    SecretaryGeneralReport,
)
from .search_boxes import FoldedIndexView


def name_panels():
    """The name in each official language besides English, under the English."""
    return [FieldPanel(field) for field in NAME_FIELDS.values()]


def term_edit_handler():
    return ObjectList(
        [
            FieldPanel("code"),
            FieldPanel("name"),
            *name_panels(),
            FieldPanel("description"),
            *[FieldPanel(field) for field in DESCRIPTION_FIELDS.values()],
            FieldPanel("sort_order"),
        ],
        base_form_class=TermForm,
    )


class TermViewSet(RetirableViewSet):
    list_display = ["code", "name", "sort_order"]
    index_view_class = FoldedIndexView
    search_fields = ["code", "name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    ordering = ["sort_order", "name"]

    @property
    def edit_handler(self):
        return term_edit_handler()


class PillarViewSet(TermViewSet):
    model = Pillar
    icon = "list-ol"


class PriorityViewSet(TermViewSet):
    model = Priority
    icon = "list-ol"


class AtrocityCrimeViewSet(TermViewSet):
    model = AtrocityCrime
    icon = "warning"


class PracticeAreaViewSet(TermViewSet):
    model = PracticeArea
    icon = "tag"


class RegionViewSet(RetirableViewSet):
    model = Region
    icon = "globe"
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    index_view_class = FoldedIndexView
    search_fields = ["code", "name"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    edit_handler = ObjectList(
        [FieldPanel("code", read_only=True), FieldPanel("name"), *name_panels()],
        base_form_class=NamesForm,
    )


class CountryViewSet(RetirableViewSet):
    model = Country
    icon = "site"
    list_display = ["name", "iso3", "iso2", "m49", "un_status", "sub_region"]
    list_filter = ["un_status", "region", "sub_region"]
    index_view_class = FoldedIndexView
    search_fields = ["name", "iso2", "iso3", "m49"]
    list_export = ["name", "iso2", "iso3", "m49", "un_status", "region", "sub_region"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            *name_panels(),
            FieldPanel("iso2", read_only=True),
            FieldPanel("iso3", read_only=True),
            FieldPanel("m49", read_only=True),
            FieldPanel("un_status", read_only=True),
            FieldPanel("region", read_only=True),
            FieldPanel("sub_region", read_only=True),
            FieldPanel("intermediate_region", read_only=True),
        ],
        base_form_class=NamesForm,
    )


class SecretaryGeneralReportViewSet(RetirableViewSet):
    model = SecretaryGeneralReport
    icon = "doc-full"
    list_display = ["symbol", "year", "title"]
    index_view_class = FoldedIndexView
    search_fields = ["symbol", "title"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [FieldPanel("symbol"), FieldPanel("year"), FieldPanel("title"), *name_panels()],
        base_form_class=NamesForm,
    )


class TaxonomyViewSetGroup(ModelViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = [
        PillarViewSet("pillars"),
        PriorityViewSet("priorities"),
        AtrocityCrimeViewSet("atrocity_crimes"),
        PracticeAreaViewSet("practice_areas"),
        RegionViewSet("regions"),
        CountryViewSet("countries"),
        SecretaryGeneralReportViewSet("sg_reports"),
    ]
