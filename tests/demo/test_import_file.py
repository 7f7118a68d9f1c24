"""The import benchmark's spreadsheet: rows the import accepts as they are, the
same for the same seed."""

import pytest

from contributions.imports import runner
from demo.import_file import write_import_file

pytestmark = pytest.mark.django_db


def test_the_benchmark_spreadsheet_imports_cleanly_and_repeats(
    tmp_path, django_user_model
):
    user = django_user_model.objects.create_user(
        email="importer@example.org", password="x", first_name="Bench"
    )
    path, again = tmp_path / "entries.csv", tmp_path / "again.csv"
    write_import_file(path, 25)
    write_import_file(again, 25)
    assert path.read_bytes() == again.read_bytes()

    outcome = runner.run(path, path.name, user=user, dry_run=True)
    assert outcome.ok, outcome.errors or outcome.problem
    assert outcome.new == 25
