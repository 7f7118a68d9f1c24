"""Statements after the dialogue: a focal point of an organisation on the list
of speakers uploads its statement (a PDF or DOCX with text, checked like an
entry's attachment) from the day of the dialogue, may replace or withdraw it
until the Office publishes it, and may start a draft practice entry from it.
Files stay private until published; published ones are public downloads,
linked to the compendium's entries the Office names."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader, PdfWriter
from wagtail.models import ModelLogEntry

from compendium.choices import OrganisationKind
from contributions.choices import EntryStatus
from contributions.models import PracticeEntry
from dialogues import statements
from dialogues.choices import SpeakerLevel, StatementStatus, TicketStatus
from dialogues.models import Speaker, Statement, TicketRequest
from tests.contributions.factories import MembershipFactory, UserFactory

from .factories import dialogue

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent.parent / "contributions" / "files"


def pdf_with_text():
    return SimpleUploadedFile(
        "Ghana statement.pdf",
        (FILES / "sample.pdf").read_bytes(),
        content_type="application/pdf",
    )


def docx(name="statement.docx", body=None, extra=()):
    """The sample DOCX, with another body or extra parts."""
    data = io.BytesIO()
    with (
        zipfile.ZipFile(FILES / "sample.docx") as source,
        zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "word/document.xml" and body is not None:
                content = body
            target.writestr(member, content)
        for part, content in extra:
            target.writestr(part, content)
    return SimpleUploadedFile(name, data.getvalue())


def blank_pdf():
    """A PDF of one page with nothing written on it, like a bad scan."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    data = io.BytesIO()
    writer.write(data)
    return SimpleUploadedFile("scan.pdf", data.getvalue())


@pytest.fixture
def held():
    """A dialogue that took place yesterday."""
    made = dialogue(deadline=-datetime.timedelta(days=3))
    made.date = timezone.localdate() - datetime.timedelta(days=1)
    made.save()
    return made


def inscribe(made, organisation, name="Hanna Serwaa Tetteh"):
    return Speaker.objects.create(
        dialogue=made,
        organisation=organisation,
        name=name,
        title="Minister for Foreign Affairs",
        level=SpeakerLevel.MINISTER,
    )


def statements_url(made, organisation):
    return reverse("dialogues:statements", args=[made.pk, organisation.pk])


def post_statement(client, made, organisation, upload, language="en", title=""):
    return client.post(
        statements_url(made, organisation),
        {"language": language, "title": title, "file": upload},
    )


def uploaded(made, organisation, by, language="en", upload=None):
    return statements.upload(
        actor=by,
        dialogue=made,
        organisation_id=organisation.pk,
        uploaded_file=upload or pdf_with_text(),
        language=language,
    )


# Uploading ----------------------------------------------------------------------


def test_a_focal_point_uploads_the_statement_kept_privately_awaiting_the_office(
    client, held, ghana, focal_point, private_media
):
    speaker = inscribe(held, ghana)
    client.force_login(focal_point)
    response = post_statement(
        client, held, ghana, pdf_with_text(), language="fr", title="Déclaration"
    )
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.organisation == ghana
    assert statement.speaker == speaker
    assert statement.language == "fr"
    assert statement.title == "Déclaration"
    assert statement.status == StatementStatus.SUBMITTED
    assert statement.kind == "pdf"
    assert statement.display_name == "Ghana statement.pdf"
    # Stored under a generated name in private storage, nothing of the user's.
    assert (private_media / statement.file.name).exists()
    assert "Ghana" not in statement.file.name
    assert ModelLogEntry.objects.filter(
        action="dialogues.statement.upload", object_id=str(statement.pk)
    ).exists()


