"""The classification of a practice entry, declared once.

Each facet (pillars, priorities, atrocity crimes, practice areas, countries,
regions, Secretary-General reports) is one `Facet` here: the entry's field, the
taxonomy model, the attribute that codes a term, the URL parameter and index
facet, its labels, and the keys the released content uses. The entry models,
forms, versions, publishing, editions, browse, files, imports and the API read
this registry each time they run, so a facet declared here reaches all of them.

It describes what exists: names that users, files and released editions see
are written here exactly as they have always been.
"""

from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

CHECKBOXES = "checkboxes"
SEARCH = "search"


@dataclass(frozen=True)
class Facet:
    """One way an entry is classified."""

    field: str  # the many-to-many field on the entry
    model_label: str  # the taxonomy model, "app_label.Model"
    param: str  # the URL parameter, and the facet's name in an edition's index
    label: object  # one term, capitalised: "Practice area"
    verbose_name: object  # the field's verbose name, plural: "practice areas"
    names: str = ""  # the key of the terms' names in released content
    code: str = "code"  # the attribute that codes a term in URLs, files, the API
    required: bool = False  # an entry names at least one
    published: bool = True  # the compendium's entry has it too
    browse: bool = True  # offered as a filter when browsing an edition
    browse_order: int = 0
    numbered: bool = False  # a term's name is shown as "code. name"
    column: object = None  # the heading in files, if not the plural label
    exported_as: str = ""  # what the staff export writes, if not the code
    widget: str = CHECKBOXES  # how the contributors' form offers the terms
    search_help: object = ""  # how to use a searchable list, in the form
    help_text: object = ""  # the form field's help
    required_message: object = ""  # the form's message when none is chosen
    admin_checkboxes: bool = False  # the admin offers the terms as checkboxes
    name_field: str = "name"  # the attribute a term is named by
    describe: object = str  # a term as an entry's versions show it
    lookup: tuple = ()  # what an imported cell may name a term by
    lookup_extra: object = None  # more names for a term in an import
    unknown: object = ""  # the import's message for a cell naming no term
    missing: object = ""  # the import's message for a row naming none (required)
    example: str = ""  # the import template's example cell
    api_fields: tuple = ("code", "name")  # a term in the API's taxonomy

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def plural(self):
        """The capitalised plural: "Practice areas"."""
        return capfirst(self.verbose_name)

    @property
    def heading(self):
        """The column's heading in files and imports."""
        return self.column if self.column is not None else self.plural

    @property
    def export_attribute(self):
        return self.exported_as or self.code

    def name_of(self, code, name):
        """A term's name as released content lists it."""
        return f"{code}. {name}" if self.numbered else name


_facets = []


def facets():
    """Every facet, in the entry's order."""
    return list(_facets)


def published():
    """The facets the compendium's entries have, in the entry's order."""
    return [facet for facet in _facets if facet.published]


def contributed_only():
    """The facets only contributed entries have."""
    return [facet for facet in _facets if not facet.published]


def browsed():
    """The facets browse filters by, in the order the page shows them."""
    return sorted(
        (facet for facet in _facets if facet.browse),
        key=attrgetter("browse_order"),
    )


def get(name):
    """The facet whose field is `name`."""
    return next(facet for facet in _facets if facet.field == name)


def field_names(which=None):
    return [facet.field for facet in (facets() if which is None else which)]


def register(facet, after=None):
    """Declare a facet, at the end or after the field `after`."""
    index = len(_facets)
    if after is not None:
        index = field_names().index(after) + 1
    _facets.insert(index, facet)


def unregister(name):
    _facets.remove(get(name))


@contextmanager
def registered(facet, after=None):
    """The registry with `facet` for the length of a block (tests)."""
    register(facet, after)
    try:
        yield facet
    finally:
        unregister(facet.field)


def classification_fields(model, field_class, which):
    """Give `model` a many-to-many field of `field_class` for each facet in
    `which`, as the registry declares it."""
    for facet in which:
        model.add_to_class(facet.field, many_to_many(facet, field_class))


def many_to_many(facet, field_class):
    return field_class(
        facet.model_label,
        verbose_name=facet.verbose_name,
        blank=not facet.required,
        related_name="+",
    )


class Computed(Sequence):
    """A list made from the registry each time it is read, for modules whose
    callers read a constant (versions.FIELDS)."""

    def __init__(self, make):
        self._make = make

    def __getitem__(self, index):
        return self._make()[index]

    def __len__(self):
        return len(self._make())

    def __iter__(self):
        return iter(self._make())

    def __add__(self, other):
        return list(self) + list(other)


