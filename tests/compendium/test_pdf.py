"""The PDF of a released edition: made in the background after release, in a
child process with bounded memory, fetching nothing, and served from storage."""

import http.server
import logging
import re
import shutil
import subprocess
import threading
import zlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from weasyprint import HTML

from compendium import editions, pdf, pdf_render, tasks
from compendium.choices import EditionKind
from compendium.models import CompendiumSource, Edition, EditionPdf
from compendium.pdf_render import RefusingFetcher
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db


# Reading PDFs ----------------------------------------------------------------------


def laid_out(edition, folder):
    """The edition's document laid out in this process, exactly as the child
    process lays it out."""
    pdf.write_documents(edition, folder)
    fetcher = RefusingFetcher()
    return pdf_render.lay_out(folder, fetcher).document, fetcher


def box_text(box):
    """The text laid out in a box and the boxes inside it, in order, spaces
    collapsed."""
    parts, boxes = [], [box]
    while boxes:
        box = boxes.pop(0)
        if getattr(box, "text", None):
            parts.append(box.text)
        boxes[:0] = getattr(box, "children", [])
    return " ".join(" ".join(parts).split())


def page_texts(document):
    """The text of each page, generated text (page numbers, leaders) included."""
    return [box_text(page._page_box) for page in document.pages]


def page_lines(page):
    """The lines of a laid-out page, top to bottom, each as its text."""
    lines, boxes = [], [page._page_box]
    while boxes:
        box = boxes.pop(0)
        if type(box).__name__ == "LineBox":
            lines.append(box_text(box))
        else:
            boxes[:0] = getattr(box, "children", [])
    return lines


def pdf_strings(data):
    """What a PDF file says in its own structure, its compressed streams
    inflated: page objects, bookmark titles, metadata."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def english(edition):
    """The edition's English PDF, as stored now."""
    return EditionPdf.objects.get(edition=edition, language="en")


def stored_pdf(edition):
    with english(edition).file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def published():
    publish_entry(
        title="National early warning committee",
        pillars=("I",),
        priorities=("2",),
        countries=("KEN",),
        reference="CP-0001",
    )
    publish_entry(
        title="Regional mediation support unit",
        pillars=("II", "III"),
        priorities=("5",),
        countries=("KEN", "GHA"),
        contributor=("Denmark", "member-state", "DNK"),
        reference="CP-0002",
    )
    publish_entry(
        title="Truth commission outreach",
        pillars=("I",),
        priorities=("4",),
        reference="CP-0003",
    )


def release_in_the_admin(client, publisher, capture, label="1.0", **fields):
    """Release as a publisher does, through the admin and the release task."""
    edition = Edition.objects.create(
        label=label,
        title=fields.pop("title", "First official version"),
        kind=fields.pop("kind", EditionKind.OFFICIAL),
    )
    client.force_login(publisher)
    with capture(execute=True):
        client.post(f"/admin/edition/{edition.pk}/release/do/")
    client.logout()
    edition.refresh_from_db()
    return edition


# Made after release, served from storage --------------------------------------------


def test_a_release_makes_the_pdf_which_the_public_downloads(
    client, publisher, published, django_capture_on_commit_callbacks
):
    edition = release_in_the_admin(
        client, publisher, django_capture_on_commit_callbacks
    )
    assert edition.is_released
    made = english(edition)
    assert made.file.name.startswith("editions/r2p-compendium-1.0-")
    assert made.rendered_at is not None
    assert made.problem == ""

    response = client.get("/compendium/editions/1.0/download.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="r2p-compendium-1.0.pdf"'
    )
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    structure = pdf_strings(data)
    # Cover, contents, three entries on a page each, the index.
    assert len(re.findall(rb"/Type\s*/Page\b", structure)) == 6
    assert b"National early warning committee" in structure  # a bookmark
    assert b"Index by country" in structure


