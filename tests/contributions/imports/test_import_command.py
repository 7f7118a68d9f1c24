"""`manage.py import_entries FILE [--dry-run]`: the admin's import from the shell."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from reversion.models import Revision

from contributions.models import PracticeEntry

FILES = Path(__file__).resolve().parent.parent / "files" / "imports"

pytestmark = pytest.mark.django_db


def test_dry_run_reports_and_writes_nothing(capsys):
    call_command("import_entries", str(FILES / "entries.csv"), "--dry-run")

    assert "Would import 3 rows: 3 new, 0 changed, 0 unchanged." in (
        capsys.readouterr().out
    )
    assert PracticeEntry.objects.count() == 0


def test_import_records_the_person_named(capsys, reviewer):
    call_command(
        "import_entries", str(FILES / "entries.xlsx"), "--user", reviewer.email.upper()
    )

    assert "Imported 3 rows: 3 new" in capsys.readouterr().out
    assert set(Revision.objects.values_list("user", flat=True)) == {reviewer.pk}

    call_command("import_entries", str(FILES / "entries.xlsx"))
    assert "Imported 3 rows: 0 new, 0 changed, 3 unchanged." in (
        capsys.readouterr().out
    )


def test_rows_with_problems_are_printed_and_the_command_fails(capsys):
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_entries", str(FILES / "entries_unknown_pillar.csv"))

    assert "Row 3 [pillars]: Unknown pillar “IV”. Write I, II or III." in (
        capsys.readouterr().err
    )
    assert PracticeEntry.objects.count() == 0


def test_bad_arguments_are_explained():
    with pytest.raises(CommandError, match="There is no file"):
        call_command("import_entries", "/nonexistent/entries.csv")
    with pytest.raises(CommandError, match="No account has the e-mail"):
        call_command(
            "import_entries", str(FILES / "entries.csv"), "--user", "nobody@example.org"
        )
    with pytest.raises(CommandError, match="more than 1,000 empty rows|More than"):
        call_command("import_entries", str(FILES / "million_blank_rows.csv"))