def test_a_docx_with_text_is_accepted(client, held, ghana, focal_point):
    inscribe(held, ghana)
    client.force_login(focal_point)
    post_statement(client, held, ghana, docx())
    assert Statement.objects.get().kind == "docx"


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (
            lambda: SimpleUploadedFile(
                "notes.png", (FILES / "sample.png").read_bytes()
            ),
            "Only PDF and Word (DOCX) documents",
        ),
        (
            lambda: SimpleUploadedFile(
                "statement.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
            ),
            "whatever its name says",
        ),
        (blank_pdf, "no text that can be read"),
        (
            lambda: docx(
                body=b'<?xml version="1.0"?><w:document xmlns:w="x">'
                b"<w:body><w:p><w:r><w:t>   </w:t></w:r></w:p></w:body></w:document>"
            ),
            "no text that can be read",
        ),
        (
            lambda: docx(extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")]),
            "macros",
        ),
        (lambda: SimpleUploadedFile("empty.pdf", b""), "empty"),
        (
            lambda: SimpleUploadedFile(
                "huge.pdf", b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024)
            ),
            "larger than 20 MB",
        ),
    ],
    ids=[
        "image",
        "renamed-executable",
        "pdf-without-text",
        "docx-without-text",
        "docx-with-macros",
        "empty",
        "too-large",
    ],
)
def test_a_file_that_is_not_a_document_with_text_is_refused_in_plain_words(
    client, held, ghana, focal_point, upload, words
):
    inscribe(held, ghana)
    client.force_login(focal_point)
    response = post_statement(client, held, ghana, upload())
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Statement.objects.exists()


def test_uploads_open_on_the_day_of_the_dialogue_in_new_york(ghana):
    made = dialogue(deadline=datetime.timedelta(days=3))
    made.date = datetime.date(2015, 9, 8)
    evening_before = datetime.datetime(2015, 9, 7, 23, 30, tzinfo=datetime.UTC)
    morning = datetime.datetime(2015, 9, 8, 14, tzinfo=datetime.UTC)
    # 23:30 UTC on the 7th is still the 7th in New York, as 02:00 UTC on the 8th is.
    assert not statements.uploads_open(made, now=evening_before)
    assert not statements.uploads_open(
        made, now=datetime.datetime(2015, 9, 8, 2, tzinfo=datetime.UTC)
    )
    assert statements.uploads_open(made, now=morning)


def test_no_upload_before_the_day_of_the_dialogue(client, ghana, focal_point):
    coming = dialogue(deadline=datetime.timedelta(days=7))
    inscribe(coming, ghana)
    client.force_login(focal_point)
    page = client.get(statements_url(coming, ghana))
    assert "can be uploaded from the day of the dialogue" in page.content.decode()
    response = post_statement(client, coming, ghana, pdf_with_text())
    assert response.status_code == 400
    assert "from the day of the dialogue" in response.content.decode()
    assert not Statement.objects.exists()


def test_uploading_again_in_the_same_language_replaces_the_file(
    client, held, ghana, focal_point, private_media, django_capture_on_commit_callbacks
):
    inscribe(held, ghana)
    client.force_login(focal_point)
    post_statement(client, held, ghana, pdf_with_text())
    first = Statement.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        post_statement(client, held, ghana, docx())
    statement = Statement.objects.get()
    assert statement.pk == first.pk
    assert statement.kind == "docx"
    assert not (private_media / first.file.name).exists()
    post_statement(client, held, ghana, pdf_with_text(), language="es")
    assert sorted(Statement.objects.values_list("language", flat=True)) == ["en", "es"]


def test_withdrawing_removes_the_statement_and_its_file(
    client, held, ghana, focal_point, private_media, django_capture_on_commit_callbacks
):
    inscribe(held, ghana)
    statement = uploaded(held, ghana, focal_point)
    client.force_login(focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "dialogues:statement_withdraw", args=[held.pk, ghana.pk, statement.pk]
            )
        )
    assert not Statement.objects.exists()
    assert not (private_media / statement.file.name).exists()