def test_the_pdf_has_a_cover_contents_with_page_numbers_entries_and_an_index(
    publisher, published, tmp_path
):
    edition = release_edition(publisher, "1.0", title="First official version")
    document, fetcher = laid_out(edition, tmp_path)
    pages = page_texts(document)
    assert len(pages) == 6
    assert fetcher.refused == []

    cover, contents, *sections, index = pages
    assert "Compendium of Practice on the Responsibility to Protect" in cover
    assert "First official version" in cover
    assert "Edition 1.0" in cover
    assert "3 entries" in cover

    # The front matter is numbered i, ii… (the cover's number is not shown),
    # the body from 1, as printed at the foot of each page.
    assert contents.endswith(" ii")
    assert [text.rsplit(" ", 1)[1] for text in sections + [index]] == [
        "1",
        "2",
        "3",
        "4",
    ]

    # Contents: by pillar, then priority, each entry with the page it starts on.
    assert contents.index("Pillar I:") < contents.index("Priority 2:")
    assert contents.index("Priority 2:") < contents.index("Priority 4:")
    assert contents.index("Priority 4:") < contents.index("Pillar II:")
    for reference, title in [
        ("CP-0001", "National early warning committee"),
        ("CP-0003", "Truth commission outreach"),
        ("CP-0002", "Regional mediation support unit"),
    ]:
        sheet = next(
            n
            for n, text in enumerate(pages, 1)
            if f"{reference} {title}" in text and n > 2
        )
        number = sheet - 2  # after the cover and the contents
        assert re.search(rf"{reference} {title}[ .]*{number}\b", contents), contents
    assert re.search(r"Index by country[ .]*4 ii$", contents), contents

    # One section per entry, in the order of the contents, with its text.
    assert [re.search(r"CP-\d+", text).group() for text in sections] == [
        "CP-0001",
        "CP-0003",
        "CP-0002",
    ]
    assert "An inter-ministerial committee that monitors risk factors." in sections[0]
    assert "The committee meets monthly." in sections[0]
    assert "Decree — https://example.gov/decree" in sections[0]
    assert "Pillar II: " in sections[2] and "Pillar III: " in sections[2]

    # Index by country, after the map and its caption: Ghana (concerned by
    # CP-0002 and contributor of the others), Kenya, Denmark (contributor of
    # CP-0002).
    index = index.split("acceptance by the United Nations.", 1)[1]
    assert index.index("Denmark") < index.index("Ghana") < index.index("Kenya")
    kenya = index[index.index("Kenya") :]
    assert re.search(
        r"Kenya — concerning: CP-0001 \(p\. 1 ?\) ?, CP-0002 \(p\. 3 ?\)", kenya
    )
    assert re.search(r"Denmark — contributed: CP-0002 \(p\. 3 ?\)", index)


def test_an_entrys_lines_stay_lines(publisher, tmp_path):
    """The classification, a summary's own line breaks, the sources and the
    contents are laid out a line each (they end in newlines the stylesheet
    keeps, not in <br>), and spaces between words still collapse."""
    entry = publish_entry(
        title="National early warning committee",
        summary="First line of the summary.\r\nSecond   line.",
        countries=("KEN",),
        reference="CP-0001",
    )
    entry.sources = [
        CompendiumSource(title="Decree", url="https://example.gov/decree"),
        CompendiumSource(title="Annual report", url="https://example.gov/report"),
    ]
    entry.save_revision().publish()
    publish_entry(title="Truth commission outreach", reference="CP-0002")
    edition = release_edition(publisher, "1.0")
    document, _fetcher = laid_out(edition, tmp_path)
    lines = page_lines(document.pages[2])
    for line in [
        "Contributed by: Ghana (Member State)",
        "Period: 2012 – ongoing",
        "Pillars: Pillar I: The protection responsibilities of the State",
        "Countries concerned: Kenya",
        "First line of the summary.",
        "Second line.",
        "Decree — https://example.gov/decree",
        "Annual report — https://example.gov/report",
    ]:
        assert line in lines, lines
    contents = page_lines(document.pages[1])
    assert "CP-0001 National early warning committee 1" in contents, contents
    assert "CP-0002 Truth commission outreach 2" in contents, contents


