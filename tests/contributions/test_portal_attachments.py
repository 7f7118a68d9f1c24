"""Attachments in the portal: checked by content, stored privately, served only to
those who may see the entry."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions.models import Attachment

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"


def upload(client, entry, name, content):
    return client.post(
        f"/contribute/entries/{entry.reference}/attachments/",
        {"file": SimpleUploadedFile(name, content)},
    )


def stored_files(root):
    return [path for path in Path(root).rglob("*") if path.is_file()]


def test_a_pdf_is_attached_under_a_generated_name_outside_media(
    client, draft, contributor, private_media, settings
):
    client.force_login(contributor)
    response = upload(
        client, draft, "Decree 2012.pdf", (FILES / "sample.pdf").read_bytes()
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.display_name == "Decree 2012.pdf"
    assert attachment.kind == "pdf"
    assert "Decree" not in attachment.file.name
    [stored] = stored_files(private_media)
    assert stored.read_bytes() == (FILES / "sample.pdf").read_bytes()
    assert not Path(settings.MEDIA_ROOT).exists() or not stored_files(
        settings.MEDIA_ROOT
    )
    draft.refresh_from_db()
    assert draft.version_number == 2


def test_members_download_it_with_its_name_and_type(
    client, draft, observer, contributor
):
    client.force_login(contributor)
    upload(client, draft, "Decree.pdf", (FILES / "sample.pdf").read_bytes())
    attachment = Attachment.objects.get()
    client.force_login(observer)
    response = client.get(
        f"/contribute/entries/{draft.reference}/attachments/{attachment.pk}/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Decree.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == (FILES / "sample.pdf").read_bytes()


def test_the_media_url_does_not_serve_attachments(client, draft, contributor):
    client.force_login(contributor)
    upload(client, draft, "Decree.pdf", (FILES / "sample.pdf").read_bytes())
    attachment = Attachment.objects.get()
    assert client.get(f"/media/{attachment.file.name}").status_code == 404


@pytest.mark.parametrize(
    "name, sample, message",
    [
        ("report.pdf", "html-renamed.pdf", "whatever its name says"),
        ("drawing.svg", "drawing.svg", "can contain scripts"),
        ("drawing.png", "drawing-svg.png", "can contain scripts"),
    ],
)
def test_disguised_and_dangerous_files_are_refused_and_nothing_is_left(
    client, draft, contributor, private_media, name, sample, message
):
    client.force_login(contributor)
    response = upload(client, draft, name, (FILES / sample).read_bytes())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    assert not Path(private_media).exists() or not stored_files(private_media)
    draft.refresh_from_db()
    assert draft.version_number == 1


def test_an_oversized_file_is_refused_with_the_limit(
    client, draft, contributor, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    client.force_login(contributor)
    big = b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024)
    response = upload(client, draft, "big.pdf", big)
    assert response.status_code == 400
    assert "larger than 20 MB" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "hostile, expected",
    [
        ("../../x.pdf", "x.pdf"),
        # Django's upload parser already cuts the name at the control characters.
        ("evil\x00\r\nname.pdf", "evil.pdf"),
        ("a" * 300 + ".pdf", None),
    ],
)
def test_hostile_file_names_are_neutralised(
    client, draft, contributor, hostile, expected
):
    client.force_login(contributor)
    upload(client, draft, hostile, (FILES / "sample.pdf").read_bytes())
    attachment = Attachment.objects.get()
    name = attachment.display_name
    assert "/" not in name and "\\" not in name
    assert all(ord(character) >= 32 for character in name)
    assert len(name) <= 120 and name.endswith(".pdf")
    if expected:
        assert name == expected


def test_removing_an_attachment_is_a_new_version_and_can_be_undone(
    client, draft, contributor
):
    client.force_login(contributor)
    upload(client, draft, "Decree.pdf", (FILES / "sample.pdf").read_bytes())
    attachment = Attachment.objects.get()
    response = client.post(
        f"/contribute/entries/{draft.reference}/attachments/{attachment.pk}/remove/",
        follow=True,
    )
    assert "To undo, restore version 2" in response.content.decode()
    assert not Attachment.objects.exists()

    client.post(f"/contribute/entries/{draft.reference}/restore/2/")
    restored = Attachment.objects.get()
    assert restored.display_name == "Decree.pdf"
    download = client.get(
        f"/contribute/entries/{draft.reference}/attachments/{restored.pk}/"
    )
    assert b"".join(download.streaming_content) == (FILES / "sample.pdf").read_bytes()


def test_diff_lists_added_attachments(client, draft, contributor):
    client.force_login(contributor)
    upload(client, draft, "Decree.pdf", (FILES / "sample.pdf").read_bytes())
    diff = client.get(f"/contribute/entries/{draft.reference}/diff/?from=1&to=2")
    body = diff.content.decode()
    assert "Attachments" in body
    assert "Decree.pdf</ins>" in body


def test_observers_cannot_attach(client, draft, observer):
    client.force_login(observer)
    response = upload(client, draft, "x.pdf", (FILES / "sample.pdf").read_bytes())
    assert response.status_code == 403
    assert not Attachment.objects.exists()
