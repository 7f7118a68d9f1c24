"""Practice entries from a spreadsheet, through django-import-export.

The resource runs import-export's row loop (fields, widgets, validation, row
results) in bulk mode, tuned so that no row costs a query: taxonomy and
organisations are looked up in dictionaries loaded once, the entries a chunk
of rows may update are loaded with one query per chunk, and new entries are
written with their classification, sources and version 1 a batch at a time.

Rows are matched to existing entries by reference, else by organisation and
title; a row equal to the entry it matches is skipped, so importing the same
file twice changes nothing. A row that changes an entry makes its next version,
and only while the organisation may still change it (draft, ready, changes
requested).
"""

import operator
from functools import partial, reduce

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export import resources
from import_export.fields import Field

from accounts.models import Organisation
from compendium import classification
from compendium.references import REFERENCE_FORMAT, reserve_references
from contributions.bulk import EntryWriter, insert_objects
from contributions.choices import EntryAction, EntryStatus, SubmissionLanguage
from contributions.models import EntryTransition, PracticeEntry, Source
from contributions.models.entries import written_fields
from contributions.richtext import sanitise
from contributions.services import lifecycle

from .counting import CountedRows
from .widgets import (
    ListWidget,
    LookupWidget,
    SourcesWidget,
    TextWidget,
    YearWidget,
    YesNoWidget,
    check_cell,
    key,
)

# The columns before and after the classification's.
BEFORE_CLASSIFICATION = [
    ("reference", gettext_lazy("Reference"), False, ""),
    ("organisation", gettext_lazy("Organisation"), True, "Ghana"),
    (
        "title",
        gettext_lazy("Title"),
        True,
        "National Peace Council early-warning network",
    ),
    (
        "summary",
        gettext_lazy("Summary"),
        True,
        "District peace councils report risk factors to a national desk that "
        "convenes mediation within days.",
    ),
    (
        "description",
        gettext_lazy("Description"),
        False,
        "The network links 16 regional councils.\n\nIt was set up in 2011.",
    ),
]
AFTER_CLASSIFICATION = [
    ("start_year", gettext_lazy("Start year"), True, "2011"),
    ("end_year", gettext_lazy("End year"), False, ""),
    ("ongoing", gettext_lazy("Ongoing"), False, "yes"),
    ("language", gettext_lazy("Language of submission"), False, "en"),
    ("internal_contact", gettext_lazy("Internal contact"), False, ""),
    (
        "sources",
        gettext_lazy("Sources"),
        False,
        "National Peace Council Act <https://www.example.org/npc-act>",
    ),
]


def _columns():
    return [
        *BEFORE_CLASSIFICATION,
        *[
            (facet.field, facet.plural, facet.required, facet.example)
            for facet in classification.facets()
        ],
        *AFTER_CLASSIFICATION,
    ]


# (column, heading in the template, required, example)
COLUMNS = classification.Computed(_columns)
ALIASES = {
    "atrocity_crimes": "crimes",
    "countries_concerned": "countries",
    "secretary_general_reports": "sg_reports",
    "related_secretary_general_reports": "sg_reports",
    "organization": "organisation",
    "contributed_by": "organisation",
    "language_of_submission": "language",
}

COLUMN_NAMES = classification.Computed(lambda: [column for column, *_rest in COLUMNS])


def exported_headings():
    """(column, heading) of the staff export's columns an import reads, so a
    file the Office exported imports again whatever it kept of it."""
    from contributions.exports import COLUMNS as EXPORTED

    read = set(COLUMN_NAMES)
    return [(column.name, column.heading) for column in EXPORTED if column.name in read]


SCALARS = ["organisation_id", *written_fields(with_classification=False)]
REQUIRED_VALUES = [
    ("title", gettext_lazy("Give the entry a title.")),
    ("summary", gettext_lazy("Give a summary of at most 1,000 characters.")),
    ("start_year", gettext_lazy("Give the year the practice started.")),
]
REQUIRED_TERMS = classification.Computed(
    lambda: [
        (facet.field, facet.missing)
        for facet in classification.facets()
        if facet.required
    ]
)
# Whatever the file says, these come from the import itself.
NOT_FROM_FILE = [
    "organisation",
    "organisation_id",
    "reference",
    "status",
    "version_number",
    "created_by",
    "updated_by",
    "created_at",
    "updated_at",
]


