"""One door for practice entries: they change only through the services, so
the admin's generic add, edit and delete refuse everyone, superusers included.
Administrators archive an entry in place of deleting it (out of the Office's
lists, queue and exports, unchangeable, files kept) and restore it; purging,
from the command line only, removes it with its versions and files."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from reversion.models import Revision, Version
from wagtail.models import ModelLogEntry

from contributions import services
from contributions.models import Attachment, PracticeEntry, RevisionInfo
from tests.contributions.factories import create_entry, edit_entry

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
TITLE = "Early warning committee"


@pytest.fixture
def entry(contributor, focal_point, ghana):
    """Ghana's entry with a PDF attached, then replaced by a second one (so
    an earlier version alone holds the first), submitted to the Office."""
    entry = create_entry(contributor, ghana, title=TITLE)
    first = services.add_attachment(
        actor=contributor,
        entry=entry,
        uploaded_file=SimpleUploadedFile(
            "Decree.pdf", (FILES / "sample.pdf").read_bytes()
        ),
    )
    services.remove_attachment(actor=contributor, entry=entry, attachment=first)
    services.add_attachment(
        actor=contributor,
        entry=entry,
        uploaded_file=SimpleUploadedFile(
            "Order.pdf", (FILES / "sample.pdf").read_bytes()
        ),
    )
    services.submit(actor=focal_point, entry=entry)
    entry.refresh_from_db()
    return entry


def stored_files(root):
    return sorted(path for path in Path(root).rglob("*") if path.is_file())


def archive(entry, administrator, reason="Sent twice; CP-0002 is the one kept."):
    return services.archive(actor=administrator, entry=entry, reason=reason)


# The admin's generic forms ------------------------------------------------------


def test_a_superuser_cannot_change_an_entry_through_the_admin_edit_form(
    client, superuser, entry
):
    client.force_login(superuser)
    url = f"/admin/practice_entries/edit/{entry.pk}/"
    page = client.get(url)
    assert page.status_code == 302 and page["Location"] == "/admin/"
    response = client.post(url, {"title": "Changed with no version"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == TITLE
    assert entry.version_number == RevisionInfo.objects.filter(entry=entry).count()


def test_nobody_adds_an_entry_through_the_admin(client, superuser, ghana):
    client.force_login(superuser)
    before = PracticeEntry.objects.count()
    response = client.post("/admin/practice_entries/new/", {"title": "Sideways"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert PracticeEntry.objects.count() == before


def test_the_list_offers_no_edit_or_delete_but_archive_to_administrators(
    client, superuser, administrator, reviewer, entry
):
    for person, offers_archive in ((superuser, True), (administrator, True)):
        client.force_login(person)
        body = client.get("/admin/practice_entries/").content.decode()
        assert f"/admin/practice_entries/edit/{entry.pk}/" not in body
        assert f"/admin/practice_entries/delete/{entry.pk}/" not in body
        assert (f"/admin/practice_entries/archive/{entry.pk}/" in body) is (
            offers_archive
        )
    client.force_login(reviewer)
    body = client.get("/admin/practice_entries/").content.decode()
    assert f"/admin/practice_entries/archive/{entry.pk}/" not in body


def test_the_admin_delete_leads_to_archiving_and_deletes_nothing(
    client, superuser, entry
):
    client.force_login(superuser)
    url = f"/admin/practice_entries/delete/{entry.pk}/"
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == f"/admin/practice_entries/archive/{entry.pk}/"
    entry.refresh_from_db()
    assert not entry.is_archived


# Archiving ------------------------------------------------------------------------


def test_an_administrator_archives_from_a_confirmation_page_with_a_reason(
    client, administrator, entry, private_media
):
    files_before = stored_files(private_media)
    client.force_login(administrator)
    url = f"/admin/practice_entries/archive/{entry.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Archive this entry" in page.content.decode()

    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    entry.refresh_from_db()
    assert not entry.is_archived

    done = client.post(url, {"reason": "Sent twice."})
    assert done.status_code == 302 and done["Location"] == "/admin/practice_entries/"
    entry.refresh_from_db()
    assert entry.is_archived
    assert entry.archived_by == administrator
    assert entry.archive_reason == "Sent twice."
    # Nothing else changed: no version, the same status, every file kept.
    assert entry.version_number == 4
    assert entry.status == "submitted"
    assert Attachment.objects.filter(entry=entry).count() == 1
    assert stored_files(private_media) == files_before
    assert len(files_before) == 2
    log = ModelLogEntry.objects.get(action="contributions.entry.archive")
    assert log.user == administrator
    assert log.data["reason"] == "Sent twice."


@pytest.mark.parametrize("role", ["reviewer", "publisher"])
def test_only_administrators_archive_and_restore(client, request, role, entry):
    person = request.getfixturevalue(role)
    client.force_login(person)
    for action in ("archive", "restore"):
        url = f"/admin/practice_entries/{action}/{entry.pk}/"
        for response in (client.get(url), client.post(url, {"reason": "No"})):
            assert response.status_code == 302 and response["Location"] == "/admin/"
    entry.refresh_from_db()
    assert not entry.is_archived


def test_the_service_refuses_those_who_may_not_archive(reviewer, publisher, entry):
    from django.core.exceptions import PermissionDenied

    for person in (reviewer, publisher):
        with pytest.raises(PermissionDenied):
            services.archive(actor=person, entry=entry, reason="No")


def test_an_organisations_draft_cannot_be_archived(client, administrator, draft):
    from django.core.exceptions import PermissionDenied

    client.force_login(administrator)
    url = f"/admin/practice_entries/archive/{draft.pk}/"
    assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        archive(draft, administrator)


def test_an_archived_entry_leaves_the_list_and_exports_unless_filtered(
    client, reviewer, administrator, entry
):
    archive(entry, administrator)
    client.force_login(reviewer)
    assert TITLE not in client.get("/admin/practice_entries/").content.decode()
    for export_format in ("csv", "json"):
        response = client.get(f"/admin/practice_entries/?export={export_format}")
        assert TITLE not in b"".join(response.streaming_content).decode()
    assert (
        TITLE
        in client.get("/admin/practice_entries/?archived=archived").content.decode()
    )
    assert TITLE in client.get("/admin/practice_entries/?archived=all").content.decode()
    filtered = client.get("/admin/practice_entries/?archived=archived&export=csv")
    assert TITLE in b"".join(filtered.streaming_content).decode()
    # Nor does the review queue show it, nor its review screen open.
    assert TITLE not in client.get("/admin/review/").content.decode()
    assert client.get(f"/admin/review/{entry.pk}/").status_code == 404
    assert entry not in PracticeEntry.objects.seen_by_office()
    assert entry in PracticeEntry.objects.seen_by_office(with_archived=True)


def test_an_archived_entry_changes_no_more(administrator, entry, focal_point):
    archive(entry, administrator)
    entry.refresh_from_db()
    assert not services.can_withdraw(focal_point, entry)
    assert not services.can_edit(focal_point, entry)
    with pytest.raises(services.EntryProblem):
        services.withdraw(actor=focal_point, entry=entry)
    with pytest.raises(services.EntryProblem):
        archive(entry, administrator)


def test_its_organisation_still_sees_it_marked_archived_and_read_only(
    client, administrator, focal_point, entry
):
    archive(entry, administrator)
    client.force_login(focal_point)
    page = client.get(f"/contribute/entries/{entry.reference}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "archived by the Office" in body
    assert f"/contribute/entries/{entry.reference}/withdraw/" not in body
    dashboard = client.get("/contribute/").content.decode()
    assert TITLE in dashboard and "archived by the Office" in dashboard


def test_the_inspect_page_of_an_archived_entry_says_so_and_offers_restore(
    client, administrator, reviewer, entry
):
    archive(entry, administrator, reason="Duplicate of CP-0002")
    client.force_login(administrator)
    body = client.get(f"/admin/practice_entries/inspect/{entry.pk}/").content.decode()
    assert "Duplicate of CP-0002" in body
    assert f"/admin/practice_entries/restore/{entry.pk}/" in body
    client.force_login(reviewer)
    body = client.get(f"/admin/practice_entries/inspect/{entry.pk}/").content.decode()
    assert "Archived on" in body
    assert f"/admin/practice_entries/restore/{entry.pk}/" not in body


def test_restoring_brings_the_entry_back_and_is_audited(client, administrator, entry):
    archive(entry, administrator)
    client.force_login(administrator)
    url = f"/admin/practice_entries/restore/{entry.pk}/"
    assert "Restore this entry" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == f"/admin/practice_entries/inspect/{entry.pk}/"
    entry.refresh_from_db()
    assert not entry.is_archived and entry.archived_by is None
    assert entry in PracticeEntry.objects.seen_by_office()
    log = ModelLogEntry.objects.get(action="contributions.entry.unarchive")
    assert log.user == administrator
    history = client.get(f"/admin/practice_entries/history/{entry.pk}/")
    assert history.status_code == 200
    assert "Restored from the archive" in history.content.decode()
    # Restoring what is not archived says so.
    again = client.get(url, follow=True)
    assert "This entry is not archived." in again.content.decode()


def test_an_archived_entry_is_not_imported_over(administrator, entry):
    archive(entry, administrator)
    entry.refresh_from_db()
    assert not entry.is_editable


# Purging --------------------------------------------------------------------------


def archived_long_ago(entry, administrator, days=40):
    archive(entry, administrator)
    PracticeEntry.objects.filter(pk=entry.pk).update(
        archived_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_purge_lists_what_it_would_remove_in_a_dry_run(administrator, entry):
    archived_long_ago(entry, administrator)
    out = io.StringIO()
    call_command("purge_archived_entries", "--days", "30", "--dry-run", stdout=out)
    assert entry.reference in out.getvalue() and TITLE in out.getvalue()
    assert "nothing removed" in out.getvalue()
    assert PracticeEntry.objects.filter(pk=entry.pk).exists()


def test_purge_refuses_without_confirmation_and_without_a_terminal(
    administrator, entry, monkeypatch
):
    archived_long_ago(entry, administrator)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    with pytest.raises(CommandError, match="--yes"):
        call_command("purge_archived_entries", entry.reference, stdout=io.StringIO())
    assert PracticeEntry.objects.filter(pk=entry.pk).exists()


def test_purge_asks_at_a_terminal_and_stops_on_no(administrator, entry, monkeypatch):
    archived_long_ago(entry, administrator)

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    out = io.StringIO()
    call_command("purge_archived_entries", entry.reference, stdout=out)
    assert "Nothing removed." in out.getvalue()
    assert PracticeEntry.objects.filter(pk=entry.pk).exists()


def test_purge_needs_entries_archived_and_chosen(entry, administrator):
    with pytest.raises(CommandError, match="by reference"):
        call_command("purge_archived_entries", "--yes")
    with pytest.raises(CommandError, match=entry.reference):
        call_command("purge_archived_entries", entry.reference, "--yes")
    archive(entry, administrator)
    out = io.StringIO()
    call_command("purge_archived_entries", "--days", "30", "--yes", stdout=out)
    assert "No archived entry to purge." in out.getvalue()
    assert PracticeEntry.objects.filter(pk=entry.pk).exists()


def test_purge_removes_rows_versions_and_every_file_with_yes(
    administrator,
    entry,
    contributor,
    ghana,
    private_media,
    django_capture_on_commit_callbacks,
):
    kept = create_entry(contributor, ghana, title="Kept entry")
    services.add_attachment(
        actor=contributor,
        entry=kept,
        uploaded_file=SimpleUploadedFile(
            "Kept.pdf", (FILES / "sample.pdf").read_bytes()
        ),
    )
    edit_entry(contributor, kept, message="Still here")
    kept_file = Attachment.objects.get(entry=kept).file.name
    archived_long_ago(entry, administrator)
    revisions = list(
        RevisionInfo.objects.filter(entry=entry).values_list("revision", flat=True)
    )
    assert len(stored_files(private_media)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "purge_archived_entries", "--days", "30", "--yes", stdout=io.StringIO()
        )

    assert not PracticeEntry.objects.filter(pk=entry.pk).exists()
    assert not Revision.objects.filter(pk__in=revisions).exists()
    assert not Version.objects.filter(revision__in=revisions).exists()
    assert [path.name for path in stored_files(private_media)] == [Path(kept_file).name]
    assert PracticeEntry.objects.filter(pk=kept.pk).exists()
    assert ModelLogEntry.objects.filter(
        action="contributions.entry.purge", object_id=str(entry.pk)
    ).exists()


def test_purge_leaves_files_in_place_when_the_database_refuses(
    administrator, entry, private_media, monkeypatch
):
    archived_long_ago(entry, administrator)
    before = stored_files(private_media)

    def refuse(*args, **kwargs):
        raise RuntimeError("database refused")

    monkeypatch.setattr(Revision.objects, "filter", refuse)
    with pytest.raises(RuntimeError):
        services.purge([entry])
    assert stored_files(private_media) == before
    assert PracticeEntry.objects.filter(pk=entry.pk).exists()
