"""The published compendium: the Office's own entries, managed in Wagtail (draft
state, revisions, workflow, locking, preview), and the editions that pin exactly
which revision of each entry they contain.

The public site never reads `CompendiumEntry` directly: it reads `EditionEntry`,
the table built when an edition is released, so drafts never show and a
released edition never changes.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from compendium import classification
from compendium.choices import (
    EditionKind,
    EditionStatus,
    EntryOrigin,
    Language,
    OrganisationKind,
)
from compendium.forms import CompendiumEntryForm

from .content import SUMMARY_MAX_LENGTH, EntryContent

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "blockquote"]


class CompendiumEntry(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    EntryContent,
    ClusterableModel,
):
    """One practice as the Office publishes it."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, editable=False
    )
    description = RichTextField(
        _("description"), blank=True, features=RICH_TEXT_FEATURES
    )
    language = models.CharField(
        _("language of the original"),
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("The language the entry was written in."),
    )
    contributor_name = models.CharField(_("contributed by"), max_length=255)
    contributor_kind = models.CharField(
        _("kind of contributor"), max_length=24, choices=OrganisationKind.choices
    )
    contributor_country = models.ForeignKey(
        "compendium.Country",
        verbose_name=_("contributing State"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin = models.CharField(
        _("origin"),
        max_length=16,
        choices=EntryOrigin.choices,
        default=EntryOrigin.CONTRIBUTED,
    )
    source_version = models.PositiveIntegerField(
        _("from contributed version"),
        null=True,
        blank=True,
        help_text=_("The accepted version of the contributed entry this text is from."),
    )
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    # The admin's form: text without control characters (compendium.text).
    base_form_class = CompendiumEntryForm

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_preview_template(self, request, mode_name):
        return "compendium/entry_preview.html"

    def get_preview_context(self, request, mode_name):
        from compendium.editions import content_of

        return {"entry": content_of(self), "preview": True}

    class Meta(EntryContent.Meta):
        ordering = ["reference"]
        verbose_name = _("compendium entry")
        verbose_name_plural = _("compendium entries")
        # Wagtail creates these too, but only after this project's groups are
        # given their permissions; declaring them makes them exist first.
        permissions = [
            ("publish_compendiumentry", _("Can publish compendium entry")),
            ("lock_compendiumentry", _("Can lock compendium entry")),
            ("unlock_compendiumentry", _("Can unlock compendium entry")),
        ]


# Its classification: every facet of the registry the compendium publishes.
classification.classification_fields(
    CompendiumEntry, ParentalManyToManyField, classification.published()
)


class CompendiumSource(Orderable):
    entry = ParentalKey(
        CompendiumEntry, on_delete=models.CASCADE, related_name="sources"
    )
    title = models.CharField(_("source title"), max_length=255)
    url = models.URLField(_("web address"), max_length=500)

    def __str__(self):
        return self.title


class EntryTranslation(Orderable):
    """The entry's title, summary and description in another of the six
    languages, added by the Office: part of the entry's revisions, so an
    edition pins the translations it was released with."""

    entry = ParentalKey(
        CompendiumEntry, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH)
    description = RichTextField(
        _("description"), blank=True, features=RICH_TEXT_FEATURES
    )

    def __str__(self):
        return f"{self.get_language_display()}: {self.title}"

    class Meta(Orderable.Meta):
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "language"], name="one_translation_per_language"
            )
        ]


class CompendiumDocument(Orderable):
    """A document published with the entry (a decree, a report), from Wagtail's
    document library: the Office chooses which files are public."""

    entry = ParentalKey(
        CompendiumEntry, on_delete=models.CASCADE, related_name="documents"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("Shown instead of the file name."),
    )

    def __str__(self):
        return self.title or self.document.title


label_validator = RegexValidator(
    r"^[0-9a-z][0-9a-z.\-]*$",
    _("Use lower-case letters, digits, dots and hyphens, such as 1.0 or 2015-pre."),
)


class EditionQuerySet(models.QuerySet):
    def released(self):
        return self.filter(
            status__in=[EditionStatus.RELEASED, EditionStatus.SUPERSEDED]
        )

    def current(self):
        """The newest released official version or update: what /compendium/ shows."""
        return (
            self.filter(
                status=EditionStatus.RELEASED,
                kind__in=[EditionKind.OFFICIAL, EditionKind.UPDATE],
            )
            .order_by("-released_at", "-pk")
            .first()
        )