def test_a_published_statement_can_be_neither_replaced_nor_withdrawn(
    client, held, ghana, focal_point, reviewer
):
    inscribe(held, ghana)
    statement = uploaded(held, ghana, focal_point)
    statements.publish(actor=reviewer, statement=statement)
    client.force_login(focal_point)
    response = post_statement(client, held, ghana, docx())
    assert response.status_code == 400
    assert "The Office has published this statement" in response.content.decode()
    client.post(
        reverse("dialogues:statement_withdraw", args=[held.pk, ghana.pk, statement.pk])
    )
    assert Statement.objects.get().kind == "pdf"


def test_hostile_characters_in_the_title_are_refused_and_right_to_left_kept(
    client, held, ghana, focal_point
):
    inscribe(held, ghana)
    client.force_login(focal_point)
    for hostile in ("Statement\x00", "Statement\x07bell", "x" * 256):
        response = post_statement(client, held, ghana, pdf_with_text(), title=hostile)
        assert response.status_code == 400
    assert not Statement.objects.exists()
    arabic = "بيان غانا <script>alert(1)</script>"
    post_statement(client, held, ghana, pdf_with_text(), language="ar", title=arabic)
    assert Statement.objects.get().title == arabic


def test_an_unknown_language_is_refused(client, held, ghana, focal_point):
    inscribe(held, ghana)
    client.force_login(focal_point)
    response = post_statement(client, held, ghana, pdf_with_text(), language="de")
    assert response.status_code == 400
    assert not Statement.objects.exists()


# Who may ------------------------------------------------------------------------


def test_only_a_focal_point_of_an_organisation_on_the_list_may_upload(
    client, held, ghana, denmark, focal_point, contributor, other_focal_point
):
    inscribe(held, denmark, name="Ib Petersen")
    # Ghana has no speaker: its focal point finds nothing.
    client.force_login(focal_point)
    assert client.get(statements_url(held, ghana)).status_code == 404
    assert post_statement(client, held, ghana, pdf_with_text()).status_code == 404
    inscribe(held, ghana)
    # A contributor of Ghana is not its focal point.
    client.force_login(contributor)
    assert post_statement(client, held, ghana, pdf_with_text()).status_code == 404
    # Denmark's focal point forges Ghana's id.
    client.force_login(other_focal_point)
    assert post_statement(client, held, ghana, pdf_with_text()).status_code == 404
    assert not Statement.objects.filter(organisation=ghana).exists()


def test_a_withdrawn_speakers_organisation_may_not_upload(
    client, held, ghana, focal_point
):
    speaker = inscribe(held, ghana)
    speaker.withdrawn = True
    speaker.save()
    client.force_login(focal_point)
    assert post_statement(client, held, ghana, pdf_with_text()).status_code == 404


def test_civil_society_accepted_to_speak_may_upload(client, held, civil_society):
    focal = MembershipFactory(organisation=civil_society, focal_point=True).user
    TicketRequest.objects.create(
        dialogue=held,
        organisation=civil_society,
        attendees="Simon Adams",
        wishes_to_speak=True,
        subject="Ten years on",
        status=TicketStatus.ACCEPTED,
    )
    assert civil_society.kind == OrganisationKind.CIVIL_SOCIETY
    client.force_login(focal)
    assert (
        post_statement(client, held, civil_society, pdf_with_text()).status_code == 302
    )


