"""Running an import: the file is read in chunks, each chunk goes through the
resource, and the whole file is one transaction, so either every row is
imported or none is.

A check (dry run) reads every row and writes nothing; it reports each problem
by row and column, and how many rows are new, change an entry or change
nothing. The import itself checks every row again as it writes, and a single
problem, or a database failure, rolls back everything.
"""

import gc
import re
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from contributions.choices import ImportKind

from . import entries, organisations
from .reading import FileProblem, open_sheet

CHUNK_ROWS = 2000
MAX_REPORTED_ERRORS = 500


def resource_module(kind):
    return {ImportKind.ENTRIES: entries, ImportKind.ORGANISATIONS: organisations}[kind]


def normalise_heading(heading):
    """A heading as written ("Practice areas *", "Countries concerned (ISO3)",
    "Année de début") to the form headings are compared in ("practice_areas",
    "countries_concerned", "année_de_début")."""
    text = re.sub(r"\(.*?\)|\*", "", str(heading)).casefold()
    return re.sub(r"[\W_]+", "_", text).strip("_")


def known_headings(module):
    """{normalised heading: column name} of every heading that names a column.

    A column is named by its name ("start_year"), its heading in the import
    template or in the file a staff export wrote ("Start year", "Countries
    concerned (ISO3)") in each of the site's languages, so a file exported by
    the Office in French imports as one exported in English, and by the
    module's aliases."""
    labelled = [(name, heading) for name, heading, *_rest in module.COLUMNS]
    labelled += module.exported_headings()
    known = {name: name for name in module.COLUMN_NAMES}
    for alias, name in module.ALIASES.items():
        known.setdefault(alias, name)
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            for name, heading in labelled:
                normalised = normalise_heading(heading)
                if normalised:
                    known.setdefault(normalised, name)
    return known


@dataclass
class Outcome:
    """What a check or an import found and did."""

    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    error_rows: int = 0
    errors: list = field(default_factory=list)  # {"row", "column", "message"}
    problem: str = ""
    encoding: str = ""
    notes: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problem and not self.error_rows


class RowsRefused(Exception):
    """Raised inside the import's transaction to roll it back."""


def run(
    path,
    file_name,
    *,
    kind=ImportKind.ENTRIES,
    user=None,
    dry_run=True,
    submit=False,
    progress=None,
):
    """Checks (dry_run) or imports the file at `path`; never raises for bad input.

    progress(rows read) is called after each chunk.
    """
    module = resource_module(kind)
    outcome = Outcome()
    try:
        sheet = open_sheet(path, file_name)
    except FileProblem as problem:
        outcome.problem = problem.message
        return outcome
    outcome.encoding = sheet.encoding
    outcome.notes = list(sheet.notes)

    columns = {}
    known = known_headings(module)
    for index, heading in enumerate(sheet.headers):
        name = known.get(normalise_heading(heading))
        if name is not None and name not in columns:
            columns[name] = index
        elif heading:
            outcome.ignored_columns.append(heading)
    missing = [
        str(heading)
        for name, heading, required, _example in module.COLUMNS
        if required and name not in columns
    ]
    if missing:
        outcome.problem = _(
            "The file has no column %(columns)s. Download the template to see "
            "the expected columns; headings may be in any order."
        ) % {"columns": ", ".join(f"“{name}”" for name in missing)}
        sheet.rows.close()
        return outcome

    headers = ["__row__", *module.COLUMN_NAMES]
    positions = [columns.get(name) for name in module.COLUMN_NAMES]
    resource = module.Resource(user=user, file_name=file_name, submit=submit)
    collecting = gc.isenabled()
    try:
        with transaction.atomic():
            # Row objects by the thousand: collect garbage once per chunk rather
            # than over and over while a chunk is built, and only among the
            # import's own objects, not the whole application's.
            gc.disable()
            gc.freeze()
            for rows in _chunks(sheet.rows, CHUNK_ROWS):
                dataset = tablib.Dataset(headers=headers)
                for number, cells in rows:
                    dataset.append(
                        [
                            number,
                            *(
                                cells[position].strip()
                                if position is not None and position < len(cells)
                                else ""
                                for position in positions
                            ),
                        ]
                    )
                result = resource.import_data(
                    dataset, dry_run=dry_run, use_transactions=False
                )
                _collect(outcome, result, [number for number, _cells in rows], module)
                outcome.total += len(rows)
                gc.collect()
                # What survives (rows seen, for duplicates) is not scanned again.
                gc.freeze()
                if progress:
                    progress(outcome.total)
                if outcome.error_rows and not dry_run:
                    raise RowsRefused
            if dry_run:
                transaction.set_rollback(True)
    except FileProblem as problem:
        outcome.problem = problem.message
    except RowsRefused:
        outcome.problem = _("Nothing was imported: some rows have problems.")
    finally:
        sheet.rows.close()
        gc.unfreeze()
        if collecting:
            gc.enable()
    outcome.new = resource.counts["new"]
    outcome.updated = resource.counts["updated"]
    outcome.unchanged = outcome.total - outcome.new - outcome.updated
    outcome.unchanged -= outcome.error_rows
    if outcome.problem:
        outcome.new = outcome.updated = outcome.unchanged = 0
    return outcome


def _chunks(rows, size):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _collect(outcome, result, numbers, module):
    """Adds a chunk's refused rows to the outcome, by the file's row numbers."""
    for invalid in result.invalid_rows:
        outcome.error_rows += 1
        number = numbers[invalid.number - 1]
        for attribute, messages in invalid.error_dict.items():
            for message in messages:
                _add_error(outcome, number, module.column_of(attribute), message)
    for error_row in result.error_rows:
        outcome.error_rows += 1
        for error in error_row.errors:
            _add_error(
                outcome,
                numbers[error_row.number - 1],
                "",
                _("This row could not be read (%(reason)s).")
                % {"reason": type(error.error).__name__},
            )


def _add_error(outcome, row, column, message):
    if len(outcome.errors) < MAX_REPORTED_ERRORS:
        outcome.errors.append(
            {
                "row": row,
                "column": "" if column == "__all__" else column,
                "message": str(message),
            }
        )
