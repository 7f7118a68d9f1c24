"""The Import screens in Wagtail admin: upload, check, confirm, result, and
every way a confirmation could be forged."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from accounts.models import Organisation
from contributions.choices import EntryStatus, ImportStatus
from contributions.imports import jobs
from contributions.models import ImportJob, PracticeEntry
from tests.contributions.factories import UserFactory

FILES = Path(__file__).resolve().parent.parent / "files" / "imports"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_after_commit(django_capture_on_commit_callbacks, client):
    """Requests' on-commit callbacks (which queue the check and the import) run
    as they would after a real commit."""
    post = client.post

    def post_and_commit(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = post_and_commit


def upload(client, name="entries.csv", kind="entries", **extra):
    data = (FILES / name).read_bytes() if (FILES / name).exists() else b""
    return client.post(
        "/admin/imports/",
        {"kind": kind, "file": SimpleUploadedFile(name, data), **extra},
    )


@pytest.fixture
def signed_in(client, reviewer):
    client.force_login(reviewer)
    return client


def test_upload_is_checked_and_shows_what_would_change(signed_in, reviewer):
    response = upload(signed_in)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/imports/{job.pk}/"
    assert job.status == ImportStatus.CHECKED
    assert (job.total_rows, job.new_count, job.created_by) == (3, 3, reviewer)
    assert PracticeEntry.objects.count() == 0

    page = signed_in.get(response["Location"]).content.decode()
    assert "New, to be added" in page
    assert "Import 3 rows" in page
    assert "Imported from entries.csv" in page


def test_confirming_imports_everything_and_logs_it(signed_in, reviewer):
    upload(signed_in, submit_entries="on")
    job = ImportJob.objects.get()

    response = signed_in.post(
        f"/admin/imports/{job.pk}/confirm/", {"token": jobs.confirmation_token(job)}
    )

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTED
    assert PracticeEntry.objects.filter(status=EntryStatus.SUBMITTED).count() == 3
    log = ModelLogEntry.objects.get(action="contributions.import")
    assert log.user == reviewer
    assert log.data["new"] == 3
    page = signed_in.get(f"/admin/imports/{job.pk}/").content.decode()
    assert "Imported on" in page
    assert "See the practice entries" in page


def test_rows_with_problems_are_listed_and_cannot_be_confirmed(signed_in):
    upload(signed_in, "entries_unknown_pillar.csv")
    job = ImportJob.objects.get()

    assert job.status == ImportStatus.INVALID
    page = signed_in.get(f"/admin/imports/{job.pk}/").content.decode()
    assert "1 row has problems" in page
    assert "Unknown pillar “IV”. Write I, II or III." in page
    assert 'name="token"' not in page

    forged = jobs.confirmation_token(job)  # a token cannot make it importable
    signed_in.post(f"/admin/imports/{job.pk}/confirm/", {"token": forged})
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert PracticeEntry.objects.count() == 0


def test_a_file_problem_is_shown_in_plain_words(signed_in):
    upload(signed_in, "zip_bomb.xlsx")

    page = signed_in.get(f"/admin/imports/{ImportJob.objects.get().pk}/").content
    assert "The workbook would expand to 300 MB" in page.decode()


def test_other_files_are_refused_at_upload(signed_in):
    response = signed_in.post(
        "/admin/imports/",
        {"kind": "entries", "file": SimpleUploadedFile("notes.pdf", b"%PDF-1.4")},
    )

    assert response.status_code == 200
    assert "Upload a CSV or an XLSX file." in response.content.decode()
    assert not ImportJob.objects.exists()


class TestForgedConfirmations:
    @pytest.fixture
    def job(self, signed_in):
        upload(signed_in)
        return ImportJob.objects.get()

    def confirm(self, client, job, token):
        response = client.post(f"/admin/imports/{job.pk}/confirm/", {"token": token})
        job.refresh_from_db()
        return response

    def test_a_made_up_token_is_refused(self, signed_in, job):
        response = self.confirm(signed_in, job, "not-a-token")

        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages == [
            "This confirmation is not valid. Check the file again and confirm."
        ]
        assert job.status == ImportStatus.CHECKED
        assert PracticeEntry.objects.count() == 0

    def test_a_token_for_another_job_is_refused(self, signed_in, job):
        upload(signed_in, "entries.xlsx")
        other = ImportJob.objects.exclude(pk=job.pk).get()

        self.confirm(signed_in, job, jobs.confirmation_token(other))

        assert job.status == ImportStatus.CHECKED
        assert PracticeEntry.objects.count() == 0

    def test_a_token_for_a_changed_file_is_refused(self, signed_in, job):
        token = jobs.confirmation_token(job)
        ImportJob.objects.filter(pk=job.pk).update(sha256="0" * 64)

        self.confirm(signed_in, job, token)

        assert job.status == ImportStatus.CHECKED
        assert PracticeEntry.objects.count() == 0

    def test_a_file_changed_on_disk_after_checking_is_not_imported(
        self, signed_in, job
    ):
        with open(job.file.path, "ab") as stored:
            stored.write(b",Ghana,Smuggled row,Text,,I,1,,,,,,2010,,,,,\r\n")

        self.confirm(signed_in, job, jobs.confirmation_token(job))

        assert job.status == ImportStatus.FAILED
        assert "changed after it was checked" in job.problem
        assert PracticeEntry.objects.count() == 0

    def test_confirming_twice_imports_once(self, signed_in, job):
        token = jobs.confirmation_token(job)
        self.confirm(signed_in, job, token)
        response = self.confirm(signed_in, job, token)

        assert [str(m) for m in response.wsgi_request._messages] == [
            "This file is imported; it cannot be imported now."
        ]
        assert PracticeEntry.objects.count() == 3

    def test_another_persons_job_is_not_found(self, client, job):
        colleague = UserFactory(staff_roles=["Reviewers"])
        client.force_login(colleague)

        assert client.get(f"/admin/imports/{job.pk}/").status_code == 404
        response = client.post(
            f"/admin/imports/{job.pk}/confirm/",
            {"token": jobs.confirmation_token(job)},
        )
        assert response.status_code == 404
        assert client.post(f"/admin/imports/{job.pk}/cancel/").status_code == 404
        assert PracticeEntry.objects.count() == 0

    def test_confirming_needs_a_post(self, signed_in, job):
        response = signed_in.get(f"/admin/imports/{job.pk}/confirm/")

        assert response.status_code == 405


def test_cancelling_removes_the_file_and_writes_nothing(signed_in):
    upload(signed_in)
    job = ImportJob.objects.get()
    path = Path(job.file.path)

    response = signed_in.post(f"/admin/imports/{job.pk}/cancel/")

    job.refresh_from_db()
    assert response["Location"] == "/admin/imports/"
    assert job.status == ImportStatus.CANCELLED
    assert not path.exists()
    assert PracticeEntry.objects.count() == 0


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_template_has_the_columns_and_an_example_that_imports(
    signed_in, extension, tmp_path
):
    response = signed_in.get(f"/admin/imports/template/entries.{extension}")

    assert response.status_code == 200
    assert (
        f'filename="compendium-entries-template.{extension}"'
        in response["Content-Disposition"]
    )
    if extension == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [
            [cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
    assert rows[0][:4] == ["Reference", "Organisation *", "Title *", "Summary *"]
    assert len(rows) == 2
    saved = tmp_path / f"template.{extension}"
    saved.write_bytes(response.content)
    from contributions.imports import runner

    outcome = runner.run(saved, saved.name, dry_run=True)
    assert outcome.ok and outcome.new == 1, outcome.errors or outcome.problem


class TestPermissions:
    def test_publishers_may_not_import(self, client, publisher):
        client.force_login(publisher)

        for response in [
            client.get("/admin/imports/"),
            upload(client),
            client.get("/admin/imports/template/entries.csv"),
        ]:
            # Wagtail's refusal: back to the dashboard with a message.
            assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert not ImportJob.objects.exists()

    def test_members_of_organisations_never_reach_the_screen(self, client, focal_point):
        client.force_login(focal_point)

        response = upload(client)

        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        assert not ImportJob.objects.exists()

    def test_a_reviewer_cannot_forge_an_organisations_import(self, signed_in):
        response = upload(signed_in, "entries.csv", kind="organisations")

        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert not ImportJob.objects.exists()
        assert (
            signed_in.get("/admin/imports/template/organisations.csv").status_code
            == 404
        )

    def test_administrators_import_organisations(self, client, administrator, tmp_path):
        client.force_login(administrator)
        data = (
            b"Name,Short name,Kind,Country,Regions,Website,Active\r\n"
            b"West Africa Early Warning Forum,WAEWF,civil society,,Western Africa,"
            b"https://www.example.org/,yes\r\n"
        )

        client.post(
            "/admin/imports/",
            {"kind": "organisations", "file": SimpleUploadedFile("orgs.csv", data)},
        )
        job = ImportJob.objects.get()
        assert job.status == ImportStatus.CHECKED, job.errors or job.problem
        client.post(
            f"/admin/imports/{job.pk}/confirm/", {"token": jobs.confirmation_token(job)}
        )

        forum = Organisation.objects.get(name="West Africa Early Warning Forum")
        assert forum.short_name == "WAEWF"
        assert list(forum.regions.values_list("name", flat=True)) == ["Western Africa"]
        # The same file again changes nothing.
        client.post(
            "/admin/imports/",
            {"kind": "organisations", "file": SimpleUploadedFile("orgs.csv", data)},
        )
        again = ImportJob.objects.exclude(pk=job.pk).get()
        assert (again.new_count, again.update_count, again.skip_count) == (0, 0, 1)


def test_the_menu_offers_import_only_to_those_who_may(client, reviewer, publisher):
    client.force_login(reviewer)
    assert "/admin/imports/" in client.get("/admin/").content.decode()
    client.force_login(publisher)
    assert "/admin/imports/" not in client.get("/admin/").content.decode()


# The worker commits and closes its connection as in production.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_production_the_worker_checks_and_imports(client, settings, reviewer):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(reviewer)

    upload(client)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKING
    page = client.get(f"/admin/imports/{job.pk}/").content.decode()
    assert "Checking: 0 rows read so far." in page

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED

    client.post(
        f"/admin/imports/{job.pk}/confirm/", {"token": jobs.confirmation_token(job)}
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTING
    assert PracticeEntry.objects.count() == 0

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTED
    assert PracticeEntry.objects.count() == 3


def test_a_database_failure_during_the_import_is_reported_and_writes_nothing(
    signed_in, database_fails_at_row_500
):
    upload(signed_in, "entries_1000.csv")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.CHECKED
    database_fails_at_row_500()

    response = signed_in.post(
        f"/admin/imports/{job.pk}/confirm/", {"token": jobs.confirmation_token(job)}
    )

    job.refresh_from_db()
    assert response.status_code == 302
    assert job.status == ImportStatus.FAILED
    assert job.problem.startswith("The database refused the import part way")
    assert PracticeEntry.objects.count() == 0
    page = signed_in.get(f"/admin/imports/{job.pk}/").content.decode()
    assert "nothing was imported" in page