def test_a_statement_of_another_organisation_or_dialogue_is_not_found(
    client, held, ghana, denmark, focal_point, other_focal_point
):
    inscribe(held, ghana)
    inscribe(held, denmark, name="Ib Petersen")
    theirs = uploaded(held, denmark, other_focal_point)
    client.force_login(focal_point)
    forged = [
        reverse("dialogues:statement", args=[held.pk, ghana.pk, theirs.pk]),
        reverse("dialogues:statement", args=[held.pk, denmark.pk, theirs.pk]),
    ]
    for url in forged:
        assert client.get(url).status_code == 404
    for name in ("dialogues:statement_withdraw", "dialogues:statement_entry"):
        assert (
            client.post(reverse(name, args=[held.pk, ghana.pk, theirs.pk])).status_code
            == 404
        )
    # Another dialogue, where Ghana is on the list too.
    other = dialogue(deadline=-datetime.timedelta(days=400))
    other.date = timezone.localdate() - datetime.timedelta(days=365)
    other.save()
    inscribe(other, ghana)
    mine = uploaded(held, ghana, focal_point)
    assert (
        client.get(
            reverse("dialogues:statement", args=[other.pk, ghana.pk, mine.pk])
        ).status_code
        == 404
    )
    assert Statement.objects.filter(pk=theirs.pk).exists()
    assert not PracticeEntry.objects.exists()


