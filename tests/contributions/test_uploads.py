"""What may be attached to a practice entry: judged by content, small, safely named."""

import io
import os
import re
import struct
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import timezone

from contributions.uploads import (
    ALLOWED_KINDS,
    MAX_ATTACHMENT_SIZE,
    clean_display_name,
    detect_kind,
    generated_storage_name,
    validate_attachment,
)

FILES = Path(__file__).parent / "files"
MB = 1024 * 1024
PDF = ALLOWED_KINDS["pdf"]
JPEG = ALLOWED_KINDS["jpeg"]

UNSUPPORTED = (
    "Only PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), PNG and JPEG "
    "files can be attached. This file is none of those, whatever its name says."
)
SVG_REFUSED = (
    "SVG images cannot be attached because they can contain scripts. "
    "Save the image as PNG instead."
)
UNSAFE_ARCHIVE = (
    "This archive looks damaged or unsafe to open, so it cannot be attached."
)


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def sample(name, *, as_name=None, content_type="application/octet-stream"):
    """A committed sample wrapped as the browser would send it."""
    return upload(as_name or name, (FILES / name).read_bytes(), content_type)


def refusal(uploaded_file):
    with pytest.raises(ValidationError) as excinfo:
        validate_attachment(uploaded_file)
    return excinfo.value


