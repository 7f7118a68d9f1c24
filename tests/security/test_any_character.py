"""Any character in, every output works: text holding control characters,
bidirectional controls or unusual Unicode is refused at input with a clear
message (control characters) or flows to every output (everything else), and
text stays text: no output renders markup a contributor typed, no plain-text
e-mail escapes it."""

import csv
import email
import email.policy
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html import escape

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from compendium import pdf
from compendium.forms import CompendiumEntryForm
from compendium.models import CompendiumEntry, Edition
from compendium.text import one_line, printable, refuse_control_characters
from contributions import services as contribution_services
from contributions.forms import PracticeEntryForm, SourceFormSet
from contributions.imports.widgets import check_cell
from contributions.models import PracticeEntry, Source
from review import rounds
from review.choices import FeedbackKind
from review.models import Feedback
from tests.compendium.factories import EditionFactory, publish_entry, release_edition
from tests.contributions.factories import (
    ACCEPTED,
    PUBLISHED,
    advance,
    create_entry,
    entry_form_data,
)
from tests.review.factories import feedback_round

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CONTROL_CHARACTERS = ["\x0b", "\x1b", "\x85", "\x9f"]
AWKWARD = [
    pytest.param("\x0b", id="vertical-tab"),
    pytest.param("\x1b[31m", id="escape"),
    pytest.param("\x85", id="next-line-NEL"),
    pytest.param("\x9f", id="C1-control"),
    pytest.param("\u202e", id="right-to-left-override"),
    pytest.param("\u2067", id="right-to-left-isolate"),
    pytest.param("\u200b", id="zero-width-space"),
    pytest.param("\ufeff", id="byte-order-mark"),
    pytest.param("\U0001f469\u200d\U0001f469\u200d\U0001f467", id="emoji-with-ZWJ"),
    pytest.param("\u0301", id="lone-combining-mark"),
    pytest.param("<svg onload=alert(1)>", id="markup"),
    pytest.param("&amp;", id="entity"),
    pytest.param("w" * 10_000, id="10000-character-word"),
]


def texts(awkward):
    """(title, summary, description text) holding the awkward string; the
    title within its 255 characters."""
    return (
        f"Awkward {awkward[:200]} title",
        f"Summary {awkward} ends",
        f"Description {awkward} ends",
    )


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def released(
    awkward,
    contributor,
    focal_point,
    ghana,
    reviewer,
    publisher,
    django_capture_on_commit_callbacks,
):
    """Ghana's entry holding the awkward text, as stored before input refused
    control characters (or as an import or code wrote it): submitted, accepted,
    published and released in edition 1.0."""
    title, summary, description = texts(awkward)
    entry = create_entry(contributor, ghana)
    PracticeEntry.objects.filter(pk=entry.pk).update(
        title=title,
        summary=summary,
        description=f"<p>{escape(description, quote=False)}</p>",
    )
    Source.objects.filter(entry=entry).update(title=f"Source {awkward[:200]}")
    entry.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        advance(
            entry,
            ACCEPTED,
            focal_point=focal_point,
            reviewer=reviewer,
            message=f"Accepted {awkward} done",
        )
    entry = advance(entry, PUBLISHED, publisher=publisher)
    release_edition(publisher, "1.0")
    return entry


def assert_one_line_header(message, name, expected):
    """The header, as sent, is one line holding `expected`."""
    sent = email.message_from_bytes(
        message.message().as_bytes(), policy=email.policy.default
    )
    values = sent.get_all(name)
    assert len(values) == 1
    assert "\n" not in values[0] and "\r" not in values[0]
    assert expected in str(values[0])
    # Nothing in the text became a header of its own.
    assert set(sent.keys()) <= {
        "Content-Type",
        "MIME-Version",
        "Content-Transfer-Encoding",
        "Subject",
        "From",
        "To",
        "Date",
        "Message-ID",
    }


