"""Released editions as CSV, XLSX and JSON: every entry, public fields only, and
never a spreadsheet formula; each file made once, kept in storage and served
with caching headers."""

import csv
import hashlib
import io
import json
import re
import threading
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from openpyxl import load_workbook

from compendium import downloads, tasks
from compendium.choices import EditionKind
from compendium.downloads import neutralise
from compendium.models import Edition, EditionPdf
from compendium.views import downloads as serving
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


# Made once, served with caching headers -------------------------------------------


def fetch(client, extension="csv", **headers):
    response = client.get(f"/compendium/editions/1.0/download.{extension}", **headers)
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    else:
        response.body = response.content
    return response


def reads_entries(queries):
    return any("compendium_editionentry" in query["sql"] for query in queries)


@pytest.mark.parametrize("extension", ["csv", "xlsx", "json"])
def test_each_file_is_made_once_then_served_from_storage(client, released, extension):
    first = fetch(client, extension)
    assert first.status_code == 200
    edition = Edition.objects.get(label="1.0")
    stored = getattr(edition, downloads.FIELDS[extension]).name
    assert re.fullmatch(
        rf"editions/r2p-compendium-1\.0-[0-9a-f]{{16}}\.{extension}", stored
    )
    # The PDF is made elsewhere.
    assert not EditionPdf.objects.get(edition=edition, language="en").file

    with CaptureQueriesContext(connection) as queries:
        second = fetch(client, extension)
    assert second.status_code == 200
    assert second.body == first.body
    assert not reads_entries(queries.captured_queries)
    edition.refresh_from_db()
    assert getattr(edition, downloads.FIELDS[extension]).name == stored
    assert (
        f'filename="r2p-compendium-1.0.{extension}"' in (second["Content-Disposition"])
    )


def test_a_release_makes_the_files_in_the_background(
    publisher, django_capture_on_commit_callbacks
):
    publish_entry(title="Mediation support", reference="CP-0001")
    edition = Edition.objects.create(label="1.0", title="First", kind="official")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.release_edition.enqueue(edition.pk, publisher.pk)
    edition.refresh_from_db()
    assert edition.csv_file and edition.xlsx_file and edition.json_file


def test_a_stored_file_gone_missing_is_made_again(client, released):
    fetch(client)
    edition = Edition.objects.get(label="1.0")
    edition.csv_file.storage.delete(edition.csv_file.name)
    response = fetch(client)
    assert response.status_code == 200
    assert b"CP-0002" in response.body
    edition.refresh_from_db()
    assert edition.csv_file.storage.exists(edition.csv_file.name)


def test_files_carry_their_etag_and_the_release_as_last_modified(client, released):
    response = fetch(client, "json")
    edition = Edition.objects.get(label="1.0")
    digest = hashlib.sha256(response.body).hexdigest()[:16]
    assert response["ETag"] == f'"{digest}"'
    assert response["Last-Modified"] == http_date(edition.released_at.timestamp())


