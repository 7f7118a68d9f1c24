"""Importing practice entries from files: what is read, what is refused, and
that a refusal writes nothing."""

import csv
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Revision

from compendium.models import Country, Pillar, Priority
from contributions import versions
from contributions.choices import EntryAction, EntryStatus
from contributions.imports import runner
from contributions.imports.entries import PracticeEntryResource
from contributions.models import EntryTransition, PracticeEntry, RevisionInfo
from tests.contributions.factories import OrganisationFactory, UserFactory
from tests.contributions.recorded_versions import assert_recorded_as_reversion_would

FILES = Path(__file__).resolve().parent.parent / "files" / "imports"

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer():
    return UserFactory(first_name="Amina", last_name="Diallo")


def check(name, **kwargs):
    return runner.run(FILES / name, name, dry_run=True, **kwargs)


def import_file(name, user, **kwargs):
    return runner.run(FILES / name, name, user=user, dry_run=False, **kwargs)


def errors_of(outcome):
    return [
        (error["row"], error["column"], error["message"]) for error in outcome.errors
    ]


def test_check_reports_what_would_happen_and_writes_nothing(importer):
    with CaptureQueriesContext(connection) as queries:
        outcome = check("entries.csv", user=importer)

    assert outcome.ok, outcome.errors
    assert (outcome.total, outcome.new, outcome.updated, outcome.unchanged) == (
        3,
        3,
        0,
        0,
    )
    assert PracticeEntry.objects.count() == 0
    assert not any(
        query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COPY"))
        for query in queries.captured_queries
    )


def test_import_writes_entries_with_classification_sources_and_a_version(importer):
    outcome = import_file("entries.csv", importer)

    assert outcome.ok and outcome.new == 3
    entry = PracticeEntry.objects.get(title__startswith="Réseau")
    assert entry.reference.startswith("CP-")
    assert entry.organisation.name == "Ghana"
    assert entry.status == EntryStatus.DRAFT
    assert entry.version_number == 1
    assert entry.created_by == importer
    assert entry.description == "<p>First paragraph.</p><p>Second one.</p>"
    assert sorted(entry.pillars.values_list("code", flat=True)) == ["I", "II"]
    assert list(entry.priorities.values_list("code", flat=True)) == ["2"]
    assert sorted(entry.crimes.values_list("code", flat=True)) == [
        "genocide",
        "war-crimes",
    ]
    assert sorted(entry.countries.values_list("iso3", flat=True)) == ["CIV", "GHA"]
    assert entry.ongoing is True
    assert [(s.title, s.url) for s in entry.sources.all()] == [
        ("Peace Council Act", "https://www.example.org/act")
    ]

    info = RevisionInfo.objects.get(entry=entry)
    assert (info.number, info.action) == (1, EntryAction.CREATE)
    assert info.revision.comment == "Imported from entries.csv by Amina Diallo"
    assert info.revision.user == importer
    snapshot = versions.snapshots(entry, [1])[1]
    assert snapshot["title"] == entry.title
    assert snapshot["countries"] == ["Côte d'Ivoire", "Ghana"]
    assert snapshot["sources"] == ["Peace Council Act — https://www.example.org/act"]

    denmark = PracticeEntry.objects.get(title="Atrocity prevention focal point")
    assert denmark.organisation.country.iso3 == "DNK"
    assert (denmark.start_year, denmark.end_year, denmark.ongoing) == (
        2015,
        2019,
        False,
    )


def test_imported_versions_are_what_reversion_records(importer):
    """Version 1 of each imported entry holds Django's JSON of the entry, its
    many-to-many ids included, and of each source, as django-reversion writes
    when an entry is saved through the portal."""
    import_file("entries.csv", importer)

    entries = PracticeEntry.objects.prefetch_related("sources")
    assert len(entries) == 3
    assert any(entry.sources.all() for entry in entries)
    for entry in entries:
        assert_recorded_as_reversion_would(entry)


def test_importing_the_same_file_twice_changes_nothing(importer):
    import_file("entries.csv", importer)
    before = (
        PracticeEntry.objects.count(),
        Revision.objects.count(),
        list(PracticeEntry.objects.values_list("reference", "version_number")),
    )

    outcome = import_file("entries.csv", importer)

    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 0, 3)
    assert (
        PracticeEntry.objects.count(),
        Revision.objects.count(),
        list(PracticeEntry.objects.values_list("reference", "version_number")),
    ) == before