def test_the_pdf_of_a_pre_publication_edition_is_not_public(
    client, publisher, published, django_capture_on_commit_callbacks
):
    edition = Edition.objects.create(
        label="2015-pre", title="Preliminary", kind=EditionKind.PRE_PUBLICATION
    )
    editions.share(actor=publisher, edition=edition)
    editions.release(actor=publisher, edition=edition)
    assert tasks.render_edition_pdf.enqueue(edition.pk).return_value == 6
    assert english(edition).file

    assert client.get("/compendium/editions/2015-pre/download.pdf").status_code == 404
    client.force_login(publisher)
    response = client.get("/compendium/editions/2015-pre/download.pdf")
    assert response.status_code == 200
    # Its stored name cannot be guessed from the label.
    assert re.fullmatch(
        r"editions/r2p-compendium-2015-pre-[0-9a-f]{16}\.pdf",
        english(edition).file.name,
    )


def test_an_edition_in_preparation_has_no_pdf_to_make_or_download(
    client, publisher, published
):
    edition = Edition.objects.create(label="1.1", title="Next", kind="update")
    assert tasks.render_edition_pdf.enqueue(edition.pk).return_value == 0
    assert client.get("/compendium/editions/1.1/download.pdf").status_code == 404


def test_a_pdf_not_yet_made_is_announced_not_served(client, publisher, published):
    release_edition(publisher, "1.0")  # the PDF task not run yet
    response = client.get("/compendium/editions/1.0/download.pdf")
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "The PDF of this edition is being prepared." in body
    assert "/compendium/editions/1.0/download.csv" in body


def test_a_pdf_being_prepared_is_not_logged_as_a_server_error(
    client, publisher, published, caplog
):
    release_edition(publisher, "1.0")
    with caplog.at_level(logging.INFO, logger="django.request"):
        assert client.get("/compendium/editions/1.0/download.pdf").status_code == 503
        assert client.get("/compendium/editions/9.9/download.pdf").status_code == 404
    levels = {
        record.getMessage(): record.levelname
        for record in caplog.records
        if record.name == "django.request"
    }
    assert levels == {
        "Service Unavailable: /compendium/editions/1.0/download.pdf": "INFO",
        "Not Found: /compendium/editions/9.9/download.pdf": "WARNING",
    }


def test_a_stored_pdf_that_went_missing_is_announced_not_a_server_error(
    client, publisher, published
):
    edition = release_edition(publisher, "1.0")
    tasks.render_edition_pdf.enqueue(edition.pk)
    made = english(edition)
    made.file.storage.delete(made.file.name)
    assert client.get("/compendium/editions/1.0/download.pdf").status_code == 503


def test_making_it_again_replaces_the_stored_file(publisher, published):
    edition = release_edition(publisher, "1.0")
    call_command("render_edition_pdf", "--missing", stdout=StringIO())
    first = english(edition).file.name
    out = StringIO()
    call_command("render_edition_pdf", "1.0", stdout=out)
    assert "Edition 1.0: 6 pages" in out.getvalue()
    made = english(edition)
    assert made.file.name != first
    assert made.file.storage.exists(made.file.name)
    assert not made.file.storage.exists(first)


# Bounded memory -------------------------------------------------------------------


def test_a_render_over_its_memory_limit_fails_cleanly_and_says_why(
    client, publisher, published, settings
):
    settings.COMPENDIUM_PDF_MEMORY_LIMIT_MB = 40
    edition = release_edition(publisher, "1.0")
    assert tasks.render_edition_pdf.enqueue(edition.pk).return_value == 0
    assert not english(edition).file
    assert "40 MB" in english(edition).problem

    response = client.get("/compendium/editions/1.0/download.pdf")
    assert response.status_code == 503
    assert response["Retry-After"] == "3600"
    assert "not available at the moment" in response.content.decode()

    # With room enough, making it again succeeds and clears the problem.
    settings.COMPENDIUM_PDF_MEMORY_LIMIT_MB = 1024
    assert tasks.render_edition_pdf.enqueue(edition.pk).return_value == 6
    assert english(edition).file and english(edition).problem == ""


