"""Files on an S3-compatible bucket (a local S3 server, moto's server mode):
attachments, edition PDFs and downloads and import files are written to the
bucket as private objects and served only through the views that check who is
asking."""

import socket
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from compendium.models import Edition
from compendium.settings.base import s3_storages
from contributions.choices import ImportStatus
from contributions.models import Attachment, ImportJob
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db

FILES = Path(__file__).resolve().parent.parent / "contributions" / "files"
REGION = "us-east-1"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """A real S3 server on this machine, speaking HTTP on a free port."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch):
    """A new, empty bucket that the site's storages write to for this test."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    name = f"compendium-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_server, region_name=REGION)
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storages(
            name, endpoint_url=s3_server, region=REGION, addressing_style="path"
        ),
    }

    class Bucket:
        endpoint = s3_server

        def keys(self):
            listing = client.list_objects_v2(Bucket=name)
            return sorted(item["Key"] for item in listing.get("Contents", []))

        def read(self, key):
            return client.get_object(Bucket=name, Key=key)["Body"].read()

        def anonymous_get(self, key):
            """The status of a GET without credentials on the object's address."""
            try:
                with urllib.request.urlopen(f"{s3_server}/{name}/{key}") as answer:  # noqa: S310 the test's own server
                    return answer.status
            except urllib.error.HTTPError as error:
                return error.code

        def put_public(self, key, data):
            client.put_object(Bucket=name, Key=key, Body=data, ACL="public-read")

    return Bucket()


def test_the_local_server_serves_public_objects_to_anyone(bucket):
    """The control for the denials below: the server does answer anonymous
    requests, for objects that are public."""
    bucket.put_public("media/open.txt", b"open")
    assert bucket.anonymous_get("media/open.txt") == 200


def test_an_attachment_lands_in_the_bucket_as_a_private_object(
    client, draft, contributor, observer, other_focal_point, bucket, private_media
):
    client.force_login(contributor)
    sample = (FILES / "sample.pdf").read_bytes()
    response = client.post(
        f"/contribute/entries/{draft.reference}/attachments/",
        {"file": SimpleUploadedFile("Decree 2012.pdf", sample)},
    )
    assert response.status_code == 302

    attachment = Attachment.objects.get()
    key = f"private/{attachment.file.name}"
    assert bucket.keys() == [key]
    assert bucket.read(key) == sample
    assert not Path(private_media).exists() or not any(Path(private_media).rglob("*"))
    # Never a public object: an anonymous GET is refused.
    assert bucket.anonymous_get(key) == 403

    address = f"/contribute/entries/{draft.reference}/attachments/{attachment.pk}/"
    client.force_login(observer)
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Decree 2012.pdf"'
    assert b"".join(response.streaming_content) == sample

    client.force_login(other_focal_point)
    assert client.get(address).status_code == 404
    client.logout()
    assert client.get(address).status_code == 302


def test_a_signed_address_of_an_attachment_opens_it_for_a_short_while(
    client, draft, contributor, bucket
):
    client.force_login(contributor)
    client.post(
        f"/contribute/entries/{draft.reference}/attachments/",
        {"file": SimpleUploadedFile("Decree.pdf", (FILES / "sample.pdf").read_bytes())},
    )
    attachment = Attachment.objects.get()
    signed = attachment.file.url
    assert "Signature=" in signed or "X-Amz-Signature=" in signed
    assert "Expires=300" in signed or "X-Amz-Expires=300" in signed
    with urllib.request.urlopen(signed) as answer:  # noqa: S310 the test's own server
        assert answer.read() == (FILES / "sample.pdf").read_bytes()


def test_edition_pdf_and_downloads_are_written_to_and_served_from_the_bucket(
    client, publisher, bucket, django_capture_on_commit_callbacks, settings
):
    publish_entry(title="National early warning committee", reference="CP-0001")
    publish_entry(title="Regional mediation support unit", reference="CP-0002")
    edition = Edition.objects.create(label="1.0", title="First official version")
    client.force_login(publisher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/edition/{edition.pk}/release/do/")
    client.logout()
    edition.refresh_from_db()
    english_pdf = edition.pdfs.get(language="en").file

    assert edition.is_released
    keys = bucket.keys()
    for stored in (edition.csv_file, edition.xlsx_file, edition.json_file):
        assert f"media/{stored.name}" in keys
    assert english_pdf, edition.pdfs.get(language="en").problem
    assert f"media/{english_pdf.name}" in keys
    assert all(key.startswith("media/editions/") for key in keys)
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.csv"))
    for key in keys:
        assert bucket.anonymous_get(key) == 403

    for extension, stored in [
        ("csv", edition.csv_file),
        ("json", edition.json_file),
        ("pdf", english_pdf),
    ]:
        response = client.get(f"/compendium/editions/1.0/download.{extension}")
        assert response.status_code == 200, extension
        assert b"".join(response.streaming_content) == bucket.read(
            f"media/{stored.name}"
        )
    assert b"CP-0002" in bucket.read(f"media/{edition.csv_file.name}")


def test_a_pdf_gone_from_the_bucket_is_announced_not_a_server_error(
    client, publisher, bucket
):
    publish_entry(reference="CP-0001")
    edition = release_edition(publisher, "1.0")
    english = edition.pdfs.get(language="en").file
    english.save("r2p-compendium-1.0-0123456789abcdef.pdf", ContentFile(b"%PDF-"))
    english.storage.delete(english.name)
    response = client.get("/compendium/editions/1.0/download.pdf")
    assert response.status_code == 503


def test_an_import_file_is_kept_in_the_bucket_and_read_from_it(
    client, reviewer, bucket, django_capture_on_commit_callbacks
):
    data = (FILES / "imports" / "entries.csv").read_bytes()
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/imports/",
            {"kind": "entries", "file": SimpleUploadedFile("entries.csv", data)},
        )
    assert response.status_code == 302

    job = ImportJob.objects.get()
    key = f"private/{job.file.name}"
    assert bucket.keys() == [key]
    assert bucket.read(key) == data
    assert bucket.anonymous_get(key) == 403
    # Checked by reading the object back from the bucket.
    assert job.status == ImportStatus.CHECKED
    assert (job.total_rows, job.new_count) == (3, 3)


# Committed data: a backup is made from outside any transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_reads_the_files_from_the_bucket(
    client, draft, contributor, bucket, tmp_path
):
    from django.core.management import call_command

    sample = (FILES / "sample.pdf").read_bytes()
    client.force_login(contributor)
    client.post(
        f"/contribute/entries/{draft.reference}/attachments/",
        {"file": SimpleUploadedFile("Decree.pdf", sample)},
    )
    attachment = Attachment.objects.get()

    call_command("backup_compendium", str(tmp_path / "backup"), verbosity=0)

    copy = tmp_path / "backup" / "files" / "contributions.Attachment.file"
    assert (copy / attachment.file.name).read_bytes() == sample