def test_a_client_that_has_the_file_gets_304(client, released):
    first = fetch(client, "xlsx")
    again = fetch(client, "xlsx", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.body == b""
    assert again["ETag"] == first["ETag"]
    assert "max-age" in again["Cache-Control"]
    since = fetch(client, "xlsx", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    changed = fetch(client, "xlsx", HTTP_IF_NONE_MATCH='"0000000000000000"')
    assert changed.status_code == 200


def test_a_stored_pdf_has_the_same_caching(client, released):
    edition = Edition.objects.get(label="1.0")
    made = EditionPdf.objects.get(edition=edition, language="en")
    made.file.save("r2p-compendium-1.0-0123456789abcdef.pdf", ContentFile(b"%PDF"))
    response = fetch(client, "pdf")
    assert response.status_code == 200
    assert response["ETag"] == '"0123456789abcdef"'
    assert "public" in response["Cache-Control"]
    assert fetch(
        client, "pdf", HTTP_IF_NONE_MATCH='"0123456789abcdef"'
    ).status_code == (304)


def cache_control(response):
    return {
        part.strip().split("=")[0]: (part.split("=")[1] if "=" in part else True)
        for part in response["Cache-Control"].split(",")
    }


@pytest.mark.parametrize("extension", ["csv", "xlsx", "json"])
def test_a_public_editions_files_are_cached_long_by_anyone(client, released, extension):
    response = fetch(client, extension)
    assert cache_control(response) == {
        "public": True,
        "max-age": str(serving.MAX_AGE),
        "s-maxage": str(serving.S_MAXAGE),
    }
    assert serving.MAX_AGE >= 7 * 24 * 3600
    assert serving.S_MAXAGE >= 365 * 24 * 3600


def test_a_pre_publication_editions_files_stay_private(client, publisher, released):
    pre = Edition.objects.create(
        label="2015-pre", title="Pre", kind=EditionKind.PRE_PUBLICATION
    )
    from compendium import editions

    editions.share(actor=publisher, edition=pre)
    editions.release(actor=publisher, edition=pre)
    assert client.get("/compendium/editions/2015-pre/download.csv").status_code == 404

    client.force_login(publisher)
    response = client.get("/compendium/editions/2015-pre/download.csv")
    assert response.status_code == 200
    directives = cache_control(response)
    # Never in a shared cache; the browser asks again each time (or, for a
    # signed-in person, keeps nothing: compendium.security).
    assert directives["private"] is True
    assert directives.keys() & {"no-cache", "no-store"}
    assert not directives.keys() & {"public", "s-maxage", "max-age"}
    assert "Cookie" in response["Vary"]
    again = client.get(
        "/compendium/editions/2015-pre/download.csv",
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304
    assert "public" not in again["Cache-Control"]
    # The 304 is for those who may read it only.
    client.logout()
    assert (
        client.get(
            "/compendium/editions/2015-pre/download.csv",
            HTTP_IF_NONE_MATCH=response["ETag"],
        ).status_code
        == 404
    )


def test_a_file_still_being_made_elsewhere_is_announced(client, released, caplog):
    edition = Edition.objects.get(label="1.0")
    cache.add(downloads._lock_key(edition, "csv"), "elsewhere", 60)
    with mock.patch.object(downloads, "WAIT", 0.3):
        response = client.get("/compendium/editions/1.0/download.csv")
    assert response.status_code == 503
    assert response["Retry-After"] == str(serving.RETRY_MAKING)
    assert "no-store" in response["Cache-Control"]
    edition.refresh_from_db()
    assert not edition.csv_file
    # An expected answer, not a server error.
    assert [r.levelname for r in caplog.records if r.name == "django.request"] == [
        "INFO"
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_first_requests_at_once_make_the_file_once(publisher):
    publish_entry(title="Mediation support", reference="CP-0001")
    release_edition(publisher, "1.0")
    made = []
    make_file = downloads.make_file

    def counted(edition, extension):
        made.append(extension)
        time.sleep(0.5)  # long enough for every other request to arrive
        return make_file(edition, extension)

    start = threading.Barrier(5)
    answers = []

    def download():
        from django.db import connection as thread_connection
        from django.test import Client

        try:
            start.wait()
            response = Client().get("/compendium/editions/1.0/download.csv")
            answers.append((response.status_code, b"".join(response.streaming_content)))
        finally:
            thread_connection.close()

    with mock.patch.object(downloads, "make_file", counted):
        threads = [threading.Thread(target=download) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert made == ["csv"]
    assert [status for status, _body in answers] == [200] * 5
    assert len({body for _status, body in answers}) == 1


def test_a_description_is_given_as_its_text_not_as_html_entities(client, publisher):
    publish_entry(
        summary="A committee.",
        description="<p>Peace &amp; security: A &lt; B, “quoted”</p><p>Two</p>",
        reference="CP-0001",
    )
    release_edition(publisher, "1.0")
    text = "Peace & security: A < B, “quoted” Two"

    data = json.loads(fetch(client, "json").body)
    assert data["entries"][0]["description"] == text
    rows = list(csv.reader(io.StringIO(fetch(client, "csv").body.decode("utf-8-sig"))))
    assert rows[1][3] == text
    api = client.get("/api/v1/editions/1.0/entries/CP-0001/").json()
    assert api["description"] == text
    # Search shows a passage of it escaped once.
    page = client.get("/compendium/?q=security").content.decode()
    assert "Peace &amp; <mark>security</mark>: A &lt; B" in page
    assert "&amp;amp;" not in page