def terms_lookup(model, *attributes, extra=None):
    """{key(code or name): id} of every item of a model, for the cell readers."""
    lookup = {}
    for item in model.objects.all():
        for attribute in attributes:
            lookup[key(getattr(item, attribute))] = item.pk
        for name in (extra or (lambda item: []))(item):
            lookup[key(name)] = item.pk
    return lookup


def organisation_lookup():
    """Organisations by name, short name and, for States, ISO3 code; inactive ones
    map to a negative id so the row can say so."""
    lookup = {}
    for organisation in Organisation.objects.select_related("country"):
        value = organisation.pk if organisation.active else -organisation.pk
        names = [organisation.name, organisation.short_name]
        if organisation.country:
            names += [organisation.country.iso3, organisation.country.name]
        for name in names:
            if name:
                lookup.setdefault(key(name), value)
    return lookup


def named_by(titles, alias):
    """The condition of entries whose organisation and title are among
    `titles` ({organisation id: {titles}}), which the database answers by
    looking each pair up in the index on (organisation, title).

    Two lists, of organisations and of titles, made the database try every
    pair of the two; on PostgreSQL, one term per organisation made it read
    the whole table (measured: 0.1 s a chunk of 2,000 rows on SQLite, and on
    PostgreSQL growing with the table, 0.07 s a chunk at 50,000 entries).
    """
    if connections[alias].vendor == "postgresql":
        pairs = [
            (organisation_id, title)
            for organisation_id, names in titles.items()
            for title in names
        ]
        table = connections[alias].ops.quote_name(PracticeEntry._meta.db_table)
        # The table's name comes from the model; the pairs go as parameters.
        query = (
            f"SELECT entry.id FROM {table} entry "  # noqa: S608
            "JOIN UNNEST(%s::bigint[], %s::text[]) AS pair(organisation_id, title) "
            "USING (organisation_id, title)"
        )
        return Q(
            pk__in=RawSQL(  # noqa: S611
                query, [[pair[0] for pair in pairs], [pair[1] for pair in pairs]]
            )
        )
    return reduce(
        operator.or_,
        (
            Q(organisation_id=organisation_id, title__in=sorted(names))
            for organisation_id, names in titles.items()
        ),
    )