def test_a_render_over_its_memory_limit_leaves_the_machines_fonts_alone(
    publisher, published, settings, tmp_path, monkeypatch
):
    """A render capped below what fontconfig needs to read its caches must not
    write the machine's font folders down as empty (as it did, until browsers
    and PDFs fell back to a monospace font)."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for font in Path("/usr/share/fonts/truetype/dejavu").glob("*.ttf"):
        shutil.copy(font, fonts)
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{fonts}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    subprocess.run(["fc-cache", "-f"], check=True)  # noqa: S607 - fontconfig's tool

    def listed():
        found = subprocess.run(["fc-list"], capture_output=True, text=True)  # noqa: S607
        return len(found.stdout.splitlines())

    before = listed()
    assert before > 10
    settings.COMPENDIUM_PDF_MEMORY_LIMIT_MB = 40
    edition = release_edition(publisher, "1.0")
    tasks.render_edition_pdf.enqueue(edition.pk)
    assert listed() == before


def test_a_render_over_its_time_limit_is_stopped(publisher, published, settings):
    settings.COMPENDIUM_PDF_TIMEOUT = 0.01
    edition = release_edition(publisher, "1.0")
    assert tasks.render_edition_pdf.enqueue(edition.pk).return_value == 0
    assert "took longer than" in english(edition).problem


# Nothing fetched --------------------------------------------------------------------


@pytest.fixture
def listening():
    """A web server on this machine that records every request it gets."""
    hits = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def hostile_text(base):
    return (
        f'<p>Before.<img src="{base}/image.png"></p>'
        '<p><img src="file:///etc/passwd"></p>'
        f'<link rel="stylesheet" href="{base}/linked.css">'
        f"<style>@import url({base}/imported.css); "
        f"body {{ background: url({base}/background.png) }}</style>"
        f'<p style="background-image: url({base}/attribute.png)">After.</p>'
        '<object data="file:///etc/passwd"></object>'
        f'<p><a href="{base}/link">a link is not fetched</a></p>'
    )


def test_entry_text_that_names_urls_and_files_fetches_nothing(
    client, publisher, listening, django_capture_on_commit_callbacks
):
    base, hits = listening
    publish_entry(
        title=f'<img src="{base}/title.png"> Hostile entry',
        description=hostile_text(base),
        reference="CP-0066",
    )
    edition = release_in_the_admin(
        client, publisher, django_capture_on_commit_callbacks
    )
    assert english(edition).problem == ""
    data = stored_pdf(edition)
    assert data.startswith(b"%PDF-")
    assert hits == []
    structure = pdf_strings(data)
    assert b"root:x:0:0" not in structure
    # The title is text, shown as typed.
    assert f'<img src="{base}/title.png"> Hostile entry'.encode() in structure

    # Sanitised: nothing that could fetch is left for the layout…
    kept = pdf.sanitised(hostile_text(base))
    for gone in ("<img", "<link", "<style", "style=", "url(", "<object", "passwd"):
        assert gone not in kept
    assert "Before." in kept and "After." in kept
    assert f'<a href="{base}/link">' in kept


def test_the_renderer_refuses_every_url_even_in_unsanitised_html(listening):
    """The second line of defence: had markup got through, the fetcher refuses
    it, whatever the scheme."""
    base, hits = listening
    html = (
        f'<html><head><link rel="stylesheet" href="{base}/linked.css">'
        f"<style>@import url({base}/imported.css);"
        f"@font-face {{ font-family: X; src: url({base}/font.woff) }}"
        f"body {{ font-family: X; background: url({base}/background.png) }}"
        "</style></head><body>"
        f"{hostile_text(base)}"
        '<img src="data:image/svg+xml,<svg xmlns=%22http://www.w3.org/2000/svg%22/>">'
        "</body></html>"
    )
    fetcher = RefusingFetcher()
    document = HTML(string=html, base_url=None, url_fetcher=fetcher).render()
    assert document.write_pdf().startswith(b"%PDF-")
    assert hits == []
    for url in (
        f"{base}/linked.css",
        f"{base}/imported.css",
        f"{base}/font.woff",
        f"{base}/background.png",
        f"{base}/image.png",
        f"{base}/attribute.png",
        "file:///etc/passwd",
    ):
        assert url in fetcher.refused, url
    assert any(url.startswith("data:") for url in fetcher.refused)
    assert all("passwd" not in text for text in page_texts(document)[1:])