@pytest.mark.parametrize("awkward", AWKWARD)
def test_an_accepted_entry_with_awkward_text_reaches_every_output(
    awkward, released, client, reviewer, focal_point
):
    title, summary, description = texts(awkward)
    reference = released.reference
    shown = printable  # what spreadsheets, the feed and the PDF carry

    # The e-mails about it: the text as written, on one subject line.
    assert mail.outbox
    for message in mail.outbox:
        assert_one_line_header(message, "Subject", reference)
    decision = next(m for m in mail.outbox if m.to == [focal_point.email])
    assert title in decision.body
    assert f"Accepted {awkward} done" in decision.body
    submitted = next(m for m in mail.outbox if m.to == [reviewer.email])
    assert title in submitted.body
    assert "&lt;" not in decision.body + submitted.body
    assert "&amp;amp;" not in decision.body + submitted.body

    # JSON and the API: exactly as released (the description as the text of
    # its HTML, white space made single spaces).
    response = client.get("/compendium/editions/1.0/download.json")
    assert response.status_code == 200
    data = json.loads(content(response))
    (item,) = [e for e in data["entries"] if e["reference"] == reference]
    assert (item["title"], item["summary"]) == (title, summary)
    if not awkward.isspace():
        assert item["description"] == description
    description = item["description"]
    assert item["sources"][0]["title"] == f"Source {awkward[:200]}"

    # CSV: every cell as a spreadsheet holds it.
    response = client.get("/compendium/editions/1.0/download.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    row = next(row for row in rows if row[0] == reference)
    assert row[1:4] == [shown(title), shown(summary), shown(description)]

    # XLSX: opens, with the same cells.
    response = client.get("/compendium/editions/1.0/download.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(content(response)), read_only=True)
    cells = next(
        row for row in book.active.iter_rows(values_only=True) if row[0] == reference
    )
    assert list(cells[1:4]) == [shown(title), shown(summary), shown(description)]

    response = client.get(f"/api/v1/editions/1.0/entries/{reference}/")
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["summary"]) == (title, summary)
    response = client.get("/api/v1/editions/1.0/entries/?q=awkward")
    assert response.status_code == 200
    assert [e["reference"] for e in response.json()["results"]] == [reference]

    # The Atom feed: well-formed XML, the entry's text as text.
    response = client.get("/compendium/feed/")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)  # noqa: S314 - the site's own feed
    (added,) = [
        e
        for e in feed.iter(f"{ATOM}entry")
        if e.findtext(f"{ATOM}title").startswith("New in 1.0")
    ]
    assert added.findtext(f"{ATOM}title") == shown(f"New in 1.0: {title}")
    assert added.find(f"{ATOM}summary").get("type") == "text"
    assert added.findtext(f"{ATOM}summary") == shown(summary)

    # The sitemap: well-formed, with the entry's address.
    for address in ("/sitemap.xml", "/sitemap-entries.xml"):
        response = client.get(address)
        assert response.status_code == 200
        ET.fromstring(content(response))  # noqa: S314 - the site's own sitemap
    assert reference in client.get("/sitemap-entries.xml").content.decode()

    # The public pages: the text escaped, never markup of its own.
    for address in (
        f"/compendium/entries/{reference}/",
        f"/compendium/editions/1.0/entries/{reference}/",
        "/compendium/",
        "/compendium/?q=awkward",
    ):
        response = client.get(address)
        assert response.status_code == 200, address
        page = response.content.decode()
        assert reference in page
        assert "<svg onload" not in page
    page = client.get(f"/compendium/entries/{reference}/").content.decode()
    assert escape(title, quote=False) in page
    assert escape(summary, quote=False) in page

    # The PDF: made, and served.
    edition = Edition.objects.get(label="1.0")
    assert pdf.make_pdf(edition).pages >= 1
    response = client.get("/compendium/editions/1.0/download.pdf")
    assert response.status_code == 200
    document = content(response)
    assert document.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"],  # noqa: S607 - poppler, where installed
            input=document,
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert reference in text
        assert "Awkward" in text
        if awkward in ("<svg onload=alert(1)>", "&amp;"):
            assert f"Summary {awkward} ends" in text


@pytest.fixture
def pre_edition():
    publish_entry(title="National early warning committee", reference="CP-0001")
    return EditionFactory(pre_publication=True, label="2015-pre", title="Preliminary")


