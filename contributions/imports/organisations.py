"""Organisations from a spreadsheet, through django-import-export.

Rows are matched to organisations by name (case and spacing aside); a row
equal to its organisation is skipped, so importing the same file twice changes
nothing. There are a few hundred organisations, so rows are saved one by one.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.fields import Field

from accounts.models import Organisation
from compendium.choices import OrganisationKind
from compendium.models import Country, Region

from .counting import CountedRows
from .entries import terms_lookup
from .widgets import ListWidget, LookupWidget, TextWidget, YesNoWidget, key

COLUMNS = [
    ("name", gettext_lazy("Name"), True, "West Africa Early Warning Forum"),
    ("short_name", gettext_lazy("Short name"), False, "WAEWF"),
    ("kind", gettext_lazy("Kind"), True, "civil society"),
    ("country", gettext_lazy("Country"), False, ""),
    ("regions", gettext_lazy("Regions"), False, "Western Africa"),
    ("website", gettext_lazy("Website"), False, "https://www.example.org/"),
    ("active", gettext_lazy("Active"), False, "yes"),
]
COLUMN_NAMES = [column for column, *_rest in COLUMNS]
ALIASES = {"organisation": "name", "organization": "name", "type": "kind"}


def exported_headings():
    """(column, heading) of the admin's export of organisations, which heads
    its columns with the fields' verbose names."""
    return [
        (name, Organisation._meta.get_field(name).verbose_name) for name in COLUMN_NAMES
    ]


SCALARS = ["name", "short_name", "kind", "country_id", "website", "active"]


class OrganisationResource(CountedRows, resources.ModelResource):
    name = Field(attribute="name", column_name="name", widget=TextWidget())
    short_name = Field(
        attribute="short_name", column_name="short_name", widget=TextWidget()
    )
    kind = Field(attribute="kind", column_name="kind")
    country = Field(attribute="country_id", column_name="country")
    regions = Field(attribute="imported_regions", column_name="regions")
    website = Field(attribute="website", column_name="website", widget=TextWidget())
    active = Field(attribute="active", column_name="active")

    class Meta:
        model = Organisation
        fields = COLUMN_NAMES
        import_id_fields = ["name"]
        skip_diff = True
        clean_model_instances = False
        report_skipped = False

    def __init__(self, *, user=None, file_name="", submit=False, **kwargs):
        super().__init__(**kwargs)
        kinds = {}
        for value, label in OrganisationKind.choices:
            for name in (value, value.replace("-", " "), label):
                kinds[key(name)] = value
        self.fields["kind"].widget = LookupWidget(
            kinds,
            _("Unknown kind “%(value)s”. Write one of: %(kinds)s.")
            % {
                "kinds": ", ".join(
                    str(label) for _v, label in OrganisationKind.choices
                ),
                "value": "%(value)s",
            },
        )
        self.fields["country"].widget = LookupWidget(
            terms_lookup(Country, "iso3", "iso2", "m49", "name"),
            _("Unknown country “%(value)s”. Write its ISO3 code, such as GHA."),
        )
        self.fields["regions"].widget = ListWidget(
            terms_lookup(Region, "code", "name"),
            _("Unknown region “%(value)s”. Write its M49 code or its name."),
        )
        self.fields["active"].widget = YesNoWidget()
        # Retired items stay where they are; no row gives one to an
        # organisation that does not have it.
        self.retired_countries = set(
            Country.objects.retired().values_list("pk", flat=True)
        )
        self.retired_regions = dict(Region.objects.retired().values_list("pk", "name"))
        self.existing = {
            key(organisation.name): organisation
            for organisation in Organisation.objects.prefetch_related("regions")
        }
        self.seen = {}

    def get_or_init_instance(self, instance_loader, row):
        name = key(row.get("name") or "")
        if name in self.seen:
            raise ValidationError(
                {
                    "name": _("Row %(row)s has the same name; each may appear once.")
                    % {"row": self.seen[name]}
                }
            )
        self.seen[name] = row.get("__row__")
        organisation = self.existing.get(name)
        if organisation is not None:
            return organisation, False
        return Organisation(active=True), True

    def import_instance(self, instance, row, **kwargs):
        if not (row.get("active") or "").strip():
            row = {**row, "active": "yes" if instance.active else "no"}
        super().import_instance(instance, row, **kwargs)

    def _state(self, organisation, regions):
        return {
            **{name: getattr(organisation, name) for name in SCALARS},
            "regions": sorted(regions),
        }

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        before = self.existing[key(instance.name)]
        saved = Organisation.objects.get(pk=instance.pk)
        return self._state(instance, instance.imported_regions) == self._state(
            saved, [region.pk for region in before.regions.all()]
        )

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        errors = dict(import_validation_errors or {})
        if not instance.name:
            errors["name"] = [_("Give the organisation's name.")]
        try:
            instance.full_clean(exclude=[*errors, "regions"])
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if (
            "country_id" not in errors
            and instance.country_id in self.retired_countries
            and not Organisation.objects.filter(
                pk=instance.pk, country_id=instance.country_id
            ).exists()
        ):
            errors["country_id"] = [
                _("%(country)s is retired: no organisation may be given it now.")
                % {"country": instance.country}
            ]
        # An organisation found by name still holds its regions as they were.
        has = {region.pk for region in instance.regions.all()} if instance.pk else set()
        retired = [
            self.retired_regions[pk]
            for pk in getattr(instance, "imported_regions", None) or []
            if pk in self.retired_regions and pk not in has
        ]
        if "imported_regions" not in errors and retired:
            errors["imported_regions"] = [
                _("Retired, so no organisation may be given it now: %(regions)s.")
                % {"regions": ", ".join(retired)}
            ]
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        instance.save()
        instance.regions.set(instance.imported_regions)


def column_of(attribute):
    if attribute.startswith("imported_"):
        return attribute.removeprefix("imported_")
    return {"country_id": "country"}.get(attribute, attribute)


Resource = OrganisationResource
