"""Small PDF documents with real text for the demo and the browser tests,
written by hand (one page, Helvetica), so they need nothing of the system:
WeasyPrint needs Pango, which a machine may lack."""

import textwrap

LINE_WIDTH = 88
LINES_PER_PAGE = 52


def _pdf_string(text):
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return "(" + escaped + ")"


def text_pdf(title, paragraphs):
    """A one-page A4 PDF: the title, then the paragraphs wrapped, in Latin-1
    (what Helvetica's WinAnsi encoding holds)."""
    lines = [title, ""]
    for paragraph in paragraphs:
        lines.extend(textwrap.wrap(paragraph, LINE_WIDTH) or [""])
        lines.append("")
    lines = lines[:LINES_PER_PAGE]
    shown = "\n".join(f"{_pdf_string(line)} '" for line in lines[1:])
    content = (
        f"BT /F1 13 Tf 14 TL 56 786 Td {_pdf_string(lines[0])} Tj "
        f"/F1 10 Tf\n{shown}\nET"
    ).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