@pytest.mark.parametrize("awkward", AWKWARD)
def test_a_round_and_its_feedback_with_awkward_text_reach_e_mail_and_exports(
    awkward,
    pre_edition,
    ghana,
    focal_point,
    publisher,
    reviewer,
    client,
    django_capture_on_commit_callbacks,
):
    round = feedback_round(
        pre_edition,
        [ghana],
        title=f"Round {awkward[:200]}",
        instructions=f"Read {awkward} carefully.",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rounds.open_round(actor=publisher, round=round)

    (message,) = mail.outbox
    assert_one_line_header(message, "Subject", one_line(f"Round {awkward[:200]}"))
    assert f"Read {awkward} carefully." in message.body
    assert "&lt;" not in message.subject + message.body
    assert "&amp;amp;" not in message.subject + message.body

    # Feedback stored with the text (as before input refused control
    # characters), exported by the Office.
    for kind, title in ((FeedbackKind.ENTRY, ""), (FeedbackKind.PROPOSAL, awkward)):
        Feedback.objects.create(
            round=round,
            organisation=ghana,
            author=focal_point,
            kind=kind,
            reference="CP-0001" if kind == FeedbackKind.ENTRY else "",
            title=title[:255],
            quote=f"Quote {awkward}" if kind == FeedbackKind.ENTRY else "",
            body=f"Feedback {awkward} ends",
        )
    client.force_login(reviewer)
    response = client.get("/admin/feedback/?export=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(content(response)), read_only=True)
    cells = {
        cell
        for row in book.active.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    }
    assert printable(f"Feedback {awkward} ends") in cells
    assert printable(f"Quote {awkward}") in cells
    response = client.get("/admin/feedback/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert printable(f"Feedback {awkward} ends") in {
        cell for row in rows for cell in row
    }


@pytest.mark.parametrize("awkward", AWKWARD)
def test_the_offices_export_of_entries_carries_awkward_text(
    awkward, contributor, focal_point, ghana, reviewer, client
):
    entry = create_entry(contributor, ghana)
    title, summary, description = texts(awkward)
    PracticeEntry.objects.filter(pk=entry.pk).update(
        title=title,
        summary=summary,
        description=f"<p>{escape(description, quote=False)}</p>",
    )
    entry.refresh_from_db()
    contribution_services.submit(actor=focal_point, entry=entry)
    client.force_login(reviewer)

    response = client.get("/admin/practice_entries/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    (row,) = [row for row in rows if row[0] == entry.reference]
    assert row[1:3] == [printable(title), printable(summary)]

    response = client.get("/admin/practice_entries/?export=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(content(response)), read_only=True)
    cells = next(
        row
        for row in book.active.iter_rows(values_only=True)
        if row[0] == entry.reference
    )
    assert list(cells[1:3]) == [printable(title), printable(summary)]

    response = client.get("/admin/practice_entries/?export=json")
    assert response.status_code == 200
    (item,) = json.loads(content(response))["entries"]
    assert (item["title"], item["summary"]) == (title, summary)


# Refused at input -----------------------------------------------------------------


@pytest.mark.parametrize("control", CONTROL_CHARACTERS)
def test_a_control_character_is_refused_with_a_message_saying_which_and_where(
    control,
):
    with pytest.raises(ValidationError) as refused:
        refuse_control_characters(f"National early warning{control} committee")
    (message,) = refused.value.messages
    assert f"U+{ord(control):04X}" in message
    assert "after “National early warning”" in message


def test_a_control_character_at_the_start_is_refused_too():
    with pytest.raises(ValidationError) as refused:
        refuse_control_characters("\x1bcommittee")
    assert "at its start" in refused.value.messages[0]


@pytest.mark.parametrize(
    "legitimate",
    [
        "لجنة الإنذار المبكر\u200f",
        "\u2067مرحبا\u2069 committee",
        "\u202bעברית\u202c",
        "zero\u200bwidth\u200djoiner\u2060",
        "\ufeffbyte-order mark",
        "e\u0301 \u0301",
        "\U0001f469\u200d\U0001f469\u200d\U0001f467",
        "tab\tnew line\ncarriage return\r\n",
        "<svg onload=alert(1)> &amp;",
    ],
)
def test_text_of_every_script_passes(legitimate):
    refuse_control_characters(legitimate)
    assert printable(legitimate) == legitimate


def test_outputs_take_control_characters_out_and_keep_words_apart():
    assert (
        printable("early\x0bwarning\x1b[31m\x85end\x00\ufffe")
        == "early warning[31m end"
    )
    assert one_line("Round\x0bBcc: x@example.org\u2028two\nthree") == (
        "Round Bcc: x@example.org two three"
    )


@pytest.mark.parametrize("control", CONTROL_CHARACTERS)
def test_the_portal_entry_form_refuses_control_characters(control, draft):
    data = entry_form_data(
        title=f"Early warning{control} committee",
        **{"sources-0-title": f"Decree{control} of 2012"},
    )
    form = PracticeEntryForm(data, instance=draft)
    assert not form.is_valid()
    assert f"U+{ord(control):04X}" in form.errors["title"][0]
    sources = SourceFormSet(data, instance=draft, prefix="sources")
    assert not sources.is_valid()
    assert f"U+{ord(control):04X}" in sources.forms[0].errors["title"][0]


def test_the_portal_says_why_it_refuses_a_control_character(client, contributor, draft):
    client.force_login(contributor)
    data = entry_form_data(
        expected_version=draft.version_number, summary="Meets\x0b monthly."
    )
    response = client.post(f"/contribute/entries/{draft.reference}/edit/", data)
    assert response.status_code == 400
    assert "invisible control character (U+000B) after “Meets”" in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert "\x0b" not in draft.summary


@pytest.mark.parametrize("control", CONTROL_CHARACTERS)
def test_feedback_and_proposals_refuse_control_characters(
    control, pre_edition, ghana, focal_point, publisher
):
    round = feedback_round(pre_edition, [ghana], opened_by=publisher)
    with pytest.raises(ValidationError) as refused:
        rounds.leave_feedback(
            actor=focal_point,
            round=round,
            reference="CP-0001",
            body=f"Please{control} clarify.",
        )
    assert "body" in refused.value.message_dict
    assert f"U+{ord(control):04X}" in refused.value.message_dict["body"][0]
    with pytest.raises(ValidationError) as refused:
        rounds.propose_entry(
            actor=focal_point,
            round=round,
            title=f"Mediation{control} unit",
            body="Text",
        )
    assert set(refused.value.message_dict) == {"title"}
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("control", CONTROL_CHARACTERS)
def test_an_import_cell_with_a_control_character_is_refused(control):
    with pytest.raises(ValueError, match=f"U\\+{ord(control):04X}"):
        check_cell(f"Early warning{control} committee")
    check_cell("لجنة\u200f \U0001f469\u200d\U0001f467 committee")


@pytest.mark.parametrize("control", CONTROL_CHARACTERS)
def test_the_admins_compendium_entry_form_refuses_control_characters(control):
    """The form Wagtail makes for a compendium entry, in the admin and its
    preview, refuses them in the entry's text and its sources'."""
    entry = publish_entry(title="National early warning committee")
    form_class = CompendiumEntry.snippet_viewset.get_edit_handler().get_form_class()
    assert issubclass(form_class, CompendiumEntryForm)
    management = {
        f"{prefix}-{name}": value
        for prefix, total in (("sources", "1"), ("documents", "0"))
        for name, value in (
            ("TOTAL_FORMS", total),
            ("INITIAL_FORMS", "0"),
            ("MIN_NUM_FORMS", "0"),
            ("MAX_NUM_FORMS", "1000"),
        )
    }
    form = form_class(
        data={
            "title": f"Early{control} warning",
            "summary": "Text",
            "sources-0-title": f"Decree{control} of 2012",
            "sources-0-url": "https://example.org/decree",
            **management,
        },
        instance=entry,
        for_user=None,
    )
    assert not form.is_valid()
    assert f"U+{ord(control):04X}" in form.errors["title"][0]
    (source,) = form.formsets["sources"].forms
    assert f"U+{ord(control):04X}" in source.errors["title"][0]