def test_the_focal_point_downloads_its_own_unpublished_statement(
    client, held, ghana, focal_point
):
    inscribe(held, ghana)
    statement = uploaded(held, ghana, focal_point)
    client.force_login(focal_point)
    response = client.get(
        reverse("dialogues:statement", args=[held.pk, ghana.pk, statement.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# Publication --------------------------------------------------------------------


def public_url(statement):
    return reverse(
        "dialogues_public:statement", args=[statement.dialogue.year, statement.pk]
    )


def test_a_statement_is_private_until_the_office_publishes_it(
    client, held, ghana, focal_point, other_focal_point, reviewer
):
    inscribe(held, ghana)
    statement = uploaded(held, ghana, focal_point)
    page = client.get(reverse("dialogues_public:dialogue", args=[held.year]))
    assert "No statement is published yet" in page.content.decode()
    assert client.get(public_url(statement)).status_code == 404
    client.force_login(other_focal_point)
    assert client.get(public_url(statement)).status_code == 404
    client.logout()

    statements.publish(actor=reviewer, statement=statement)
    response = client.get(public_url(statement))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Ghana statement.pdf" in response["Content-Disposition"]
    page = client.get(reverse("dialogues_public:dialogue", args=[held.year]))
    html = page.content.decode()
    assert public_url(statement) in html
    assert "Hanna Serwaa Tetteh" in html
    assert "PDF" in html
    assert ModelLogEntry.objects.filter(
        action="dialogues.statement.publish", object_id=str(statement.pk)
    ).exists()


def test_a_statement_is_not_found_at_another_years_address(
    client, held, ghana, focal_point, reviewer
):
    inscribe(held, ghana)
    statement = statements.publish(
        actor=reviewer, statement=uploaded(held, ghana, focal_point)
    )
    url = reverse("dialogues_public:statement", args=[held.year - 1, statement.pk])
    assert client.get(url).status_code == 404


def test_only_the_offices_secretariat_publishes(
    client, held, ghana, focal_point, publisher
):
    inscribe(held, ghana)
    statement = uploaded(held, ghana, focal_point)
    with pytest.raises(statements.PermissionDenied):
        statements.publish(actor=focal_point, statement=statement)
    with pytest.raises(statements.PermissionDenied):
        statements.publish(actor=publisher, statement=statement)
    client.force_login(focal_point)
    url = reverse("dialogue_statements:publish", args=[statement.pk])
    assert client.post(url).status_code in (302, 403)
    assert Statement.objects.get().status == StatementStatus.SUBMITTED


def test_the_office_publishes_and_unpublishes_in_the_admin(
    client, held, ghana, focal_point, reviewer
):
    inscribe(held, ghana)
    statement = uploaded(held, ghana, focal_point)
    client.force_login(reviewer)
    edit = client.get(reverse("dialogue_statements:edit", args=[statement.pk]))
    assert reverse("dialogue_statements:publish", args=[statement.pk]) in (
        edit.content.decode()
    )
    file = client.get(reverse("dialogue_statements:file", args=[statement.pk]))
    assert file.status_code == 200
    client.post(reverse("dialogue_statements:publish", args=[statement.pk]))
    statement.refresh_from_db()
    assert statement.is_published
    assert statement.published_by == reviewer
    client.post(reverse("dialogue_statements:unpublish", args=[statement.pk]))
    statement.refresh_from_db()
    assert statement.status == StatementStatus.SUBMITTED
    assert statement.published_at is None


# Entries ------------------------------------------------------------------------


def test_the_office_links_a_statement_to_released_entries_shown_on_the_page(
    client, held, ghana, focal_point, reviewer, publisher
):
    from tests.compendium.factories import publish_entry, release_edition

    inscribe(held, ghana)
    statement = uploaded(held, ghana, focal_point)
    entry = publish_entry(title="National committee for the prevention of genocide")
    release_edition(publisher)
    client.force_login(reviewer)
    url = reverse("dialogue_statements:edit", args=[statement.pk])
    response = client.post(url, {"title": "", "references": "CP-0404, \x00"})
    assert response.status_code == 200
    assert not statement.entries.exists()
    response = client.post(
        url, {"title": "", "references": f" {entry.reference.lower()} ,"}
    )
    assert response.status_code == 302
    assert list(statement.entries.all()) == [entry]

    statements.publish(actor=reviewer, statement=statement)
    client.logout()
    page = client.get(reverse("dialogues_public:dialogue", args=[held.year]))
    html = page.content.decode()
    assert reverse("compendium_public:entry", args=[entry.reference]) in html
    assert "National committee for the prevention of genocide" in html


def test_a_focal_point_starts_a_draft_entry_from_the_statement_once(
    client, held, ghana, focal_point
):
    inscribe(held, ghana)
    statement = uploaded(held, ghana, focal_point, language="fr")
    client.force_login(focal_point)
    url = reverse("dialogues:statement_entry", args=[held.pk, ghana.pk, statement.pk])
    response = client.post(url)
    entry = PracticeEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "contributions:entry_edit", args=[entry.reference]
    )
    assert entry.organisation == ghana
    assert entry.status == EntryStatus.DRAFT
    assert entry.language == "fr"
    assert entry.start_year == held.date.year
    # Written in the statement's language.
    assert entry.title.startswith("Déclaration faite au dialogue")
    assert entry.created_by == focal_point
    assert not entry.pillars.exists()
    attachment = entry.attachments.get()
    assert attachment.display_name == "Ghana statement.pdf"
    assert attachment.file.name != statement.file.name
    assert entry.version_number == 2  # created, then the statement attached
    statement.refresh_from_db()
    assert statement.draft_entry == entry

    again = client.post(url, follow=True)
    assert PracticeEntry.objects.count() == 1
    assert "already has a draft entry" in again.content.decode()


def test_starting_an_entry_from_another_organisations_statement_is_denied(
    held, ghana, denmark, focal_point, other_focal_point
):
    inscribe(held, ghana)
    inscribe(held, denmark, name="Ib Petersen")
    theirs = uploaded(held, denmark, other_focal_point)
    with pytest.raises(statements.PermissionDenied):
        statements.start_entry(actor=focal_point, statement=theirs)
    stranger = UserFactory()
    with pytest.raises(statements.PermissionDenied):
        statements.start_entry(actor=stranger, statement=theirs)
    assert not PracticeEntry.objects.exists()


# Demo ---------------------------------------------------------------------------


def test_the_demo_publishes_two_statements_with_text_once(client):
    from demo import dialogue as demo_dialogue

    made = demo_dialogue.seed()
    demo_dialogue.seed()
    published = Statement.objects.published()
    assert sorted(published.values_list("organisation__country__iso3", flat=True)) == [
        "DNK",
        "GHA",
    ]
    html = client.get("/dialogues/2015/").content.decode()
    for statement in published:
        response = client.get(public_url(statement))
        text = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
        assert "Demonstration document" in text.pages[0].extract_text()
        assert public_url(statement) in html
    assert made.statements.count() == 2
