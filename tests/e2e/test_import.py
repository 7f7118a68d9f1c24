"""The Office imports a spreadsheet of entries in a real browser."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from contributions.models import PracticeEntry
from tests.contributions.factories import PASSWORD
from tests.e2e.conftest import check_page, sign_in

FILES = Path(__file__).resolve().parents[1] / "contributions" / "files" / "imports"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_upload_see_problems_correct_confirm_and_find_the_entries(page, reviewer):
    sign_in(page, reviewer.email, PASSWORD)
    page.wait_for_url("**/admin/")
    page.goto("/admin/imports/")
    expect(page.get_by_role("heading", name="Import", exact=True)).to_be_visible()
    check_page(page, "import-upload")

    # A file with an unknown pillar: the problem is shown by row and column.
    page.locator("#id_file").set_input_files(FILES / "entries_unknown_pillar.csv")
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_text("1 row has problems")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Unknown pillar “IV”. Write I, II or III.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Import 2 rows")).to_have_count(0)
    check_page(page, "import-problems")

    # The corrected workbook: a preview, then one confirmation.
    page.get_by_role("link", name="Upload another file").click()
    page.locator("#id_file").set_input_files(FILES / "entries.xlsx")
    page.get_by_label("Submit new entries for review").check()
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("row", name="New, to be added 3")).to_be_visible()
    check_page(page, "import-preview")
    assert PracticeEntry.objects.count() == 0
    page.get_by_role("button", name="Import 3 rows").click()
    expect(page.get_by_text("Imported on")).to_be_visible()
    check_page(page, "import-result")
    assert PracticeEntry.objects.filter(status="submitted").count() == 3

    page.get_by_role("link", name="See the practice entries").click()
    expect(
        page.get_by_role("cell", name="Community mediation handbook", exact=True)
    ).to_be_visible()
    page.goto("/admin/imports/")
    expect(page.get_by_role("link", name="entries.xlsx")).to_be_visible()
    check_page(page, "import-history")
