"""Every entry its organisation has submitted is visible to the Office in Wagtail
admin, with versions and diffs."""

import pytest

from contributions import services
from tests.contributions.factories import PracticeEntryFactory, edit_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(draft, focal_point, other_focal_point, denmark):
    """Ghana's submitted committee and Denmark's network, withdrawn after its
    submission."""
    edit_entry(focal_point, draft, title="Early warning committee", message="Retitled")
    services.submit(actor=focal_point, entry=draft)
    danish = PracticeEntryFactory(
        organisation=denmark,
        author=other_focal_point,
        focal_point=other_focal_point,
        submitted=True,
        title="Danish atrocity prevention network",
    )
    services.withdraw(actor=other_focal_point, entry=danish)
    return draft, danish


@pytest.mark.parametrize("role", ["reviewer", "publisher", "administrator"])
def test_staff_see_every_submitted_entry_in_the_admin(client, request, role, entries):
    client.force_login(request.getfixturevalue(role))
    body = client.get("/admin/practice_entries/").content.decode()
    assert "Early warning committee" in body
    assert "Danish atrocity prevention network" in body


def test_the_listing_filters_by_status_and_organisation_kind_and_searches(
    client, reviewer, entries
):
    client.force_login(reviewer)
    submitted = client.get("/admin/practice_entries/?status=submitted").content.decode()
    assert "Early warning committee" in submitted
    assert "Danish atrocity prevention network" not in submitted

    found = client.get("/admin/practice_entries/?q=Danish").content.decode()
    assert "Danish atrocity prevention network" in found
    assert "Early warning committee" not in found

    by_kind = client.get(
        "/admin/practice_entries/?organisation__kind=civil-society"
    ).content.decode()
    assert "Early warning committee" not in by_kind


def test_the_listing_exports_csv_and_xlsx(client, reviewer, entries):
    client.force_login(reviewer)
    csv = client.get("/admin/practice_entries/?export=csv&status=submitted")
    assert csv.status_code == 200
    content = b"".join(csv.streaming_content).decode()
    assert "CP-0001" in content and "Early warning committee" in content
    assert "Danish" not in content
    xlsx = client.get("/admin/practice_entries/?export=xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_the_inspect_view_shows_versions_and_the_diff(client, reviewer, entries):
    draft, _danish = entries
    client.force_login(reviewer)
    page = client.get(f"/admin/practice_entries/inspect/{draft.pk}/?from=1&to=2")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Retitled" in body and "First draft" in body
    assert "Changes from version 1 to 2" in body
    assert "Early warning committee" in body


@pytest.mark.parametrize("role", ["focal_point", "contributor"])
def test_members_cannot_reach_the_admin_listing(client, request, role, entries):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/practice_entries/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_cannot_edit_entries_in_the_admin(client, reviewer, entries):
    draft, _danish = entries
    client.force_login(reviewer)
    response = client.post(
        f"/admin/practice_entries/edit/{draft.pk}/", {"title": "Changed by staff"}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    draft.refresh_from_db()
    assert draft.title == "Early warning committee"


def test_staff_download_attachments_from_the_admin_and_members_cannot(
    client, reviewer, contributor, focal_point, draft
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    attachment = services.add_attachment(
        actor=contributor,
        entry=draft,
        uploaded_file=SimpleUploadedFile("decree.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    services.submit(actor=focal_point, entry=draft)
    path = f"/admin/practice_entries/inspect/{draft.pk}/attachments/{attachment.pk}/"
    client.force_login(reviewer)
    inspect = client.get(f"/admin/practice_entries/inspect/{draft.pk}/")
    assert path in inspect.content.decode()
    download = client.get(path)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    other_entry = path.replace(f"/inspect/{draft.pk}/", f"/inspect/{draft.pk + 1}/")
    assert client.get(other_entry).status_code == 404

    client.force_login(contributor)
    assert client.get(path).status_code == 302
