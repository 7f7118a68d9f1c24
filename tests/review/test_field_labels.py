"""People read fields by their labels ("Description"), never by the names the
code stores ("description_text", "start_year", "practice_areas"): in the
portal's diff, the admin's inspect page, the staff export's spreadsheets, the
feedback round's triage, page and export, and e-mails. JSON keeps the names,
which programs rely on; the importer reads a file the staff export wrote."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.core import mail
from django.utils.translation import override

from compendium.choices import EditionKind
from compendium.models import Edition
from contributions import exports, services
from contributions.imports import runner
from review import rounds
from review import services as review_services
from tests.compendium.factories import publish_entry
from tests.contributions.factories import CHANGES_REQUESTED, advance, edit_entry
from tests.review.factories import feedback_round

pytestmark = pytest.mark.django_db

RAW_NAMES = [
    "description_text",
    "start_year",
    "end_year",
    "practice_areas",
    "sg_reports",
    "internal_contact",
    "version_number",
]


def assert_no_raw_name(text):
    found = [name for name in RAW_NAMES if re.search(rf"(?<![\w-]){name}\b", text)]
    assert not found, found


@pytest.fixture
def submitted(draft, focal_point):
    edit_entry(
        focal_point,
        draft,
        description="<p>The committee meets every week.</p>",
        start_year="2013",
        message="Weekly",
    )
    return services.submit(actor=focal_point, entry=draft)


def visible_text(html):
    """The page without its tags, attributes, scripts and styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]*>", " ", html)


def test_the_portal_diff_names_fields_by_label(client, contributor, submitted):
    client.force_login(contributor)
    response = client.get(
        f"/contribute/entries/{submitted.reference}/diff/?from=1&to=2"
    )
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Description" in text and "Period" in text
    assert_no_raw_name(text)


def test_the_admin_inspect_page_names_fields_by_label(client, reviewer, submitted):
    client.force_login(reviewer)
    response = client.get(
        f"/admin/practice_entries/inspect/{submitted.pk}/?from=1&to=2"
    )
    text = visible_text(response.content.decode())
    assert "Start year" in text and "Internal contact" in text
    assert "Description" in text
    assert_no_raw_name(text)


def test_spreadsheet_headings_are_labels_and_json_keys_are_names(
    client, reviewer, submitted
):
    client.force_login(reviewer)
    response = client.get("/admin/practice_entries/?export=csv&fields=internal")
    text = b"".join(response.streaming_content).decode("utf-8")
    headings = next(csv.reader(io.StringIO(text[1:])))
    assert "Start year" in headings and "Practice areas" in headings
    assert_no_raw_name(",".join(headings))

    response = client.get("/admin/practice_entries/?export=xlsx&fields=internal")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell.value for cell in book.active[1]]
    assert cells == headings

    response = client.get("/admin/practice_entries/?export=json")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert '"start_year":2013' in text and '"practice_areas":' in text


def test_a_staff_export_imports_again(client, reviewer, submitted, tmp_path):
    client.force_login(reviewer)
    response = client.get("/admin/practice_entries/?export=csv&fields=internal")
    exported = tmp_path / "entries.csv"
    exported.write_bytes(b"".join(response.streaming_content))
    advance(submitted, CHANGES_REQUESTED, reviewer=reviewer)

    outcome = runner.run(exported, exported.name, dry_run=True)

    assert outcome.ok, outcome.errors or outcome.problem
    assert outcome.unchanged == 1
    assert "Start year" not in outcome.ignored_columns
    assert "Countries concerned (ISO3)" not in outcome.ignored_columns


def test_headings_in_another_language_of_the_site_are_read(submitted, tmp_path):
    columns = exports.columns_for(exports.PUBLIC)
    with override("fr"):
        headings = [str(column.heading) for column in columns]
    known = runner.known_headings(runner.resource_module("entries"))
    for column, heading in zip(columns, headings, strict=True):
        if column.name in {"reference", "title", "start_year", "pillars"}:
            assert known[runner.normalise_heading(heading)] == column.name
    assert runner.normalise_heading("Année de début *") == "année_de_début"


def test_the_import_template_uses_the_exports_labels(client, administrator):
    client.force_login(administrator)
    response = client.get("/admin/imports/template/entries.csv")
    headings = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "Related Secretary-General reports" in headings
    assert "Language of submission" in headings
    assert_no_raw_name(",".join(headings))


# The feedback round -------------------------------------------------------------


@pytest.fixture
def feedback_on_a_field(ghana, publisher, contributor):
    publish_entry(title="National early warning committee", reference="CP-0001")
    edition = Edition.objects.create(
        label="2015-pre", title="Preliminary", kind=EditionKind.PRE_PUBLICATION
    )
    made = feedback_round(
        edition,
        [ghana],
        title="Round",
        closes=datetime.timedelta(days=3),
        opened_by=publisher,
    )
    return rounds.leave_feedback(
        actor=contributor,
        round=made,
        reference="CP-0001",
        field="description_text",
        quote="early warning",
        body="Name the decree.",
    )


def test_triage_names_the_field_by_its_label(client, reviewer, feedback_on_a_field):
    client.force_login(reviewer)
    page = client.get(f"/admin/feedback/edit/{feedback_on_a_field.pk}/")
    text = visible_text(page.content.decode())
    assert "CP-0001 · Description" in " ".join(text.split())
    assert_no_raw_name(text)


def test_the_round_page_names_the_field_by_its_label(
    client, contributor, feedback_on_a_field
):
    client.force_login(contributor)
    page = client.get(f"/contribute/rounds/{feedback_on_a_field.round_id}/")
    text = visible_text(page.content.decode())
    assert "CP-0001 · Description" in " ".join(text.split())
    assert_no_raw_name(text)


def test_the_feedback_export_names_the_field_kind_and_outcome_by_label(
    client, reviewer, feedback_on_a_field
):
    rounds.triage(
        actor=reviewer,
        feedback=feedback_on_a_field,
        outcome="not-retained",
        reason="Out of scope.",
    )
    client.force_login(reviewer)
    response = client.get("/admin/feedback/?export=csv")
    rows = list(
        csv.DictReader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8"))
        )
    )
    assert rows[0]["Field"] == "Description"
    assert rows[0]["Kind"] == "on an entry"
    assert rows[0]["Outcome"] == "not retained"
    text = ",".join([*rows[0].keys(), *rows[0].values()])
    assert_no_raw_name(text)
    assert "not-retained" not in text

    response = client.get("/admin/feedback/?export=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [cell.value for row in book.active.iter_rows() for cell in row]
    assert "Description" in values and "description_text" not in values


# E-mails ----------------------------------------------------------------------


def test_the_comment_email_names_the_field_by_its_label(
    reviewer, contributor, submitted, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    thread = review_services.add_comment(
        actor=reviewer,
        entry=submitted,
        field="description",
        quote="every week",
        body="Which day?",
    )
    with django_capture_on_commit_callbacks(execute=True):
        review_services.add_comment(
            actor=contributor, entry=submitted, parent=thread, body="Mondays."
        )
    (message,) = mail.outbox
    assert "On Description" in message.body
    assert "Mondays." in message.body
    assert_no_raw_name(message.body)
    assert "description\n" not in message.body
