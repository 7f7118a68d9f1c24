"""Rebuild the sample uploads, so the committed bytes can be checked and renewed.

Run from the project root: .venv/bin/python tests/contributions/files/make_samples.py
"""

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from PIL import Image

HERE = Path(__file__).resolve().parent


def minimal_pdf():
    """A one-page PDF with a line of text and a correct cross-reference table."""
    text = b"BT /F1 12 Tf 20 100 Td (Sample practice document) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def image(fmt):
    """A small picture, saved by Pillow as a real PNG or JPEG."""
    picture = Image.new("RGB", (32, 24), (0, 114, 188))
    for x in range(32):
        picture.putpixel((x, 12), (255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt)
    return buffer.getvalue()


def xlsx():
    """A workbook written by openpyxl, as Excel would read it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["State", "Year", "Measure"])
    sheet.append(["Ghana", 2023, "National peace architecture"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    ),
    "word/document.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
        '2006/main"><w:body><w:p><w:r><w:t>Sample practice document</w:t></w:r>'
        "</w:p></w:body></w:document>"
    ),
}

ODT_PARTS = {
    "META-INF/manifest.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
        'manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    ),
    "content.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
        'xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:'
        'text:1.0" office:version="1.2"><office:body><office:text>'
        "<text:p>Sample practice document</text:p>"
        "</office:text></office:body></office:document-content>"
    ),
}


def zipped(parts, first=None):
    """A deflated zip of the parts; `first` is stored uncompressed ahead of them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(first[0], first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx():
    """The three parts Word needs to open a document."""
    return zipped(DOCX_PARTS)


def odt():
    """The stored mimetype first, then the manifest and the text."""
    return zipped(
        ODT_PARTS, first=("mimetype", "application/vnd.oasis.opendocument.text")
    )


SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    '<script>alert("hello")</script><rect width="10" height="10"/></svg>\n'
)


def samples():
    """Every sample file by name: the genuine ones first, then the impostors."""
    png = image("PNG")
    return {
        "sample.pdf": minimal_pdf(),
        "sample.png": png,
        "sample.jpg": image("JPEG"),
        "sample.xlsx": xlsx(),
        "sample.docx": docx(),
        "sample.odt": odt(),
        "html-renamed.pdf": (
            b"<!DOCTYPE html>\n<html><head><title>Report</title></head>"
            b"<body><script>alert(document.cookie)</script></body></html>\n"
        ),
        "drawing.svg": SVG.encode(),
        "drawing-svg.png": SVG.encode(),
        "notes-text.png": b"Meeting notes, not an image at all.\n",
        "truncated.png": png[: len(png) // 2],
        "plain.zip": zipped({"notes.txt": "Just a text file in a zip.\n"}),
    }


if __name__ == "__main__":
    for name, data in samples().items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")