def test_a_changed_row_makes_the_next_version_of_a_draft(importer, tmp_path):
    import_file("entries.csv", importer)
    entry = PracticeEntry.objects.get(title="Community mediation handbook")
    changed = tmp_path / "entries-v2.csv"
    changed.write_text(
        (FILES / "entries.csv")
        .read_text(encoding="utf-8")
        .replace('"What Community mediation', '"Now Community mediation'),
        encoding="utf-8",
    )

    outcome = runner.run(changed, "entries-v2.csv", user=importer, dry_run=False)

    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 2)
    entry.refresh_from_db()
    assert entry.version_number == 2
    assert entry.summary.startswith("Now ")
    info = RevisionInfo.objects.get(entry=entry, number=2)
    assert info.action == EntryAction.EDIT
    changes = {
        change.name: change
        for change in versions.compare(*versions.snapshots(entry, [1, 2]).values())
    }
    assert changes["summary"].changed and not changes["title"].changed


def test_an_entry_under_review_is_not_changed_by_import(importer, tmp_path):
    import_file("entries.csv", importer)
    entry = PracticeEntry.objects.get(title="Community mediation handbook")
    PracticeEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.UNDER_REVIEW)
    changed = tmp_path / "changed.csv"
    changed.write_text(
        (FILES / "entries.csv")
        .read_text(encoding="utf-8")
        .replace('"What Community mediation', '"Now Community mediation'),
        encoding="utf-8",
    )

    outcome = runner.run(changed, "changed.csv", user=importer, dry_run=False)

    assert not outcome.ok
    assert errors_of(outcome) == [
        (
            4,
            "reference",
            f"{entry.reference} is under review; an import may change an entry "
            "only while its organisation may (draft or changes requested).",
        )
    ]
    entry.refresh_from_db()
    assert entry.version_number == 1


def test_submitting_imported_entries_puts_them_in_the_review_queue(importer):
    import_file("entries.csv", importer, submit=True)

    assert set(PracticeEntry.objects.values_list("status", flat=True)) == {
        EntryStatus.SUBMITTED
    }
    transition = EntryTransition.objects.first()
    assert (transition.from_status, transition.to_status, transition.actor) == (
        EntryStatus.DRAFT,
        EntryStatus.SUBMITTED,
        importer,
    )


def test_xlsx_is_read_like_csv(importer):
    outcome = import_file("entries.xlsx", importer)

    assert outcome.ok and outcome.new == 3
    assert PracticeEntry.objects.filter(title__startswith="Réseau d'alerte").exists()


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("entries_bom.csv", "UTF-8"),
        ("entries_utf16.csv", "UTF-16"),
        ("entries_latin1.csv", "Windows-1252 (Latin-1)"),
    ],
)
def test_other_encodings_are_read_with_their_accents(importer, name, encoding):
    outcome = import_file(name, importer)

    assert outcome.ok, outcome.errors or outcome.problem
    assert outcome.encoding == encoding
    assert PracticeEntry.objects.filter(
        title="Réseau d'alerte précoce des conseils de paix"
    ).exists()
    assert (
        PracticeEntry.objects.get(title__startswith="Réseau")
        .countries.filter(iso3="CIV")
        .exists()
    )
    if encoding.startswith("Windows"):
        assert "Check accented letters" in outcome.notes[0]


def test_missing_columns_are_named_and_nothing_is_read(importer):
    outcome = check("entries_missing_columns.csv", user=importer)

    assert outcome.problem == (
        "The file has no column “Summary”, “Pillars”, “Priorities”, “Start year”. "
        "Download the template to see the expected columns; headings may be in "
        "any order."
    )
    assert outcome.total == 0


def test_unknown_pillar_is_reported_by_row_and_column_and_nothing_is_written(
    importer,
):
    outcome = import_file("entries_unknown_pillar.csv", importer)

    assert errors_of(outcome) == [
        (3, "pillars", "Unknown pillar “IV”. Write I, II or III.")
    ]
    assert outcome.problem == "Nothing was imported: some rows have problems."
    assert PracticeEntry.objects.count() == 0
    assert Revision.objects.count() == 0