def office_zip(path, base="sample.docx", extra=(), content_types=None):
    """The sample document re-zipped with extra members, to test archive rules."""
    with (
        zipfile.ZipFile(FILES / base) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "[Content_Types].xml" and content_types:
                data = content_types(data)
            target.writestr(member, data)
        for name, data in extra:
            target.writestr(name, data)
    return path


class UnreadableUpload:
    """A huge upload that knows its size and must not be read to be refused."""

    name = "huge.pdf"

    def __init__(self, size):
        self.size = size

    def read(self, *args):
        raise AssertionError("the file was read before its size was checked")

    seek = tell = read


# Accepted kinds


@pytest.mark.parametrize(
    ("filename", "code"),
    [
        ("sample.pdf", "pdf"),
        ("sample.docx", "docx"),
        ("sample.odt", "odt"),
        ("sample.xlsx", "xlsx"),
        ("sample.png", "png"),
        ("sample.jpg", "jpeg"),
    ],
)
def test_each_allowed_kind_is_accepted_from_a_genuine_file(filename, code):
    assert validate_attachment(sample(filename)).code == code


@pytest.mark.parametrize(
    "filename",
    ["sample.pdf", "sample.docx", "sample.odt", "sample.xlsx", "sample.png"],
)
def test_kind_comes_from_the_content_not_the_name_or_browser_type(filename):
    disguised = sample(filename, as_name="photo.jpg", content_type="image/jpeg")
    assert validate_attachment(disguised).code != "jpeg"


def test_sample_files_are_kept_tiny():
    samples = [path for path in FILES.iterdir() if path.suffix != ".py"]
    assert len(samples) >= 12
    assert all(path.stat().st_size < 8 * 1024 for path in samples)


def test_the_six_kinds_are_served_with_their_real_types():
    assert {
        code: (kind.content_type, kind.extension)
        for code, kind in ALLOWED_KINDS.items()
    } == {
        "pdf": ("application/pdf", ".pdf"),
        "docx": (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        "odt": ("application/vnd.oasis.opendocument.text", ".odt"),
        "xlsx": (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
        "png": ("image/png", ".png"),
        "jpeg": ("image/jpeg", ".jpg"),
    }


def test_detection_restores_the_read_position():
    with open(FILES / "sample.xlsx", "rb") as fileobj:
        fileobj.seek(100)
        assert detect_kind(fileobj).code == "xlsx"
        assert fileobj.tell() == 100


def test_validation_leaves_the_upload_where_it_was():
    uploaded = sample("sample.png")
    uploaded.read(5)
    validate_attachment(uploaded)
    assert uploaded.tell() == 5


def test_upload_kept_on_disk_is_recognised():
    data = (FILES / "sample.docx").read_bytes()
    uploaded = TemporaryUploadedFile("big.docx", "application/msword", len(data), None)
    try:
        uploaded.write(data)
        uploaded.seek(0)
        assert validate_attachment(uploaded).code == "docx"
    finally:
        uploaded.close()


# Refused content


def test_html_renamed_pdf_is_refused():
    error = refusal(sample("html-renamed.pdf", content_type="application/pdf"))
    assert error.messages == [UNSUPPORTED]
    assert detect_kind(io.BytesIO((FILES / "html-renamed.pdf").read_bytes())) is None


@pytest.mark.parametrize(
    ("filename", "content_type"),
    [("drawing.svg", "image/svg+xml"), ("drawing-svg.png", "image/png")],
)
def test_svg_is_refused_because_it_can_carry_scripts(filename, content_type):
    error = refusal(sample(filename, content_type=content_type))
    assert error.code == "svg"
    assert error.messages == [SVG_REFUSED]


def test_text_file_named_png_is_refused():
    error = refusal(sample("notes-text.png", content_type="image/png"))
    assert error.messages == [UNSUPPORTED]


def test_truncated_png_is_refused_as_a_damaged_image():
    error = refusal(sample("truncated.png", content_type="image/png"))
    assert error.code == "damaged_image"
    assert "damaged" in error.messages[0]


def test_jpeg_with_only_its_opening_bytes_is_refused():
    head = (FILES / "sample.jpg").read_bytes()[:40]
    assert refusal(upload("photo.jpg", head, "image/jpeg")).code == "damaged_image"


def test_empty_file_is_refused():
    assert refusal(upload("report.pdf", b"")).messages == ["This file is empty."]


def test_oversized_file_is_refused_before_being_read():
    error = refusal(UnreadableUpload(MAX_ATTACHMENT_SIZE + 1))
    assert error.code == "too_large"
    assert error.messages == [
        "This file is larger than 20 MB (it is 20.1 MB). "
        "Reduce it or split it, then try again."
    ]


def test_size_message_states_the_size_in_megabytes():
    error = refusal(UnreadableUpload(int(23.4 * MB)))
    assert "(it is 23.4 MB)" in error.messages[0]


def test_file_of_exactly_the_limit_is_accepted():
    uploaded = sample("sample.pdf")
    uploaded.size = MAX_ATTACHMENT_SIZE
    assert validate_attachment(uploaded).code == "pdf"


def test_plain_zip_is_not_an_office_document():
    error = refusal(sample("plain.zip", as_name="report.docx"))
    assert error.messages == [UNSUPPORTED]


def test_opendocument_spreadsheet_is_not_accepted_as_text(tmp_path):
    path = tmp_path / "table.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert refusal(upload("table.odt", path.read_bytes())).messages == [UNSUPPORTED]


def test_damaged_archive_is_refused_with_a_clear_message():
    data = (FILES / "sample.docx").read_bytes()
    error = refusal(upload("report.docx", data[: len(data) // 2]))
    assert error.messages == [UNSAFE_ARCHIVE]


def test_zip_bomb_is_refused_without_being_unpacked(tmp_path):
    path = office_zip(tmp_path / "bomb.docx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/zeros.bin", "w") as member:
            for _ in range(50):
                member.write(bytes(MB))
    assert path.stat().st_size < MB

    error = refusal(upload("bomb.docx", path.read_bytes()))
    assert error.messages == [UNSAFE_ARCHIVE]


def test_archive_declaring_more_than_200_mb_is_refused(tmp_path):
    filler = os.urandom(MB + MB // 10)
    path = office_zip(tmp_path / "big.docx")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("word/media/filler.bin", filler, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    # Claim 210 MB for the filler in the central directory: about 190 to 1, so
    # only the total, not the compression ratio, is over its limit.
    entry = data.rindex(b"PK\x01\x02")
    assert data[entry + 46 :].startswith(b"word/media/filler.bin")
    struct.pack_into("<I", data, entry + 24, 210 * MB)

    error = refusal(upload("big.docx", bytes(data)))
    assert error.messages == [UNSAFE_ARCHIVE]


def test_archive_with_more_than_2000_members_is_refused(tmp_path):
    extra = [(f"word/parts/{number}.xml", "") for number in range(1998)]
    path = office_zip(tmp_path / "many.docx", extra=extra)
    assert refusal(upload("many.docx", path.read_bytes())).code == "unsafe_archive"


def test_archive_with_exactly_2000_members_is_accepted(tmp_path):
    extra = [(f"word/parts/{number}.xml", "") for number in range(1997)]
    path = office_zip(tmp_path / "many.docx", extra=extra)
    assert validate_attachment(upload("many.docx", path.read_bytes())).code == "docx"


def test_word_document_with_macros_is_refused(tmp_path):
    path = office_zip(
        tmp_path / "macro.docx",
        extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")],
        content_types=lambda data: data.replace(
            b"wordprocessingml.document.main+xml",
            b"ms-word.document.macroEnabled.main+xml",
        ),
    )
    error = refusal(upload("macro.docx", path.read_bytes()))
    assert error.code == "macros"
    assert "macros" in error.messages[0]


def test_old_word_format_is_refused_with_advice():
    legacy = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    error = refusal(upload("report.docx", legacy))
    assert error.code == "legacy_office"
    assert "DOCX" in error.messages[0]


def test_messages_are_plain_words_without_technical_terms():
    uploads = [
        sample("html-renamed.pdf"),
        sample("drawing.svg"),
        sample("truncated.png"),
        upload("empty.pdf", b""),
        UnreadableUpload(MAX_ATTACHMENT_SIZE + 1),
    ]
    for uploaded in uploads:
        message = refusal(uploaded).messages[0]
        assert not re.search(r"MIME|content.type|bytes|signature|exception", message)


# Display names


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("../../x", PDF, "x.pdf"),
        ("..\\..\\Windows\\report.pdf", PDF, "report.pdf"),
        ("/etc/passwd", PDF, "passwd.pdf"),
        ("re\x00po\x1frt\x7f.pdf", PDF, "report.pdf"),
        ("invoice\u202efdp.exe", PDF, "invoicefdp.pdf"),
        ("a\r\nSet-Cookie: x=1.pdf", PDF, "a Set-Cookie x=1.pdf"),
        ('say "hi"; please.pdf', PDF, "say hi please.pdf"),
        ("  annual   report\t2023 .pdf", PDF, "annual report 2023.pdf"),
        ("report.docx", PDF, "report.pdf"),
        ("photo.png", JPEG, "photo.jpg"),
        ("photo.JPEG", JPEG, "photo.jpg"),
        ("Report v1.2", PDF, "Report v1.2.pdf"),
        ("Rapport annuel — Sénégal.pdf", PDF, "Rapport annuel — Sénégal.pdf"),
        ("تقرير الحماية.pdf", PDF, "تقرير الحماية.pdf"),
        ("报告.pdf", PDF, "报告.pdf"),
    ],
)
def test_display_name_is_made_safe(name, kind, expected):
    assert clean_display_name(name, kind) == expected


@pytest.mark.parametrize("name", ["", "   ", ".", "...", "../..", ".pdf", "\x00\x01"])
def test_display_name_that_would_be_empty_falls_back(name):
    assert clean_display_name(name, PDF) == "attachment.pdf"


def test_missing_display_name_falls_back():
    assert clean_display_name(None, JPEG) == "attachment.jpg"


def test_long_display_name_is_shortened_keeping_the_extension():
    cleaned = clean_display_name("a" * 300 + ".pdf", PDF)
    assert len(cleaned) <= 120
    assert cleaned == "a" * 116 + ".pdf"


def test_long_name_cut_at_a_space_leaves_no_trailing_space():
    cleaned = clean_display_name("a" * 115 + " bbbbbbbbbb.docx", PDF)
    assert cleaned == "a" * 115 + ".pdf"


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd\x00.png",
        'x"\r\nContent-Type: text/html\r\n\r\n<script>.pdf',
        "\\\\server\\share\\" + "é" * 400,
        "C:\\Users\\me\\Desktop\\note.txt\u200b\u2028",
    ],
)
def test_display_name_is_safe_in_headers_and_file_systems(name):
    cleaned = clean_display_name(name, PDF)
    assert cleaned.endswith(".pdf")
    assert 4 < len(cleaned) <= 120
    assert not re.search(r'[/\\"<>:|?*\x00-\x1f\x7f\u2028\u200b]', cleaned)
    assert cleaned == cleaned.strip()


# Storage names


def test_storage_name_is_generated_under_the_year():
    name = generated_storage_name(PDF)
    assert re.fullmatch(rf"attachments/{timezone.now().year}/[0-9a-f]{{32}}\.pdf", name)


def test_storage_name_is_unique_and_owes_nothing_to_the_upload():
    kind = validate_attachment(sample("sample.png", as_name="../../evil.png"))
    names = {generated_storage_name(kind) for _ in range(1000)}
    assert len(names) == 1000
    assert not any("evil" in name or ".." in name for name in names)
    assert all(name.endswith(".png") for name in names)
