"""Rebuild the import test files, so the committed bytes can be checked and renewed.

Run from the project root:
.venv/bin/python tests/contributions/files/imports/make_files.py
"""

import csv
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

HEADINGS = [
    "Reference",
    "Organisation *",
    "Title *",
    "Summary *",
    "Description",
    "Pillars *",
    "Priorities *",
    "Atrocity crimes",
    "Practice areas",
    "Countries concerned",
    "Regions",
    "Secretary-General reports",
    "Start year *",
    "End year",
    "Ongoing",
    "Language",
    "Internal contact",
    "Sources",
]


def row(title, *, reference="", organisation="Ghana", pillars="I; II", **cells):
    values = {
        "Reference": reference,
        "Organisation *": organisation,
        "Title *": title,
        "Summary *": cells.get("summary", f"What {title} does, in a sentence."),
        "Description": cells.get("description", "First paragraph.\n\nSecond one."),
        "Pillars *": pillars,
        "Priorities *": cells.get("priorities", "2"),
        "Atrocity crimes": cells.get("crimes", "genocide; War crimes"),
        "Practice areas": "",
        "Countries concerned": cells.get("countries", "GHA; Côte d'Ivoire"),
        "Regions": "",
        "Secretary-General reports": "",
        "Start year *": cells.get("start_year", "2011"),
        "End year": cells.get("end_year", ""),
        "Ongoing": cells.get("ongoing", "yes"),
        "Language": "en",
        "Internal contact": cells.get("internal_contact", ""),
        "Sources": cells.get(
            "sources", "Peace Council Act <https://www.example.org/act>"
        ),
    }
    return [values[heading] for heading in HEADINGS]


GOOD = [
    row("Réseau d'alerte précoce des conseils de paix"),
    row(
        "Atrocity prevention focal point",
        organisation="DNK",
        pillars="Pillar II",
        priorities="1; 6",
        countries="DNK",
        ongoing="no",
        start_year="2015",
        end_year="2019",
        sources="",
    ),
    row("Community mediation handbook", pillars="III", crimes="", countries=""),
]


def write_csv(name, rows, encoding="utf-8", headings=HEADINGS, delimiter=","):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows(rows)
    (HERE / name).write_bytes(text.getvalue().encode(encoding))


def write_xlsx(name, rows, headings=HEADINGS):
    book = Workbook()
    sheet = book.active
    sheet.append(headings)
    for values in rows:
        sheet.append(values)
    book.save(HERE / name)


def zip_bomb(name):
    """A valid-looking workbook whose sheet expands 300 MB from a few hundred kB."""
    buffer = io.BytesIO()
    write_xlsx("_tmp.xlsx", GOOD)
    with zipfile.ZipFile(HERE / "_tmp.xlsx") as source:
        members = {item.filename: source.read(item) for item in source.infolist()}
    (HERE / "_tmp.xlsx").unlink()
    padding = b" " * (300 << 20)
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet.replace(
        b"<sheetData>", b"<sheetData>" + padding, 1
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for member, data in members.items():
            out.writestr(member, data)
    (HERE / name).write_bytes(buffer.getvalue())


def million_blank_rows(name):
    """A sheet with a header, one entry and a million empty rows below it."""
    write_xlsx("_tmp.xlsx", GOOD[:1])
    with zipfile.ZipFile(HERE / "_tmp.xlsx") as source:
        members = {item.filename: source.read(item) for item in source.infolist()}
    (HERE / "_tmp.xlsx").unlink()
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    blank = "".join(f'<row r="{number}"/>' for number in range(3, 1_000_003))
    sheet = sheet.replace("</sheetData>", blank + "</sheetData>", 1)
    sheet = sheet.replace(
        '<dimension ref="A1:R2" />', '<dimension ref="A1:R1000002" />'
    )
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for member, data in members.items():
            out.writestr(member, data)
    (HERE / name).write_bytes(buffer.getvalue())


def main():
    write_csv("entries.csv", GOOD)
    write_xlsx("entries.xlsx", GOOD)
    write_csv("entries_bom.csv", GOOD, encoding="utf-8-sig")
    # Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated.
    write_csv("entries_utf16.csv", GOOD, encoding="utf-16", delimiter="\t")
    write_csv("entries_latin1.csv", GOOD, encoding="cp1252")
    write_csv(
        "entries_missing_columns.csv",
        [[title, "Ghana"] for title in ("One", "Two")],
        headings=["Title", "Organisation"],
    )
    write_csv(
        "entries_unknown_pillar.csv",
        [GOOD[0], row("Fourth pillar practice", pillars="IV")],
    )
    write_csv(
        "entries_duplicated_reference.csv",
        [
            row("First copy", reference="CP-0001"),
            row("Second copy", reference="CP-0001"),
        ],
    )
    formulas = [
        row('=HYPERLINK("https://evil.example","Click")'),
        row("Plain title", summary="=1+1"),
    ]
    write_csv("entries_formulas.csv", formulas)
    # NUL characters, which no database text can hold, in cells past the first
    # 64 kB, where a file is no longer looked at as a whole.
    write_csv(
        "entries_nul.csv",
        [row(f"Padding practice {number:03d}") for number in range(1, 301)]
        + [
            row("Bad\x00title", summary="A plain summary."),
            row("Good title", reference="CP-\x000001"),
            row("Bad source", sources="Act <https://www.example.org/a\x00b>"),
            row("Bad summary", summary="Before\x00after"),
        ],
    )
    write_xlsx("entries_formulas.xlsx", formulas)
    write_csv(
        "entries_1000.csv",
        [row(f"Practice number {number:04d}") for number in range(1, 1001)],
    )
    zip_bomb("zip_bomb.xlsx")
    million_blank_rows("million_blank_rows.xlsx")
    # The same in CSV: empty lines, which only reading through them can find.
    write_csv("million_blank_rows.csv", [GOOD[0]] + [[]] * 1_000_000)


if __name__ == "__main__":
    main()