class ComputedMapping(Mapping):
    """A mapping made from the registry each time it is read."""

    def __init__(self, make):
        self._make = make

    def __getitem__(self, key):
        return self._make()[key]

    def __len__(self):
        return len(self._make())

    def __iter__(self):
        return iter(self._make())


def _numbered_extra(word):
    def extra(term):
        # Imports read the English names ("Pillar I: …"), whoever runs them.
        with override(None):
            return [str(term), f"{word} {term.code}"]

    return extra


for _facet in [
    Facet(
        field="pillars",
        model_label="compendium.Pillar",
        param="pillar",
        label=_("Pillar"),
        verbose_name=_("pillars"),
        names="pillar_names",
        required=True,
        browse_order=1,
        numbered=True,
        admin_checkboxes=True,
        lookup=("code", "name"),
        lookup_extra=_numbered_extra("Pillar"),
        unknown=_("Unknown pillar “%(value)s”. Write I, II or III."),
        missing=_("Give at least one pillar: I, II or III."),
        required_message=_("Choose at least one pillar."),
        example="I; II",
    ),
    Facet(
        field="priorities",
        model_label="compendium.Priority",
        param="priority",
        label=_("Priority"),
        verbose_name=_("priorities"),
        names="priority_names",
        required=True,
        browse_order=2,
        numbered=True,
        admin_checkboxes=True,
        lookup=("code", "name"),
        lookup_extra=_numbered_extra("Priority"),
        unknown=_("Unknown priority “%(value)s”. Write 1 to 6."),
        missing=_("Give at least one priority: 1 to 6."),
        required_message=_("Choose at least one priority."),
        example="2",
    ),
    Facet(
        field="crimes",
        model_label="compendium.AtrocityCrime",
        param="crime",
        label=_("Atrocity crime"),
        verbose_name=_("atrocity crimes"),
        names="crime_names",
        browse_order=3,
        admin_checkboxes=True,
        lookup=("code", "name"),
        unknown=_(
            "Unknown atrocity crime “%(value)s”. Write genocide, war crimes, "
            "crimes against humanity or ethnic cleansing."
        ),
        example="genocide; war crimes",
    ),
    Facet(
        field="practice_areas",
        model_label="compendium.PracticeArea",
        param="area",
        label=_("Practice area"),
        verbose_name=_("practice areas"),
        names="area_names",
        browse_order=4,
        lookup=("code", "name"),
        unknown=_(
            "Unknown practice area “%(value)s”. Write its code or name as "
            "the compendium lists them."
        ),
    ),
    Facet(
        field="countries",
        model_label="compendium.Country",
        param="country",
        label=_("Country concerned"),
        verbose_name=_("countries concerned"),
        names="country_names",
        code="iso3",
        browse_order=6,
        column=_("Countries concerned (ISO3)"),
        widget=SEARCH,
        search_help=_(
            "Type a few letters of a country's name, then choose it with "
            "the arrow keys and Enter; choose as many as you need, or none "
            "if the practice concerns no particular country."
        ),
        help_text=_(
            "Hold Ctrl (Cmd on a Mac) to choose several; leave empty if the "
            "practice concerns no particular country."
        ),
        lookup=("iso3", "iso2", "m49", "name"),
        unknown=_(
            "Unknown country “%(value)s”. Write its ISO3 code (such as GHA) "
            "or its name as the UN writes it."
        ),
        example="GHA",
        api_fields=("iso3", "iso2", "m49", "name"),
    ),
    Facet(
        field="regions",
        model_label="compendium.Region",
        param="region",
        label=_("Region"),
        verbose_name=_("regions"),
        names="region_names",
        browse_order=5,
        exported_as="name",
        widget=SEARCH,
        search_help=_(
            "Type a few letters of a region's name, then choose it with "
            "the arrow keys and Enter; choose as many as you need."
        ),
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose several."),
        lookup=("code", "name"),
        unknown=_(
            "Unknown region “%(value)s”. Write its M49 code or its name, "
            "such as Africa or Western Europe."
        ),
        api_fields=("code", "name", "kind"),
    ),
    Facet(
        field="sg_reports",
        model_label="compendium.SecretaryGeneralReport",
        param="sg_report",
        label=_("Related Secretary-General report"),
        verbose_name=_("related Secretary-General reports"),
        code="symbol",
        published=False,
        browse=False,
        name_field="symbol",
        describe=attrgetter("symbol"),
        lookup=("symbol",),
        unknown=_(
            "Unknown Secretary-General report “%(value)s”. Write its "
            "document symbol, such as A/63/677."
        ),
    ),
]:
    register(_facet)
del _facet