def test_a_cell_repeated_on_many_rows_is_read_alike_on_each(importer, tmp_path):
    """Cells such as "I; II" are read once per import and remembered; a cell
    naming something unknown is reported on every row that has it."""
    path = tmp_path / "repeated.csv"
    path.write_text(
        "Organisation,Title,Summary,Pillars,Priorities,Start year,Countries\n"
        + "".join(
            f"Ghana,Entry {number},Text,I; II,1,2010,GHA; CIV\n" for number in range(3)
        )
        + "Ghana,Entry 3,Text,I,1,2010,Atlantis\n"
        + "Ghana,Entry 4,Text,I,1,2010,Atlantis\n",
        encoding="utf-8",
    )

    outcome = runner.run(path, "repeated.csv", user=importer, dry_run=True)
    unknown = (
        "Unknown country “Atlantis”. Write its ISO3 code (such as GHA) or its "
        "name as the UN writes it."
    )
    assert errors_of(outcome) == [(5, "countries", unknown), (6, "countries", unknown)]

    path.write_text("\n".join(path.read_text().splitlines()[:4]), encoding="utf-8")
    assert runner.run(path, "repeated.csv", user=importer, dry_run=False).new == 3
    for entry in PracticeEntry.objects.all():
        assert sorted(entry.pillars.values_list("code", flat=True)) == ["I", "II"]
        assert sorted(entry.countries.values_list("iso3", flat=True)) == [
            "CIV",
            "GHA",
        ]


def test_text_is_stored_exactly_as_written(importer, tmp_path):
    """Backslashes, tabs, line breaks and text that looks like a database's
    own markers ("\\N" is NULL in PostgreSQL's COPY) are kept as typed, in
    the entry, its sources and its version."""
    title = "Back\\slash\tand \\N, “quoted” and 𝔘nicode"
    summary = "First line\nsecond \\. line \\\\ end"
    source = "Loi n° 2011\\04"
    path = tmp_path / "escapes.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["Organisation", "Title", "Summary", "Pillars", "Priorities"]
                + ["Start year", "Sources", "Internal contact"],
                ["Ghana", title, summary, "I", "1", "2010"]
                + [f"{source} <https://www.example.org/a%5Cb>", "\\N"],
            ]
        )

    outcome = runner.run(path, "escapes.csv", user=importer, dry_run=False)

    assert outcome.new == 1, outcome.errors or outcome.problem
    entry = PracticeEntry.objects.get()
    assert (entry.title, entry.summary, entry.internal_contact) == (
        title,
        summary,
        "\\N",
    )
    assert list(entry.sources.values_list("title", "url")) == [
        (source, "https://www.example.org/a%5Cb")
    ]
    version = versions.snapshots(entry, [1])[1]
    assert (version["title"], version["summary"]) == (title, summary)


def test_duplicated_reference_is_refused(importer):
    import_file("entries.csv", importer)
    assert PracticeEntry.objects.filter(reference="CP-0001").exists()

    outcome = check("entries_duplicated_reference.csv", user=importer)

    assert (3, "reference", "CP-0001 appears twice in the file (first in row 2).") in (
        errors_of(outcome)
    )


def test_unknown_reference_organisation_and_bad_cells_are_each_explained(
    importer, tmp_path
):
    path = tmp_path / "bad.csv"
    path.write_text(
        "Reference,Organisation,Title,Summary,Pillars,Priorities,Start year,"
        "End year,Ongoing,Sources,Countries concerned\n"
        "CP-9999,Ghana,Known,Text,I,1,2010,,,,\n"
        ",Atlantis,Unknown org,Text,I,1,2010,,,,\n"
        ",Ghana,Bad cells,Text,I,1,20x,2001,maybe,not a source,Atlantis\n"
        ",Ghana,Backwards,Text,I,1,2010,2001,,,\n",
        encoding="utf-8",
    )

    outcome = runner.run(path, "bad.csv", dry_run=True)

    errors = errors_of(outcome)
    assert (
        2,
        "reference",
        "There is no entry CP-9999. Leave the reference empty for a new entry.",
    ) in errors
    assert (3, "organisation") in {(row, column) for row, column, _m in errors}
    assert (
        4,
        "start_year",
        "“20x” is not a year. Write it as four digits, such as 2015.",
    ) in errors
    assert (
        4,
        "ongoing",
        "Write yes or no (or leave the cell empty for no), not “maybe”.",
    ) in errors
    assert (
        4,
        "countries",
        "Unknown country “Atlantis”. Write its ISO3 code (such as GHA) or its "
        "name as the UN writes it.",
    ) in errors
    assert any(row == 4 and column == "sources" for row, column, _m in errors)
    assert (5, "end_year", "The end year cannot be before the start year.") in errors
    assert outcome.error_rows == 4


@pytest.mark.parametrize("name", ["entries_formulas.csv", "entries_formulas.xlsx"])
def test_formulas_in_cells_are_refused(importer, name):
    outcome = import_file(name, importer)

    columns = {(row, column) for row, column, _message in errors_of(outcome)}
    assert columns == {(2, "title"), (3, "summary")}
    assert "spreadsheet formula" in outcome.errors[0]["message"]
    assert PracticeEntry.objects.count() == 0


