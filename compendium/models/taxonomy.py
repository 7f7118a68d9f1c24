"""The reference taxonomy every practice entry is classified by.

Codes are stable identifiers used in URLs, imports and the API; labels and
descriptions are editable by administrators.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from compendium.choices import RegionKind, UNStatus


class ReferenceQuerySet(models.QuerySet):
    def current(self):
        """What new choices offer: everything not retired."""
        return self.filter(retired_at__isnull=True)

    def retired(self):
        return self.filter(retired_at__isnull=False)

    def current_or(self, kept):
        """The current items and `kept` (items or ids something already names):
        what a form offers, so that an entry keeps a retired item it has."""
        ids = [getattr(item, "pk", item) for item in kept]
        return self.filter(models.Q(retired_at__isnull=True) | models.Q(pk__in=ids))


class Retirable(models.Model):
    """Reference data is retired, never deleted while anything names it: entries,
    their versions and the compendium's revisions keep what they had, and new
    choices no longer offer it (compendium.retiring)."""

    retired_at = models.DateTimeField(
        _("retired"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "A retired item is no longer offered for new entries; entries that "
            "have it keep it."
        ),
    )

    objects = ReferenceQuerySet.as_manager()

    @property
    def is_retired(self):
        return self.retired_at is not None

    class Meta:
        abstract = True


class Named(models.Model):
    """A term named in the five official languages besides English.

    English stays in the model's own field (`name`, or `title` for reports): it
    is the source, what codes and released editions pin, and what files keep.
    The other five live in one JSON object keyed by language code rather than a
    column each: the set of languages is read from settings.LANGUAGES in one
    place (compendium.localized), forms and data files loop over it, and lists
    are sorted in Python by each language's collation, so nothing needs to
    query or index a single language's column.
    """

    english_field = "name"

    names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            "The name in French, Spanish, Arabic, Russian and Chinese, keyed by "
            "language code; a language left out shows the English name."
        ),
    )

    def name_in(self, language):
        """The name in `language` (a settings.LANGUAGES code), else English."""
        english = getattr(self, self.english_field)
        if not language or language == "en":
            return english
        return self.names.get(language) or english

    @property
    def localized_name(self):
        """The name in the active language: what every screen shows."""
        from compendium.localized import active

        return self.name_in(active())

    class Meta:
        abstract = True


class TaxonomyTerm(Named, Retirable):
    """A coded, ordered, editable term."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    # The description in the five other languages, as `names` holds the name.
    descriptions = models.JSONField(
        _("descriptions in other languages"), default=dict, blank=True
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    @property
    def localized_description(self):
        """The description in the active language, else English."""
        from compendium.localized import active

        language = active()
        if not language or language == "en":
            return self.description
        return self.descriptions.get(language) or self.description

    def __str__(self):
        return self.localized_name

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]


class Pillar(TaxonomyTerm):
    """One of the three pillars of the Responsibility to Protect."""

    def __str__(self):
        return _("Pillar %(code)s: %(name)s") % {
            "code": self.code,
            "name": self.localized_name,
        }

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")


class Priority(TaxonomyTerm):
    """One of the six core priorities for the next decade (A/69/981)."""

    def __str__(self):
        return f"{self.code}. {self.localized_name}"

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")


class AtrocityCrime(TaxonomyTerm):
    """Genocide, war crimes, ethnic cleansing or crimes against humanity."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("atrocity crime")
        verbose_name_plural = _("atrocity crimes")


class PracticeArea(TaxonomyTerm):
    """A kind of measure, such as early warning or domestic legislation."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("practice area")
        verbose_name_plural = _("practice areas")


class Region(Named, Retirable):
    """A UN M49 geographic region, sub-region or intermediate region."""

    code = models.CharField(_("M49 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=24, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    def __str__(self):
        return self.localized_name

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Country(Named, Retirable):
    """A UN Member State or observer State, coded as ISO 3166-1 and M49 code it."""

    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=255)
    un_status = models.CharField(
        _("UN status"), max_length=16, choices=UNStatus.choices
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="countries",
        limit_choices_to={"kind": RegionKind.REGION},
    )
    sub_region = models.ForeignKey(
        Region,
        verbose_name=_("sub-region"),
        on_delete=models.PROTECT,
        related_name="sub_region_countries",
        limit_choices_to={"kind": RegionKind.SUB_REGION},
    )
    intermediate_region = models.ForeignKey(
        Region,
        verbose_name=_("intermediate region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intermediate_region_countries",
        limit_choices_to={"kind": RegionKind.INTERMEDIATE_REGION},
    )

    def __str__(self):
        return self.localized_name

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")


class SecretaryGeneralReport(Named, Retirable):
    """A report of the Secretary-General on the responsibility to protect."""

    english_field = "title"

    symbol = models.CharField(
        _("document symbol"),
        max_length=32,
        unique=True,
        help_text=_("As the United Nations issues it, such as A/67/929."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)

    def __str__(self):
        return f"{self.symbol} ({self.year}): {self.localized_name}"

    class Meta:
        ordering = ["year", "symbol"]
        verbose_name = _("Secretary-General report")
        verbose_name_plural = _("Secretary-General reports")