class PracticeEntryResource(CountedRows, resources.ModelResource):
    reference = Field(column_name="reference")
    organisation = Field(attribute="organisation_id", column_name="organisation")
    title = Field(attribute="title", column_name="title", widget=TextWidget())
    summary = Field(attribute="summary", column_name="summary", widget=TextWidget())
    description = Field(
        attribute="description", column_name="description", widget=TextWidget()
    )
    # The classification's fields are made from the registry (__init__).
    start_year = Field(
        attribute="start_year", column_name="start_year", widget=YearWidget()
    )
    end_year = Field(attribute="end_year", column_name="end_year", widget=YearWidget())
    ongoing = Field(attribute="ongoing", column_name="ongoing", widget=YesNoWidget())
    language = Field(
        attribute="language",
        column_name="language",
        default=SubmissionLanguage.ENGLISH,
    )
    internal_contact = Field(
        attribute="internal_contact",
        column_name="internal_contact",
        widget=TextWidget(),
    )
    sources = Field(
        attribute="imported_sources", column_name="sources", widget=SourcesWidget()
    )

    class Meta:
        model = PracticeEntry
        fields = [column for column, *_rest in COLUMNS]
        import_id_fields = ["reference"]
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        clean_model_instances = False
        report_skipped = False

    def __init__(self, *, user=None, file_name="", submit=False, **kwargs):
        super().__init__(**kwargs)
        self.user_id = getattr(user, "pk", None)
        self.comment = _("Imported from %(file)s by %(user)s") % {
            "file": file_name,
            "user": (user.get_full_name() or user.email) if user else "import_entries",
        }
        self.submit = submit
        self.writer = EntryWriter(batch_size=self._meta.batch_size)
        self.organisations = organisation_lookup()
        self.fields["organisation"].widget = LookupWidget(
            self.organisations,
            _(
                "No organisation is called “%(value)s”. Write its name, short "
                "name or, for a State, its ISO3 code; an administrator can add "
                "a missing organisation first."
            ),
        )
        facets = classification.facets()
        self.classification = [facet.field for facet in facets]
        for facet in facets:
            self.fields[facet.field] = Field(
                attribute=f"imported_{facet.field}",
                column_name=facet.field,
                widget=ListWidget(
                    terms_lookup(facet.model, *facet.lookup, extra=facet.lookup_extra),
                    str(facet.unknown),
                ),
            )
        # Retired items stay on the entries that have them; no row gives one
        # to an entry that does not.
        self.retired = {
            facet.field: {
                item.pk: getattr(item, facet.name_field)
                for item in facet.model.objects.retired().order_by()
            }
            for facet in facets
        }
        languages = {}
        for code, label in SubmissionLanguage.choices:
            languages[key(code)] = code
            languages[key(label)] = code
        # Files written before Chinese took its settings code say "zh".
        languages[key("zh")] = SubmissionLanguage.CHINESE
        self.fields["language"].widget = LookupWidget(
            languages,
            _("Unknown language “%(value)s”. Write en, fr, es, ar, ru or zh-hans."),
        )
        self.cell_readers = [
            (
                field.attribute,
                field.column_name,
                field.widget,
                field.default if field.attribute == "language" else None,
            )
            for field in self.get_import_fields()
            if field.attribute
        ]
        # A new entry is made for every new row: from the fields' defaults given
        # in order, which Django sets without looking each field up by name.
        defaults = [
            field.get_default() for field in PracticeEntry._meta.concrete_fields
        ]
        self.new_entry = partial(PracticeEntry, *defaults)
        self.seen_references = {}
        self.seen_keys = {}
        self.existing_by_reference = {}
        self.existing_by_key = {}
        self.original = {}

    def get_import_order(self):
        return tuple(COLUMN_NAMES)

    # Matching rows to entries ---------------------------------------------------

    def before_import(self, dataset, **kwargs):
        """Loads, in one query per kind, the entries this chunk's rows may update."""
        # A cell with a NUL character matches nothing (the database cannot
        # even be asked about it); its row reports it.
        references = {
            reference.strip().upper()
            for reference in dataset["reference"]
            if reference and reference.strip() and "\x00" not in reference
        }
        titles = {}
        for organisation, title in zip(
            dataset["organisation"], dataset["title"], strict=True
        ):
            found = self.organisations.get(key(organisation or ""))
            if found and found > 0 and title and "\x00" not in title:
                titles.setdefault(found, set()).add(title.strip())
        entries = []
        if references:
            entries += PracticeEntry.objects.filter(reference__in=references)
        if titles:
            entries += PracticeEntry.objects.filter(
                named_by(titles, PracticeEntry.objects.db)
            ).exclude(reference__in=references)
        self.existing_by_reference = {entry.reference: entry for entry in entries}
        self.existing_by_key = {
            (entry.organisation_id, entry.title): entry for entry in entries
        }
        self.original = self._state_of(entries)

    def _state_of(self, entries):
        """What a row is compared with: each entry's fields, classification and
        sources, in a query per kind for the whole chunk."""
        if not entries:
            return {}
        ids = [entry.pk for entry in entries]
        state = {
            entry.pk: {
                **{name: getattr(entry, name) for name in SCALARS},
                **{name: [] for name in self.classification},
                "sources": [],
            }
            for entry in entries
        }
        for name, through, entry_column, other_column in self.writer.m2m:
            for entry_id, other in through.objects.filter(
                **{f"{entry_column}__in": ids}
            ).values_list(entry_column, other_column):
                state[entry_id][name].append(other)
        for entry_id, title, url in (
            Source.objects.filter(entry_id__in=ids)
            .order_by("entry_id", "sort_order", "pk")
            .values_list("entry_id", "title", "url")
        ):
            state[entry_id]["sources"].append((title, url))
        for item in state.values():
            for name in self.classification:
                item[name].sort()
        return state

    def get_or_init_instance(self, instance_loader, row):
        number = row.get("__row__")
        reference = (row.get("reference") or "").strip().upper()
        try:
            check_cell(reference)
        except ValueError as error:
            raise ValidationError({"reference": str(error)}) from None
        try:
            organisation_id = self.fields["organisation"].clean(row)
        except ValueError:
            organisation_id = None
        if not organisation_id or organisation_id < 0:
            # Nothing to match against; the row's errors are reported in full.
            return self.new_entry(), True
        title = (row.get("title") or "").strip()
        if reference:
            if reference in self.seen_references:
                raise ValidationError(
                    {
                        "reference": _(
                            "%(reference)s appears twice in the file (first in "
                            "row %(row)s)."
                        )
                        % {
                            "reference": reference,
                            "row": self.seen_references[reference],
                        }
                    }
                )
            self.seen_references[reference] = number
        if title:
            match_key = (organisation_id, title)
            if match_key in self.seen_keys:
                raise ValidationError(
                    {
                        "title": _(
                            "Row %(row)s has the same organisation and title; "
                            "each entry may appear once."
                        )
                        % {"row": self.seen_keys[match_key]}
                    }
                )
            self.seen_keys[match_key] = number
        if reference:
            entry = self.existing_by_reference.get(reference)
            if entry is None:
                raise ValidationError(
                    {
                        "reference": _(
                            "There is no entry %(reference)s. Leave the reference "
                            "empty for a new entry."
                        )
                        % {"reference": reference}
                    }
                )
            if entry.organisation_id != organisation_id:
                raise ValidationError(
                    {
                        "organisation": _(
                            "%(reference)s belongs to another organisation; an "
                            "import cannot move it."
                        )
                        % {"reference": reference}
                    }
                )
            return entry, False
        entry = self.existing_by_key.get((organisation_id, title))
        if entry is not None:
            return entry, False
        return self.new_entry(), True

    # Checking a row -------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        """What import-export's Field.save does for each field, without its layers
        of calls: measured at a third of the time of checking a row."""
        errors = {}
        for attribute, column, widget, default in self.cell_readers:
            try:
                value = widget.clean(row[column], row=row)
            except ValueError as error:
                errors[attribute] = ValidationError(str(error), code="invalid")
                continue
            setattr(instance, attribute, default if value is None else value)
        if errors:
            raise ValidationError(errors)
        instance.description = sanitise(instance.description)

    def _state_of_row(self, instance):
        return {
            **{name: getattr(instance, name) for name in SCALARS},
            **{
                name: getattr(instance, f"imported_{name}", None) or []
                for name in self.classification
            },
            "sources": getattr(instance, "imported_sources", None) or [],
        }

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        return self._state_of_row(instance) == self.original.get(instance.pk)

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        errors = dict(import_validation_errors or {})
        if "organisation_id" not in errors:
            if not instance.organisation_id:
                errors["organisation_id"] = [
                    _("Name the organisation that contributed this entry.")
                ]
            elif instance.organisation_id < 0:
                errors["organisation_id"] = [
                    _(
                        "This organisation is inactive; an administrator can "
                        "reactivate it first."
                    )
                ]
        for name, message in REQUIRED_VALUES:
            if name not in errors and getattr(instance, name) in (None, ""):
                errors[name] = [message]
        try:
            instance.clean_fields(exclude=[*NOT_FROM_FILE, *errors])
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors:
            try:
                instance.clean()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        for name, message in REQUIRED_TERMS:
            attribute = f"imported_{name}"
            if attribute not in errors and not getattr(instance, attribute, None):
                errors[attribute] = [message]
        for name in self.classification:
            attribute = f"imported_{name}"
            if attribute in errors or not self.retired[name]:
                continue
            has = set(self.original.get(instance.pk, {}).get(name, ()))
            retired = [
                self.retired[name][pk]
                for pk in getattr(instance, attribute, None) or []
                if pk in self.retired[name] and pk not in has
            ]
            if retired:
                errors[attribute] = [
                    ngettext(
                        "“%(items)s” is retired: an entry that has it keeps it, "
                        "but no other entry may be given it.",
                        "“%(items)s” are retired: an entry that has them keeps "
                        "them, but no other entry may be given them.",
                        len(retired),
                    )
                    % {"items": "”, “".join(retired)}
                ]
        if instance.pk and not errors and not instance.is_editable:
            errors["reference"] = [
                _(
                    "%(reference)s is %(status)s; an import may change an entry "
                    "only while its organisation may (draft or changes requested)."
                )
                % {
                    "reference": instance.reference,
                    "status": instance.get_status_display(),
                }
            ]
        if errors:
            raise ValidationError(errors)

    # Writing --------------------------------------------------------------------

    def bulk_create(
        self, using_transactions, dry_run, raise_errors, batch_size=None, result=None
    ):
        entries = self.create_instances
        if dry_run or not entries:
            entries.clear()
            return
        first = reserve_references(len(entries))
        now = timezone.now()
        status = EntryStatus.SUBMITTED if self.submit else lifecycle.INITIAL
        for offset, entry in enumerate(entries):
            entry.reference = REFERENCE_FORMAT.format(first + offset)
            steps = lifecycle.start_at(entry, status)
            entry.version_number = 1
            entry.created_by_id = entry.updated_by_id = self.user_id
            entry.created_at = entry.updated_at = now
        insert_objects(entries)
        self._write_dependents(entries, replace=False, action=EntryAction.CREATE)
        if steps:
            EntryTransition.objects.bulk_create(
                [
                    EntryTransition(
                        entry_id=entry.pk,
                        actor_id=self.user_id,
                        action=step.action,
                        from_status=step.from_status,
                        to_status=step.to_status,
                        message=self.comment,
                    )
                    for entry in entries
                    for step in steps
                ],
                batch_size=self._meta.batch_size,
            )
        entries.clear()

    def bulk_update(
        self, using_transactions, dry_run, raise_errors, batch_size=None, result=None
    ):
        entries = self.update_instances
        if dry_run or not entries:
            entries.clear()
            return
        now = timezone.now()
        for entry in entries:
            entry.version_number += 1
            entry.updated_by_id = self.user_id
            entry.updated_at = now
        PracticeEntry.objects.bulk_update(
            entries,
            [*SCALARS, "version_number", "updated_by_id", "updated_at"],
            batch_size=self._meta.batch_size,
        )
        self._write_dependents(entries, replace=True, action=EntryAction.EDIT)
        entries.clear()

    def _write_dependents(self, entries, *, replace, action):
        # Read once, for the links and again for the versions.
        classifications = {
            entry.pk: {
                name: getattr(entry, f"imported_{name}") for name in self.classification
            }
            for entry in entries
        }

        def classification_of(entry):
            return classifications[entry.pk]

        self.writer.classify(entries, classification_of, replace=replace)
        sources = self.writer.add_sources(
            entries, lambda entry: entry.imported_sources, replace=replace
        )
        self.writer.add_versions(
            entries,
            classification_of=classification_of,
            sources=sources,
            user_of=lambda entry: self.user_id,
            comment=self.comment,
            action=action,
        )


def column_of(attribute):
    """The file's column for an attribute an error names."""
    if attribute.startswith("imported_"):
        return attribute.removeprefix("imported_")
    return {"organisation_id": "organisation"}.get(attribute, attribute)


Resource = PracticeEntryResource
