"""The portal's entry screens: who may see and do what, forged requests included."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions.choices import EntryStatus
from contributions.models import Attachment, PracticeEntry
from tests.contributions.factories import create_entry, edit_entry, entry_form_data

pytestmark = pytest.mark.django_db


def url(entry, suffix=""):
    return f"/contribute/entries/{entry.reference}/{suffix}"


def snapshot(entry):
    """What an unauthorised request must leave untouched."""
    entry = PracticeEntry.objects.get(pk=entry.pk)
    return (
        entry.title,
        entry.status,
        entry.version_number,
        entry.attachments.count(),
        entry.sources.count(),
    )


@pytest.fixture
def attached(draft, contributor):
    from contributions import services

    pdf = SimpleUploadedFile(
        "report.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n"
    )
    return services.add_attachment(actor=contributor, entry=draft, uploaded_file=pdf)


def test_contributor_drafts_an_entry_in_the_portal(client, contributor, ghana):
    client.force_login(contributor)
    assert client.get("/contribute/entries/new/").status_code == 200
    response = client.post(
        "/contribute/entries/new/", entry_form_data(organisation=ghana.pk)
    )
    entry = PracticeEntry.objects.get()
    assert response["Location"] == url(entry)
    assert (entry.organisation, entry.status, entry.created_by) == (
        ghana,
        EntryStatus.DRAFT,
        contributor,
    )
    page = client.get(url(entry)).content.decode()
    assert "National committee for the prevention of genocide" in page
    assert "Decree establishing the committee" in page


def test_form_errors_appear_next_to_their_fields_and_nothing_is_saved(
    client, contributor, ghana
):
    client.force_login(contributor)
    response = client.post(
        "/contribute/entries/new/",
        entry_form_data(organisation=ghana.pk, title="", pillars=[]),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The entry was not saved" in body
    assert "This field is required." in body
    assert "Choose at least one pillar." in body
    assert not PracticeEntry.objects.exists()


def test_a_new_entry_cannot_be_filed_under_another_organisation(
    client, contributor, denmark
):
    client.force_login(contributor)
    response = client.post(
        "/contribute/entries/new/", entry_form_data(organisation=denmark.pk)
    )
    assert response.status_code == 400
    assert not PracticeEntry.objects.exists()


def test_fields_the_form_does_not_offer_are_ignored(
    client, draft, contributor, denmark, focal_point
):
    client.force_login(contributor)
    response = client.post(
        url(draft, "edit/"),
        entry_form_data(
            expected_version=1,
            title="Edited",
            organisation=denmark.pk,
            status=EntryStatus.ACCEPTED,
            reference="CP-9999",
            created_by=focal_point.pk,
            updated_by=focal_point.pk,
            version_number=40,
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Edited"
    assert draft.organisation.name == "Ghana"
    assert draft.status == EntryStatus.DRAFT
    assert draft.reference == "CP-0001"
    assert draft.created_by == contributor
    assert draft.updated_by == contributor
    assert draft.version_number == 2


SAFE_URLS = [
    "",
    "edit/",
    "history/",
    "diff/?from=1&to=1",
    "restore/1/",
    "ready/",
    "submit/",
    "withdraw/",
]
POST_URLS = ["edit/", "restore/1/", "ready/", "submit/", "withdraw/", "attachments/"]


@pytest.mark.parametrize("suffix", SAFE_URLS)
def test_another_organisation_gets_404_on_every_page_of_an_entry(
    client, draft, attached, other_focal_point, suffix
):
    client.force_login(other_focal_point)
    assert client.get(url(draft, suffix)).status_code == 404


@pytest.mark.parametrize("suffix", POST_URLS)
def test_another_organisation_gets_404_on_every_action_and_nothing_changes(
    client, draft, attached, other_focal_point, suffix
):
    before = snapshot(draft)
    client.force_login(other_focal_point)
    response = client.post(
        url(draft, suffix), entry_form_data(expected_version=2, title="Hijacked")
    )
    assert response.status_code == 404
    assert snapshot(draft) == before


def test_another_organisation_cannot_download_or_remove_an_attachment(
    client, draft, attached, other_focal_point
):
    client.force_login(other_focal_point)
    assert client.get(url(draft, f"attachments/{attached.pk}/")).status_code == 404
    assert (
        client.post(url(draft, f"attachments/{attached.pk}/remove/")).status_code == 404
    )
    assert Attachment.objects.filter(pk=attached.pk).exists()


def test_an_attachment_id_of_another_entry_is_404(
    client, draft, attached, contributor, ghana
):
    other = create_entry(contributor, ghana)
    client.force_login(contributor)
    assert client.get(url(other, f"attachments/{attached.pk}/")).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, draft):
    response = client.get(url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_observers_read_but_cannot_edit_submit_or_withdraw(client, draft, observer):
    before = snapshot(draft)
    client.force_login(observer)
    page = client.get(url(draft))
    assert page.status_code == 200
    assert (
        "Edit" not in page.content.decode().split("Entry actions")[1].split("</nav>")[0]
    )
    assert client.get(url(draft, "edit/")).status_code == 403
    assert (
        client.post(
            url(draft, "edit/"), entry_form_data(expected_version=1)
        ).status_code
        == 403
    )
    for action in ["ready/", "submit/", "withdraw/"]:
        assert client.post(url(draft, action)).status_code == 403
    assert snapshot(draft) == before


def test_contributors_cannot_submit_or_withdraw(client, draft, contributor):
    client.force_login(contributor)
    assert client.post(url(draft, "submit/")).status_code == 403
    assert client.post(url(draft, "withdraw/")).status_code == 403
    draft.refresh_from_db()
    assert draft.status == EntryStatus.DRAFT


def test_focal_point_submits_from_the_portal(
    client, draft, focal_point, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(focal_point)
    confirm = client.get(url(draft, "submit/"))
    assert "Submit to the Office" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(draft, "submit/"), {"message": "For the 2015 round"})
    assert response["Location"] == url(draft)
    draft.refresh_from_db()
    assert draft.status == EntryStatus.SUBMITTED
    assert mail.outbox[0].to == [reviewer.email]


def test_an_invalid_transition_shows_a_message_not_an_error(client, draft, focal_point):
    client.force_login(focal_point)
    client.post(url(draft, "submit/"))
    again = client.post(url(draft, "submit/"), follow=True)
    assert again.status_code == 200
    assert "already been submitted" in again.content.decode()


def test_a_submitted_entry_can_no_longer_be_edited(client, draft, focal_point):
    client.force_login(focal_point)
    client.post(url(draft, "submit/"))
    response = client.get(url(draft, "edit/"), follow=True)
    assert "can no longer be edited" in response.content.decode()
    client.post(
        url(draft, "edit/"), entry_form_data(expected_version=1, title="Late change")
    )
    draft.refresh_from_db()
    assert draft.title != "Late change"


def test_a_stale_edit_is_refused_with_what_changed_and_the_editors_text_kept(
    client, draft, contributor, focal_point
):
    edit_entry(focal_point, draft, title="The focal point's title", message="Retitled")
    client.force_login(contributor)
    response = client.post(
        url(draft, "edit/"),
        entry_form_data(expected_version=1, summary="My careful new summary."),
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "changed while you were editing" in body
    assert "The focal point&#x27;s title" in body  # what changed meanwhile
    assert "My careful new summary." in body  # the editor's text, kept
    assert 'name="expected_version" value="2"' in body
    draft.refresh_from_db()
    assert (draft.version_number, draft.summary) == (
        2,
        "An inter-ministerial committee that monitors risk factors.",
    )


def test_saving_without_the_version_token_is_refused(client, draft, contributor):
    client.force_login(contributor)
    data = entry_form_data(title="No token")
    response = client.post(url(draft, "edit/"), data)
    assert response.status_code == 400
    assert "Reload it" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "No token"


def test_history_and_diff_pages(client, draft, contributor, focal_point):
    edit_entry(
        focal_point,
        draft,
        message="Better summary",
        summary="A committee that watches for warning signs.",
    )
    client.force_login(contributor)
    history = client.get(url(draft, "history/")).content.decode()
    assert "Better summary" in history and "First draft" in history
    diff = client.get(url(draft, "diff/?from=1&to=2")).content.decode()
    assert "1 field changed" in diff
    assert "<del>" in diff and "<ins>" in diff
    assert "added:" in diff  # spelled out for screen readers


def test_diff_with_an_unknown_version_explains_instead_of_failing(
    client, draft, contributor
):
    client.force_login(contributor)
    response = client.get(url(draft, "diff/?from=1&to=99"), follow=True)
    assert response.status_code == 200
    assert "Choose two versions" in response.content.decode()
    assert client.get(url(draft, "diff/?from=abc")).status_code == 302


def test_restore_from_the_portal_asks_first_then_makes_a_new_version(
    client, draft, contributor, focal_point
):
    edit_entry(focal_point, draft, title="Second title")
    client.force_login(contributor)
    confirm = client.get(url(draft, "restore/1/"))
    assert "Restore version 1" in confirm.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Second title"
    client.post(url(draft, "restore/1/"))
    draft.refresh_from_db()
    assert (draft.title, draft.version_number) == (
        "National committee for the prevention of genocide",
        3,
    )
