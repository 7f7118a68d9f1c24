"""Released editions as CSV, XLSX and JSON: every entry, public fields only, and
never a spreadsheet formula."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from compendium.choices import EditionKind
from compendium.downloads import neutralise
from compendium.models import Edition
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "dangerous",
    ["=1+1", "==1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "  =HYPERLINK(x)"],
)
def test_no_cell_starts_a_formula(dangerous):
    assert neutralise(dangerous) == "'" + dangerous


def test_plain_text_and_numbers_are_left_alone():
    assert neutralise("Early warning") == "Early warning"
    assert neutralise(2012) == 2012


@pytest.fixture
def released(publisher):
    publish_entry(
        title='=HYPERLINK("http://evil")', summary="@SUM(1)", reference="CP-0001"
    )
    publish_entry(title="Mediation support", countries=["KEN"], reference="CP-0002")
    return release_edition(publisher, "1.0")


def streamed(response):
    return b"".join(response.streaming_content)


def test_csv(client, released):
    response = client.get("/compendium/editions/1.0/download.csv")
    assert response.status_code == 200
    assert 'filename="r2p-compendium-1.0.csv"' in response["Content-Disposition"]
    text = streamed(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Reference", "Title"]
    assert [row[0] for row in rows[1:]] == ["CP-0001", "CP-0002"]
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    assert rows[1][2] == "'@SUM(1)"
    assert rows[2][11] == "KEN"


def test_xlsx(client, released):
    response = client.get("/compendium/editions/1.0/download.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(streamed(response)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][0] == "CP-0001"
    assert rows[1][1].startswith("'=")
    assert all(
        not (isinstance(cell, str) and cell.startswith(("=", "+", "-", "@")))
        for row in rows
        for cell in row
    )


def test_json(client, released):
    response = client.get("/compendium/editions/1.0/download.json")
    data = json.loads(streamed(response))
    assert data["edition"]["label"] == "1.0"
    assert [entry["reference"] for entry in data["entries"]] == ["CP-0001", "CP-0002"]
    assert data["entries"][1]["url"].endswith(
        "/compendium/editions/1.0/entries/CP-0002/"
    )
    assert "internal_contact" not in json.dumps(data)


def test_only_released_public_editions_download(client, publisher, released):
    Edition.objects.create(label="1.1", title="Next", kind=EditionKind.UPDATE)
    assert client.get("/compendium/editions/1.1/download.csv").status_code == 404
    assert client.get("/compendium/editions/9.9/download.csv").status_code == 404
    assert client.get("/compendium/editions/1.0/download.exe").status_code == 404
    pre = Edition.objects.create(
        label="2015-pre", title="Pre", kind=EditionKind.PRE_PUBLICATION
    )
    from compendium import editions

    editions.share(actor=publisher, edition=pre)
    editions.release(actor=publisher, edition=pre)
    assert client.get("/compendium/editions/2015-pre/download.json").status_code == 404