def test_nul_characters_past_the_start_of_a_file_are_refused_by_cell(importer):
    """A NUL character, which no database text can hold, is reported in its
    cell, whether a text, a reference or a source's address, like any other
    bad cell; the file's start, where a whole binary file is caught, is clean."""
    for dry_run in (True, False):
        outcome = runner.run(
            FILES / "entries_nul.csv", "entries_nul.csv", user=importer, dry_run=dry_run
        )

        assert {(row, column) for row, column, _message in errors_of(outcome)} == {
            (302, "title"),
            (303, "reference"),
            (304, "sources"),
            (305, "summary"),
        }
        assert "invisible NUL character" in outcome.errors[0]["message"]
        assert PracticeEntry.objects.count() == 0


def test_xlsx_zip_bomb_is_refused_before_it_is_opened(importer):
    started = time.perf_counter()
    outcome = import_file("zip_bomb.xlsx", importer)

    assert time.perf_counter() - started < 5
    assert outcome.problem.startswith("The workbook would expand to 300 MB")
    assert PracticeEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("million_blank_rows.xlsx", "The sheet declares 1,000,002 rows"),
        ("million_blank_rows.csv", "More than 1,000 empty rows follow one another"),
    ],
)
def test_a_million_blank_rows_are_refused_quickly(importer, name, start):
    started = time.perf_counter()
    outcome = import_file(name, importer)

    assert time.perf_counter() - started < 5
    assert outcome.problem.startswith(start)
    assert PracticeEntry.objects.count() == 0


def test_not_a_spreadsheet_is_refused_in_plain_words(importer, tmp_path):
    fake = tmp_path / "entries.xlsx"
    fake.write_bytes(b"%PDF-1.4 not a workbook")
    binary = tmp_path / "entries.csv"
    binary.write_bytes(b"Title,Summary\n\x00\x01\x02\x03" * 10)

    assert runner.run(fake, "entries.xlsx").problem.startswith(
        "The file is not a valid XLSX workbook."
    )
    assert runner.run(binary, "entries.csv").problem.startswith(
        "The file holds binary data"
    )
    assert runner.run(fake, "entries.pdf").problem.startswith(
        "entries.pdf is neither a CSV nor an XLSX file."
    )


def test_a_database_failure_at_row_500_of_1000_writes_nothing(
    importer, database_fails_at_row_500, monkeypatch
):
    """A real failure of the database, raised by a trigger on the 500th entry."""
    database_fails_at_row_500()
    # Batches of 100, so rows 1 to 400 are already written when row 500 fails.
    monkeypatch.setattr(PracticeEntryResource._meta, "batch_size", 100)
    with pytest.raises(Exception, match="disk full"):
        import_file("entries_1000.csv", importer)

    assert PracticeEntry.objects.count() == 0
    assert Revision.objects.count() == 0
    assert RevisionInfo.objects.count() == 0


def test_import_of_1000_rows_costs_a_handful_of_queries(importer):
    with CaptureQueriesContext(connection) as queries:
        outcome = import_file("entries_1000.csv", importer)

    assert outcome.new == 1000
    assert len(queries) <= 50, len(queries)
    assert RevisionInfo.objects.count() == 1000


def test_organisations_and_taxonomy_are_matched_by_code_or_name(importer, tmp_path):
    OrganisationFactory(name="Global Centre for R2P", short_name="GCR2P")
    path = tmp_path / "names.csv"
    path.write_text(
        "organisation,title,summary,pillars,priorities,start year,countries,language\n"
        "gcr2p,By short name,Text,pillar ii,elevating prevention,2010,"
        "ghana;  CIV ,French\n"
        "Global Centre for R2P,By name,Text,"
        f"{Pillar.objects.get(code='III').name},{Priority.objects.get(code='6')},"
        "2010,,\n",
        encoding="utf-8",
    )

    outcome = runner.run(path, "names.csv", user=importer, dry_run=False)

    assert outcome.ok, outcome.errors
    first = PracticeEntry.objects.get(title="By short name")
    assert list(first.pillars.values_list("code", flat=True)) == ["II"]
    assert list(first.priorities.values_list("code", flat=True)) == ["2"]
    assert set(first.countries.all()) == set(
        Country.objects.filter(iso3__in=["GHA", "CIV"])
    )
    assert first.language == "fr"
    second = PracticeEntry.objects.get(title="By name")
    assert list(second.priorities.values_list("code", flat=True)) == ["6"]