class Edition(models.Model):
    """A citable release of the compendium. Once released it never changes."""

    label = models.CharField(
        _("label"),
        max_length=32,
        unique=True,
        validators=[label_validator],
        help_text=_("Part of every citation and URL, such as 1.0, 1.1 or 2015-pre."),
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=24, choices=EditionKind.choices)
    release_notes = RichTextField(
        _("release notes"), blank=True, features=RICH_TEXT_FEATURES
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=EditionStatus.choices,
        default=EditionStatus.IN_PREPARATION,
        editable=False,
    )
    include_every_published_entry = models.BooleanField(
        _("every published entry"),
        default=True,
        help_text=_("Untick to choose the entries one by one."),
    )
    chosen_entries = models.ManyToManyField(
        CompendiumEntry,
        verbose_name=_("chosen entries"),
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    shared_at = models.DateTimeField(
        _("shared"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a pre-publication edition was shared with a round."),
    )
    released_at = models.DateTimeField(
        _("released"), null=True, blank=True, editable=False
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    entry_count = models.PositiveIntegerField(_("entries"), default=0, editable=False)
    # Its PDFs, one per language: EditionPdf.
    # The data downloads, each made once (compendium.downloads) and served
    # from storage: the edition never changes.
    csv_file = models.FileField(
        _("CSV"), upload_to="editions", blank=True, editable=False, max_length=255
    )
    xlsx_file = models.FileField(
        _("XLSX"), upload_to="editions", blank=True, editable=False, max_length=255
    )
    json_file = models.FileField(
        _("JSON"), upload_to="editions", blank=True, editable=False, max_length=255
    )

    objects = EditionQuerySet.as_manager()

    def __str__(self):
        return f"{self.label} — {self.title}"

    @property
    def is_released(self):
        return self.status in (EditionStatus.RELEASED, EditionStatus.SUPERSEDED)

    @property
    def is_public(self):
        return self.is_released and self.kind != EditionKind.PRE_PUBLICATION

    def get_absolute_url(self):
        return reverse("compendium_public:edition", args=[self.label])

    class Meta:
        ordering = ["-released_at", "-created_at"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        permissions = [("release_edition", _("Can share and release editions"))]


class EditionPdf(models.Model):
    """The PDF of an edition in one language (compendium/pdf.py). An edition
    offers English and each language one of its entries can be read in, as
    written or as the Office translated it; the row is made when the entries
    are pinned, and the file in the background after release."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    file = models.FileField(
        _("PDF"), upload_to="editions", blank=True, editable=False, max_length=255
    )
    rendered_at = models.DateTimeField(
        _("PDF made"), null=True, blank=True, editable=False
    )
    problem = models.TextField(
        _("why the PDF could not be made"), blank=True, editable=False
    )

    def __str__(self):
        return f"{self.edition.label} {self.language}"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "language"], name="one_pdf_per_edition_and_language"
            )
        ]
        verbose_name = _("PDF of an edition")
        verbose_name_plural = _("PDFs of an edition")


class EditionEntry(models.Model):
    """One entry in one released edition, exactly as released: the pinned Wagtail
    revision and the denormalised text and classification that browse, search,
    the entry page and the changelog read."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="rows")
    entry = models.ForeignKey(
        CompendiumEntry, on_delete=models.PROTECT, related_name="edition_rows"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(max_length=16)
    title = models.CharField(max_length=255)
    summary = models.TextField()
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField(null=True)
    contributor_name = models.CharField(max_length=255)
    contributor_kind = models.CharField(max_length=24, choices=OrganisationKind.choices)
    content = models.JSONField(
        help_text="Everything the entry page shows, as released."
    )
    language = models.CharField(
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text="The language the entry was written in.",
    )
    in_languages = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "What lists show in each other language, as released: "
            "{language: {title, summary, contributor_name}}, each only where "
            "the Office wrote it."
        ),
    )

    def __str__(self):
        return f"{self.edition.label} {self.reference}"

    # What lists show (browse, the changelog, a country's profile, related
    # entries) in the reader's language, from the row alone: no query per row.

    def _in(self, key):
        from compendium.localized import active

        return (self.in_languages or {}).get(active(), {}).get(key)

    @property
    def shown_title(self):
        return self._in("title") or self.title

    @property
    def shown_summary(self):
        return self._in("summary") or self.summary

    @property
    def shown_contributor(self):
        """The contributor's name in the reader's language where the edition
        pinned one, else the name as registered."""
        return self._in("contributor_name") or self.contributor_name

    @property
    def shown_lang(self):
        """The language of the title and summary shown when it is not the
        reader's (the original, untranslated): for their `lang` attribute."""
        from compendium.localized import active

        language = active()
        if language == self.language or self._in("title"):
            return ""
        return self.language

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "reference"], name="one_row_per_entry_and_edition"
            )
        ]
        indexes = [models.Index(fields=["edition", "start_year"])]


class EditionFacet(models.Model):
    """Which facet values each released entry carries (pillar I, country KEN…):
    the facet counts and filters of browse read this table."""

    row = models.ForeignKey(
        EditionEntry, on_delete=models.CASCADE, related_name="facets"
    )
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    facet = models.CharField(max_length=16)
    value = models.CharField(max_length=40)

    def __str__(self):
        return f"{self.facet}={self.value}"

    class Meta:
        indexes = [models.Index(fields=["edition", "facet", "value"])]


class EditionWord(models.Model):
    """A word found in so many rows of a released edition that ranking them
    through the full-text index would take longer than a search may: which rows
    hold it and the index's own score of each, kept at release so a search of
    it adds stored scores instead (compendium/search.py)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=100)
    rows = models.BinaryField(help_text="The rows' ids, as a serialised bitmap.")
    scores = models.BinaryField(
        help_text="The score of each row, in ascending order of id, as 64-bit floats."
    )

    def __str__(self):
        return self.word

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "word"], name="one_common_word_per_edition"
            )
        ]


class EditionSearch(models.Model):
    """PostgreSQL's full-text index of released rows: a weighted tsvector per
    row, with a GIN index made by the migration (on SQLite the index is an FTS5
    table per edition and this table stays empty; see compendium/search.py)."""

    row = models.OneToOneField(
        EditionEntry, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    edition_id = models.BigIntegerField(db_index=True)
    document = SearchVectorField()

    def __str__(self):
        return f"search row {self.row_id}"

    class Meta:
        db_table = "compendium_search"
