"""Which uploaded files may be attached to a practice entry, judged by content."""

import math
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image

MEGABYTE = 1024 * 1024
MAX_ATTACHMENT_SIZE = 20 * MEGABYTE

# Zip-bomb guards, read from the archive's directory without decompressing.
MAX_ARCHIVE_MEMBERS = 2000
MAX_ARCHIVE_UNCOMPRESSED_SIZE = 200 * MEGABYTE
MAX_COMPRESSION_RATIO = 200
MAX_CONTENT_TYPES_SIZE = MEGABYTE

MAX_DISPLAY_NAME_LENGTH = 120
FALLBACK_STEM = "attachment"
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,5}")
# Characters that break headers or are not allowed in Windows file names.
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"|?*;]')

# Enough to see every signature and the opening of an SVG document.
SNIFF_SIZE = 4096

PDF_SIGNATURE = b"%PDF-"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
ZIP_SIGNATURE = b"PK\x03\x04"
# Compound File Binary: .doc, .xls, .ppt and password-protected Office files.
LEGACY_OFFICE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class FileKind:
    """One kind of file we accept, and how to name and serve it."""

    code: str
    label: str
    content_type: str
    extension: str


ALLOWED_KINDS: dict[str, FileKind] = {
    kind.code: kind
    for kind in (
        FileKind("pdf", _("PDF"), "application/pdf", ".pdf"),
        FileKind(
            "docx",
            _("Word document (DOCX)"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        FileKind(
            "odt",
            _("OpenDocument text (ODT)"),
            "application/vnd.oasis.opendocument.text",
            ".odt",
        ),
        FileKind(
            "xlsx",
            _("Excel spreadsheet (XLSX)"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
        FileKind("png", _("PNG image"), "image/png", ".png"),
        FileKind("jpeg", _("JPEG image"), "image/jpeg", ".jpg"),
    )
}

# Why a file was refused: the ValidationError code and the words shown for it.
EMPTY = "empty"
TOO_LARGE = "too_large"
UNSUPPORTED = "unsupported"
SVG = "svg"
DAMAGED_IMAGE = "damaged_image"
UNSAFE_ARCHIVE = "unsafe_archive"
MACROS = "macros"
LEGACY_OFFICE = "legacy_office"

MESSAGES = {
    EMPTY: _("This file is empty."),
    TOO_LARGE: _(
        "This file is larger than %(limit)s MB (it is %(size)s MB). "
        "Reduce it or split it, then try again."
    ),
    UNSUPPORTED: _(
        "Only PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), PNG and "
        "JPEG files can be attached. This file is none of those, whatever its "
        "name says."
    ),
    SVG: _(
        "SVG images cannot be attached because they can contain scripts. "
        "Save the image as PNG instead."
    ),
    DAMAGED_IMAGE: _(
        "This image looks damaged, so it cannot be attached. Open it, save it "
        "again as PNG or JPEG, then try again."
    ),
    UNSAFE_ARCHIVE: _(
        "This archive looks damaged or unsafe to open, so it cannot be attached."
    ),
    MACROS: _(
        "Documents that contain macros cannot be attached. Save it as an ordinary "
        "Word (DOCX) or Excel (XLSX) file, then try again."
    ),
    LEGACY_OFFICE: _(
        "Older Word and Excel files (such as .doc or .xls) and password-protected "
        "documents cannot be attached. Save it as DOCX or XLSX without a password, "
        "then try again."
    ),
}


def detect_kind(fileobj) -> FileKind | None:
    """Sniff the content (reads from the start, restores the position)."""
    kind, _problem = _inspect(fileobj)
    return kind


def validate_attachment(uploaded_file) -> FileKind:
    """Refuse, in plain words, anything that is not a small file of an allowed kind."""
    size = getattr(uploaded_file, "size", None)
    if size is None:
        size = _measure(uploaded_file)
    if size <= 0:
        raise ValidationError(MESSAGES[EMPTY], code=EMPTY)
    if size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            MESSAGES[TOO_LARGE],
            code=TOO_LARGE,
            params={
                "limit": number_format(MAX_ATTACHMENT_SIZE // MEGABYTE),
                # Rounded up, so a file just over the limit never reads as "20.0".
                "size": number_format(math.ceil(size * 10 / MEGABYTE) / 10, 1),
            },
        )
    kind, problem = _inspect(uploaded_file)
    if kind is None:
        raise ValidationError(MESSAGES[problem], code=problem)
    return kind


def clean_display_name(name: str, kind: FileKind) -> str:
    """A name safe to show and to offer for download, whatever the user sent."""
    name = unicodedata.normalize("NFC", str(name or ""))
    # Only the last path part: "../../x" and "C:\\dir\\x" both become "x".
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(" " if _is_space(char) else char for char in name)
    name = "".join(char for char in name if not _is_control(char))
    name = _UNSAFE_NAME_CHARS.sub(" ", name)
    name = re.sub(r"\s+", " ", name).strip()
    stem, dot, extension = name.rpartition(".")
    if not (dot and _looks_like_extension(extension)):
        stem = name
    stem = stem.strip(" .")
    stem = stem[: MAX_DISPLAY_NAME_LENGTH - len(kind.extension)].rstrip(" .")
    return (stem or FALLBACK_STEM) + kind.extension


def generated_storage_name(kind: FileKind) -> str:
    """A fresh random path, so nothing the user typed ever reaches the disk."""
    return f"attachments/{timezone.now():%Y}/{uuid.uuid4().hex}{kind.extension}"


def _inspect(fileobj) -> tuple[FileKind | None, str | None]:
    """The kind, or why there is none; the caller's read position is kept."""
    position = fileobj.tell()
    try:
        fileobj.seek(0)
        head = fileobj.read(SNIFF_SIZE)
        return _inspect_content(fileobj, head)
    finally:
        fileobj.seek(position)


def _inspect_content(fileobj, head: bytes) -> tuple[FileKind | None, str | None]:
    """Decide from the first bytes, opening images and archives only when needed."""
    if not head:
        return None, EMPTY
    if head.startswith(PDF_SIGNATURE):
        return ALLOWED_KINDS["pdf"], None
    if head.startswith(PNG_SIGNATURE):
        return _inspect_image(fileobj, "png", ("PNG",))
    if head.startswith(JPEG_SIGNATURE):
        return _inspect_image(fileobj, "jpeg", ("JPEG", "MPO"))
    if head.startswith(ZIP_SIGNATURE):
        return _inspect_zip(fileobj)
    if head.startswith(LEGACY_OFFICE_SIGNATURE):
        return None, LEGACY_OFFICE
    if _looks_like_svg(head):
        return None, SVG
    return None, UNSUPPORTED


def _inspect_image(fileobj, code, formats) -> tuple[FileKind | None, str | None]:
    """Pillow must open and verify it, so a broken or giant image never gets in."""
    fileobj.seek(0)
    try:
        with Image.open(fileobj, formats=formats) as image:
            width, height = image.size
            image.verify()
    except Exception:  # Any failure on untrusted bytes is a refusal.
        return None, DAMAGED_IMAGE
    limit = Image.MAX_IMAGE_PIXELS
    if not width or not height or (limit and width * height > limit):
        return None, DAMAGED_IMAGE
    return ALLOWED_KINDS[code], None


def _inspect_zip(fileobj) -> tuple[FileKind | None, str | None]:
    """Office documents are zips; any trouble opening one is a refusal, not a crash."""
    try:
        fileobj.seek(0)
        if not zipfile.is_zipfile(fileobj):
            return None, UNSAFE_ARCHIVE
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            return _inspect_archive(archive)
    except Exception:  # Any failure on untrusted bytes is a refusal.
        return None, UNSAFE_ARCHIVE


def _inspect_archive(archive) -> tuple[FileKind | None, str | None]:
    """Check the directory for bombs first, then look for the document's own parts."""
    members = archive.infolist()
    names = {member.filename for member in members}
    if (
        not members
        or len(members) > MAX_ARCHIVE_MEMBERS
        or len(names) != len(members)
        or sum(member.file_size for member in members) > MAX_ARCHIVE_UNCOMPRESSED_SIZE
        or any(
            member.file_size > MAX_COMPRESSION_RATIO * member.compress_size
            for member in members
        )
    ):
        return None, UNSAFE_ARCHIVE

    first = members[0]
    if first.filename == "mimetype":
        if first.file_size == len(ODT_MIMETYPE) and archive.read(first) == ODT_MIMETYPE:
            return ALLOWED_KINDS["odt"], None
        return None, UNSUPPORTED

    if "[Content_Types].xml" not in names:
        return None, UNSUPPORTED
    is_docx = "word/document.xml" in names
    is_xlsx = "xl/workbook.xml" in names
    if is_docx == is_xlsx:
        return None, UNSUPPORTED
    content_types = archive.getinfo("[Content_Types].xml")
    if content_types.file_size > MAX_CONTENT_TYPES_SIZE:
        return None, UNSAFE_ARCHIVE
    if b"macroenabled" in archive.read(content_types).lower() or any(
        name.lower().endswith("vbaproject.bin") for name in names
    ):
        return None, MACROS
    return ALLOWED_KINDS["docx" if is_docx else "xlsx"], None


def _looks_like_svg(head: bytes) -> bool:
    """An XML document whose root is <svg>, however it is named."""
    text = head.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf \t\r\n").lower()
    return (
        text.startswith(("<?xml", "<svg", "<!doctype svg", "<!--"))
        and "<svg" in text
        and "<html" not in text
    )


def _looks_like_extension(extension: str) -> bool:
    """So "report.docx" loses its suffix but "Report v1.2" and "Annex. Part one" keep
    theirs."""
    return bool(_EXTENSION.fullmatch(extension)) and not extension.isdigit()


def _is_space(char: str) -> bool:
    """Tabs, line breaks and Unicode spaces separate words; other controls go."""
    return char in "\t\n\r\x0b\x0c" or unicodedata.category(char) in ("Zs", "Zl", "Zp")


def _is_control(char: str) -> bool:
    """Invisible characters that could break headers or disguise the extension;
    the joiners some scripts (Persian, Indic) need in words are kept."""
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in "\u200c\u200d"
    return category in ("Cc", "Cs", "Co", "Cn")


def _measure(fileobj) -> int:
    """The size of a file object that does not say, without reading it."""
    position = fileobj.tell()
    try:
        fileobj.seek(0, 2)
        return fileobj.tell()
    finally:
        fileobj.seek(position)


# Text ---------------------------------------------------------------------------

NO_TEXT = "no_text"
NOT_A_STATEMENT = "not_a_statement"
TEXT_MESSAGES = {
    NO_TEXT: _(
        "This document has no text that can be read: it may be empty or a "
        "scanned image. Upload the document as saved from the word processor, "
        "with its text, then try again."
    ),
    NOT_A_STATEMENT: _("Only PDF and Word (DOCX) documents can be uploaded here."),
}
# Pages read for text before giving up: a statement's text starts early.
TEXT_PAGES_READ = 5
_DOCX_TEXT_RUN = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def has_text(fileobj, kind: FileKind) -> bool:
    """Whether a PDF or DOCX holds readable words, not only images or nothing.

    Read from the content, like the kind: a scanned page or a blank document
    is refused where text is the point (a statement is read and quoted). Any
    failure to read untrusted bytes counts as no text."""
    position = fileobj.tell()
    try:
        fileobj.seek(0)
        if kind.code == "pdf":
            return _pdf_has_text(fileobj)
        if kind.code == "docx":
            return _docx_has_text(fileobj)
        return False
    except Exception:  # Any failure on untrusted bytes is a refusal.
        return False
    finally:
        fileobj.seek(position)


def validate_document_with_text(uploaded_file, allowed=("pdf", "docx")) -> FileKind:
    """An attachment's checks (size, kind by content, no macros), then that it
    is one of the `allowed` document kinds and has text."""
    kind = validate_attachment(uploaded_file)
    if kind.code not in allowed:
        raise ValidationError(TEXT_MESSAGES[NOT_A_STATEMENT], code=NOT_A_STATEMENT)
    if not has_text(uploaded_file, kind):
        raise ValidationError(TEXT_MESSAGES[NO_TEXT], code=NO_TEXT)
    return kind


def _pdf_has_text(fileobj) -> bool:
    from pypdf import PdfReader

    reader = PdfReader(fileobj, strict=False)
    for page in reader.pages[:TEXT_PAGES_READ]:
        if (page.extract_text() or "").strip():
            return True
    return False


def _docx_has_text(fileobj) -> bool:
    # The archive's sizes were checked by validate_attachment: reading the
    # document part is safe.
    with zipfile.ZipFile(fileobj) as archive:
        body = archive.read("word/document.xml")
    return any(run.strip() for run in _DOCX_TEXT_RUN.findall(body))
