"""Reading an uploaded CSV or XLSX file row by row, refusing what would hurt.

Files are streamed, never loaded whole, so a 100,000-row sheet reads in flat
memory. Before any row is read, an XLSX file's zip directory is checked for a
bomb (a few kilobytes that expand to gigabytes) and its declared size for more
rows than an import takes; while reading, a long run of empty rows stops the
read (a sheet "used" down to row 1,048,576 is the common way to meet one).
"""

import codecs
import csv
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext as _

FORMATS = ("csv", "xlsx")
CSV_SNIFF_BYTES = 1 << 20


def max_rows():
    return getattr(settings, "IMPORT_MAX_ROWS", 200_000)


def max_blank_run():
    return getattr(settings, "IMPORT_MAX_BLANK_ROWS", 1_000)


def max_unpacked_bytes():
    return getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", 1 << 30)


# Spreadsheet XML compresses well, but not this well: a member expanding more
# than this many times is a zip bomb.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = 1 << 20


class FileProblem(Exception):
    """The file as a whole cannot be imported; the message says why in plain words."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Sheet:
    headers: list  # as written in the file
    rows: object  # iterator of (row number in the file, list of cell texts)
    encoding: str = ""
    notes: list = field(default_factory=list)


def extension_of(file_name):
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


def open_sheet(path, file_name):
    """The file's header and an iterator over its non-empty rows."""
    extension = extension_of(file_name)
    if extension == "csv":
        return _csv_sheet(path)
    if extension == "xlsx":
        return _xlsx_sheet(path)
    raise FileProblem(
        _(
            "%(name)s is neither a CSV nor an XLSX file. Save it in one of "
            "those formats."
        )
        % {"name": file_name}
    )


# CSV --------------------------------------------------------------------------------


def detect_encoding(path):
    """The text encoding of a CSV file: from its byte-order mark, else UTF-8 if
    every byte decodes as UTF-8, else Windows-1252 (Latin-1 as spreadsheet
    programs write it)."""
    with open(path, "rb") as handle:
        start = handle.read(4)
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig", _("UTF-8")
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", _("UTF-16")
        handle.seek(0)
        sample = handle.read(CSV_SNIFF_BYTES)
        if sample[:2].count(b"\0") == 1 or sample[:200].count(b"\0") > 20:
            # UTF-16 without a byte-order mark: ASCII letters alternate with zeros.
            return ("utf-16-le" if sample[1:2] == b"\0" else "utf-16-be"), _("UTF-16")
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(CSV_SNIFF_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252", _("Windows-1252 (Latin-1)")
    return "utf-8", _("UTF-8")


def _csv_sheet(path):
    encoding, encoding_name = detect_encoding(path)
    handle = open(path, encoding=encoding, errors="replace", newline="")  # noqa: SIM115
    try:
        sample = handle.read(64 * 1024)
        if "\0" in sample:
            raise FileProblem(
                _(
                    "The file holds binary data, not text. Open it in your "
                    "spreadsheet program and save it as CSV UTF-8 or as XLSX."
                )
            )
        handle.seek(0)
        try:
            delimiter = (
                csv.Sniffer()
                .sniff(sample.split("\n", 1)[0], delimiters=",;\t")
                .delimiter
            )
        except csv.Error:
            delimiter = ","
        # Only the delimiter is guessed; quoting is always the spreadsheet way.
        reader = csv.reader(handle, delimiter=delimiter)
        headers = _header(reader)
    except BaseException:
        handle.close()
        raise

    def rows():
        with handle:
            yield from _non_empty(
                (number, cells) for number, cells in enumerate(reader, start=2)
            )

    notes = []
    if encoding == "cp1252":
        notes.append(
            _(
                "The file is not UTF-8; it was read as Windows-1252 (Latin-1). "
                "Check accented letters in the entries below."
            )
        )
    return Sheet(headers=headers, rows=rows(), encoding=encoding_name, notes=notes)


def _header(reader):
    for cells in reader:
        if any(str(cell).strip() for cell in cells):
            return [str(cell).strip() for cell in cells]
    raise FileProblem(_("The file is empty: it has no row of column names."))


def _non_empty(numbered_rows):
    """Rows with something in them; refuses a long run of empty ones and more
    rows than an import takes."""
    blank_run, count, limit, blank_limit = 0, 0, max_rows(), max_blank_run()
    for number, cells in numbered_rows:
        if not any(cells):
            blank_run += 1
            if blank_run > blank_limit:
                raise FileProblem(
                    _(
                        "More than %(count)s empty rows follow one another from "
                        "row %(row)s. Delete the empty rows (or everything below "
                        "your data) and save the file again."
                    )
                    % {"count": f"{blank_limit:,}", "row": number - blank_run + 1}
                )
            continue
        blank_run = 0
        count += 1
        if count > limit:
            raise FileProblem(
                _(
                    "The file has more than %(limit)s rows. Split it into files "
                    "of at most %(limit)s rows."
                )
                % {"limit": f"{limit:,}"}
            )
        yield number, cells


# XLSX -------------------------------------------------------------------------------


def check_zip(path):
    """Refuses a file that is no XLSX or that would expand beyond reason."""
    if not zipfile.is_zipfile(path):
        raise FileProblem(
            _(
                "The file is not a valid XLSX workbook. Open it in your "
                "spreadsheet program and save it again as XLSX."
            )
        )
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    total = sum(member.file_size for member in members)
    bomb = any(
        member.file_size > RATIO_CHECKED_FROM
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if bomb or total > max_unpacked_bytes():
        raise FileProblem(
            _(
                "The workbook would expand to %(size)s MB when opened, far more "
                "than its data can need; it was not opened. Copy the data into a "
                "new workbook and save that."
            )
            % {"size": f"{total // (1 << 20):,}"}
        )


def _xlsx_sheet(path):
    from openpyxl import load_workbook

    check_zip(path)
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileProblem(
            _(
                "The workbook could not be read (%(reason)s). Open it in your "
                "spreadsheet program and save it again as XLSX."
            )
            % {"reason": type(error).__name__}
        ) from error
    sheet = book.worksheets[0]
    declared = sheet.max_row
    if declared is not None and declared > max_rows() + 1:
        book.close()
        raise FileProblem(
            _(
                "The sheet declares %(count)s rows; an import takes at most "
                "%(limit)s. If most of them are empty, delete everything below "
                "your data and save the file again."
            )
            % {"count": f"{declared:,}", "limit": f"{max_rows():,}"}
        )
    numbered = (
        (number, [_cell_text(value) for value in values])
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
    )
    try:
        headers = None
        for _number, cells in numbered:
            if any(cells):
                headers = [cell.strip() for cell in cells]
                break
        if headers is None:
            raise FileProblem(_("The file is empty: it has no row of column names."))
    except BaseException:
        book.close()
        raise

    def rows():
        try:
            yield from _non_empty(numbered)
        finally:
            book.close()

    return Sheet(headers=headers, rows=rows())


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if not value.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
