"""Drafts belong to their organisation until its focal point submits them: no
list, queue, count, export, search or address of the Office shows a draft or
an entry ready for the focal point; an entry submitted once stays visible, as
it was last submitted."""

import csv
import io
import json

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions import services
from contributions.models import Notification, PracticeEntry
from review import services as review_services
from review.views.queue import queue_counts
from tests.contributions.factories import (
    PracticeEntryFactory,
    create_entry,
    edit_entry,
)

pytestmark = pytest.mark.django_db

DRAFT = "Unsubmitted radio programme"
READY = "Courts outreach awaiting the focal point"
SUBMITTED = "Early warning committee at the Office"


@pytest.fixture
def office_entries(contributor, focal_point, ghana):
    """Ghana's draft, its entry ready for the focal point, and its submitted
    entry."""
    ghanaian = {
        "organisation": ghana,
        "author": contributor,
        "focal_point": focal_point,
    }
    return (
        PracticeEntryFactory(**ghanaian, title=DRAFT),
        PracticeEntryFactory(**ghanaian, ready=True, title=READY),
        PracticeEntryFactory(**ghanaian, submitted=True, title=SUBMITTED),
    )


def assert_only_submitted(text, office_entries):
    draft, ready, submitted = office_entries
    for hidden in (draft, ready):
        assert hidden.reference not in text
        assert hidden.title not in text
    assert submitted.reference in text
    assert submitted.title in text


def test_the_rule_sees_only_entries_submitted_at_least_once(
    office_entries, focal_point, contributor, ghana
):
    draft, ready, submitted = office_entries
    withdrawn_draft = create_entry(contributor, ghana, title="Withdrawn unsent")
    services.withdraw(actor=focal_point, entry=withdrawn_draft)
    withdrawn_later = create_entry(contributor, ghana, title="Withdrawn after")
    services.submit(actor=focal_point, entry=withdrawn_later)
    services.withdraw(actor=focal_point, entry=withdrawn_later)

    seen = set(PracticeEntry.objects.seen_by_office())

    assert seen == {submitted, withdrawn_later}


def test_an_entry_back_with_its_organisation_stays_visible_even_when_ready_again(
    office_entries, reviewer, focal_point, contributor
):
    _draft, _ready, submitted = office_entries
    review_services.decide(
        actor=reviewer, entry=submitted, kind="request-changes", message="Say more."
    )
    services.mark_ready(actor=contributor, entry=submitted)

    assert submitted in PracticeEntry.objects.seen_by_office()


# Lists, search, exports -----------------------------------------------------------


@pytest.mark.parametrize("role", ["reviewer", "publisher", "superuser"])
def test_the_practice_entries_listing_shows_no_draft(
    client, request, role, office_entries
):
    client.force_login(request.getfixturevalue(role))
    page = client.get("/admin/practice_entries/")
    assert page.status_code == 200
    assert_only_submitted(page.content.decode(), office_entries)
    results = client.get("/admin/practice_entries/results/")
    assert_only_submitted(results.content.decode(), office_entries)


def test_searching_the_listing_finds_no_draft(client, reviewer, office_entries):
    client.force_login(reviewer)
    for word in ("radio", "Courts", "CP-000"):
        body = client.get(f"/admin/practice_entries/?q={word}").content.decode()
        assert DRAFT not in body and READY not in body
    body = client.get("/admin/practice_entries/?status=draft").content.decode()
    assert DRAFT not in body


def exported(client, export_format, fields):
    response = client.get(
        f"/admin/practice_entries/?export={export_format}&fields={fields}"
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if export_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return "\n".join(
            ",".join(str(cell) for cell in row if cell is not None)
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8")


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json"])
@pytest.mark.parametrize("fields", ["public", "internal"])
def test_the_staff_export_holds_no_draft(
    client, reviewer, office_entries, export_format, fields
):
    client.force_login(reviewer)
    assert_only_submitted(exported(client, export_format, fields), office_entries)


def test_the_review_queue_and_its_filters_show_no_draft(
    client, reviewer, office_entries
):
    client.force_login(reviewer)
    for query in ("", "?status=submitted", "?assigned=nobody", "?due=none"):
        body = client.get(f"/admin/review/{query}").content.decode()
        assert_only_submitted(body, office_entries)
    results = client.get("/admin/review/results/").content.decode()
    assert_only_submitted(results, office_entries)


def test_the_dashboard_counts_no_draft(client, reviewer, office_entries):
    counts = {str(label): figure for label, figure, _url in queue_counts(reviewer)}
    assert counts["Waiting for the Office"] == 1
    assert counts["Not assigned"] == 1
    client.force_login(reviewer)
    assert client.get("/admin/").status_code == 200


def test_possible_duplicates_on_the_review_screen_leave_drafts_out(
    client, reviewer, office_entries, other_focal_point, denmark
):
    _draft, _ready, submitted = office_entries
    create_entry(other_focal_point, denmark, title="Early warning committee draft")
    client.force_login(reviewer)
    body = client.get(f"/admin/review/{submitted.pk}/").content.decode()
    duplicates = body.split("Possible duplicates")[1].split("</section>")[0]
    assert "Early warning committee draft" not in duplicates


def test_the_organisation_usage_page_counts_no_draft(
    client, superuser, office_entries, ghana
):
    client.force_login(superuser)
    body = client.get(f"/admin/organisations/usage/{ghana.pk}/").content.decode()
    assert DRAFT not in body and READY not in body
    assert SUBMITTED in body


def test_the_office_is_told_of_nothing_before_submission(
    reviewer, contributor, focal_point, ghana, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        draft = create_entry(contributor, ghana, title=DRAFT)
        services.mark_ready(actor=contributor, entry=draft)
    assert not Notification.objects.filter(recipient=reviewer).exists()
    assert reviewer.email not in {to for message in mail.outbox for to in message.to}

    with django_capture_on_commit_callbacks(execute=True):
        services.submit(actor=focal_point, entry=draft)
    assert Notification.objects.filter(recipient=reviewer, entry=draft).exists()


# Forged addresses -------------------------------------------------------------------


DETAIL_URLS = [
    "/admin/practice_entries/inspect/{pk}/",
    "/admin/practice_entries/edit/{pk}/",
    "/admin/practice_entries/delete/{pk}/",
    "/admin/practice_entries/history/{pk}/",
    "/admin/practice_entries/history-results/{pk}/",
    "/admin/practice_entries/usage/{pk}/",
    "/admin/review/{pk}/",
    "/admin/review/{pk}/publish/",
    "/admin/review/{pk}/reopen/",
]
ACTION_URLS = [
    "/admin/review/{pk}/comments/",
    "/admin/review/{pk}/decision/",
    "/admin/review/{pk}/assignment/",
    "/admin/review/{pk}/publish/",
    "/admin/review/{pk}/reopen/",
]


@pytest.mark.parametrize("url", DETAIL_URLS)
@pytest.mark.parametrize("which", [0, 1], ids=["draft", "ready"])
def test_forged_addresses_of_a_draft_are_not_found_for_staff(
    client, superuser, office_entries, url, which
):
    client.force_login(superuser)
    assert client.get(url.format(pk=office_entries[which].pk)).status_code == 404


@pytest.mark.parametrize("url", DETAIL_URLS)
def test_the_same_addresses_open_the_submitted_entry(
    client, superuser, office_entries, url
):
    client.force_login(superuser)
    response = client.get(url.format(pk=office_entries[2].pk))
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("url", ACTION_URLS)
def test_forged_actions_on_a_draft_are_not_found(
    client, superuser, office_entries, url
):
    draft = office_entries[0]
    client.force_login(superuser)
    response = client.post(
        url.format(pk=draft.pk),
        {"body": "Forged", "kind": "accept", "message": "Forged", "reviewer": ""},
    )
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not draft.comments.exists()


def test_a_reviewer_cannot_open_a_draft_on_the_review_screen(
    client, reviewer, office_entries
):
    client.force_login(reviewer)
    draft, ready, submitted = office_entries
    assert client.get(f"/admin/review/{draft.pk}/").status_code == 404
    assert client.get(f"/admin/review/{ready.pk}/").status_code == 404
    assert client.get(f"/admin/review/{submitted.pk}/").status_code == 200


def test_an_attachment_of_a_draft_is_not_found(
    client, reviewer, contributor, office_entries
):
    draft = office_entries[0]
    attachment = services.add_attachment(
        actor=contributor,
        entry=draft,
        uploaded_file=SimpleUploadedFile("decree.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    client.force_login(reviewer)
    path = f"/admin/practice_entries/inspect/{draft.pk}/attachments/{attachment.pk}/"
    assert client.get(path).status_code == 404


# The version last submitted ---------------------------------------------------------


@pytest.fixture
def revised(office_entries, reviewer, contributor):
    """The submitted entry sent back for changes, then retitled and given a
    file by its organisation, not yet submitted again."""
    _draft, _ready, submitted = office_entries
    review_services.decide(
        actor=reviewer, entry=submitted, kind="request-changes", message="Say more."
    )
    edit_entry(
        contributor,
        submitted,
        title="Unsent new title",
        summary="Unsent new summary.",
        message="Working on it",
    )
    attachment = services.add_attachment(
        actor=contributor,
        entry=submitted,
        uploaded_file=SimpleUploadedFile("unsent.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    submitted.refresh_from_db()
    return submitted, attachment


def test_the_office_reads_the_version_last_submitted_on_the_inspect_page(
    client, reviewer, revised
):
    entry, attachment = revised
    client.force_login(reviewer)
    body = client.get(f"/admin/practice_entries/inspect/{entry.pk}/").content.decode()
    assert SUBMITTED in body
    assert "Unsent new title" not in body and "Unsent new summary" not in body
    assert "Working on it" not in body
    assert "unsent.pdf" not in body
    download = f"/admin/practice_entries/inspect/{entry.pk}/attachments/"
    assert client.get(f"{download}{attachment.pk}/").status_code == 404


def test_the_review_screen_lists_no_version_saved_since_submission(
    client, reviewer, revised
):
    entry, _attachment = revised
    client.force_login(reviewer)
    body = client.get(f"/admin/review/{entry.pk}/").content.decode()
    assert "Unsent new title" not in body and "Working on it" not in body
    newest = client.get(f"/admin/review/{entry.pk}/?version={entry.version_number}")
    assert "Unsent new title" not in newest.content.decode()


def test_lists_and_exports_show_the_version_last_submitted(client, reviewer, revised):
    entry, _attachment = revised
    client.force_login(reviewer)
    listing = client.get("/admin/practice_entries/").content.decode()
    queue = client.get("/admin/review/?status=changes-requested").content.decode()
    for body in (listing, queue):
        assert SUBMITTED in body and "Unsent new title" not in body
    for export_format in ("csv", "xlsx"):
        text = exported(client, export_format, "internal")
        assert SUBMITTED in text and "Unsent" not in text
    document = json.loads(exported(client, "json", "internal"))
    (item,) = document["entries"]
    assert item["title"] == SUBMITTED
    assert item["version"] == 1
    rows = list(csv.DictReader(io.StringIO(exported(client, "csv", "public")[1:])))
    assert (
        rows[0]["Summary"]
        == "An inter-ministerial committee that monitors risk factors."
    )


def test_once_resubmitted_the_office_reads_the_new_version(
    client, reviewer, focal_point, revised
):
    entry, _attachment = revised
    services.submit(actor=focal_point, entry=entry)
    client.force_login(reviewer)
    body = client.get(f"/admin/practice_entries/inspect/{entry.pk}/").content.decode()
    assert "Unsent new title" in body
