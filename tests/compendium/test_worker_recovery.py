"""What a worker does with the tasks of a worker that died: queued again when
their work is all-or-nothing and attempts are left, else failed, logged at
ERROR under the request id that queued them, and told to the Office where it
looks. tests/production/test_worker_killed.py kills real workers."""

import logging
import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from compendium import tasks, workers
from compendium.choices import EditionKind
from compendium.models import Edition, EditionPdf, TaskWorker
from compendium.request_ids import RequestIdFilter
from contributions.choices import ImportStatus
from contributions.imports import tasks as import_tasks
from contributions.models import ImportJob
from contributions.notifications import send_digest
from tests.compendium.factories import publish_entry, release_edition
from tests.contributions.factories import UserFactory

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = "compendium.task_backends.DatabaseBackend"


@pytest.fixture(autouse=True)
def tasks_in_database(settings):
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}
    settings.TASK_MAX_ATTEMPTS = 3
    settings.WORKER_HEARTBEAT_STALE_AFTER = 60


def worker(worker_id, *, seconds_since_beat=0, host="elsewhere", pid=12345):
    now = timezone.now()
    return TaskWorker.objects.create(
        worker_id=worker_id,
        host=host,
        boot_id="another-boot",
        pid=pid,
        started_at=now - timedelta(hours=1),
        beat_at=now - timedelta(seconds=seconds_since_beat),
    )


def running(task, *args, worker_ids=("gone",), request_id=None):
    """A task as a worker left it when it claimed it."""
    result = task.enqueue(*args)
    row = DBTaskResult.objects.get(pk=result.id)
    if request_id:
        row.args_kwargs["request_id"] = request_id
    row.status = "RUNNING"
    row.started_at = timezone.now() - timedelta(minutes=5)
    row.worker_ids = list(worker_ids)
    row.save()
    return row


@pytest.fixture
def edition(publisher):
    publish_entry()
    return Edition.objects.create(
        label="1.0", title="Edition 1.0", kind=EditionKind.OFFICIAL
    )


def test_a_task_of_a_worker_whose_heartbeat_stopped_is_queued_again(edition, publisher):
    worker("gone", seconds_since_beat=61)
    row = running(tasks.release_edition, edition.pk, publisher.pk)

    requeued, failed = workers.recover()

    row.refresh_from_db()
    assert (requeued, failed) == ([row], [])
    assert row.status == "READY"
    assert row.started_at is None
    assert row.worker_ids == ["gone"]


def test_a_task_of_a_live_worker_is_left_running(edition, publisher):
    worker("alive", seconds_since_beat=5)
    row = running(tasks.release_edition, edition.pk, publisher.pk, worker_ids=["alive"])

    assert workers.recover() == ([], [])
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_the_recovering_worker_never_takes_back_its_own_task(edition, publisher):
    row = running(tasks.release_edition, edition.pk, publisher.pk, worker_ids=["me"])

    assert workers.recover(own_worker_id="me") == ([], [])
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_a_worker_on_this_machine_whose_process_ended_is_gone_at_once(monkeypatch):
    monkeypatch.setattr(workers, "this_machine", lambda: ("here", "boot-1"))
    ended = worker("ended", host="here", pid=2**22 + 1)
    ended.boot_id = "boot-1"
    ended.save()
    itself = worker("itself", host="here", pid=os.getpid())
    itself.boot_id = "boot-1"
    itself.save()
    alive = worker("alive", host="here", pid=os.getppid())
    alive.boot_id = "boot-1"
    alive.save()

    assert workers.is_gone(ended)
    # The recorded process id is now this very process: another worker's.
    assert workers.is_gone(itself)
    assert not workers.is_gone(alive)
    # Before the machine restarted, the same process id meant another process.
    alive.boot_id = "boot-0"
    assert not workers.is_gone(alive)  # judged by its recent heartbeat instead
    alive.beat_at = timezone.now() - timedelta(seconds=61)
    assert workers.is_gone(alive)


def test_a_release_whose_workers_died_too_often_fails_and_the_office_is_told(
    client, edition, publisher, caplog
):
    worker("third", seconds_since_beat=600)
    row = running(
        tasks.release_edition,
        edition.pk,
        publisher.pk,
        worker_ids=["first", "second", "third"],
        request_id="release-request-0001",
    )
    caplog.handler.addFilter(RequestIdFilter())

    with caplog.at_level(logging.WARNING, logger="compendium.workers"):
        requeued, failed = workers.recover()

    row.refresh_from_db()
    assert (requeued, failed) == ([], [row])
    assert row.status == "FAILED"
    assert row.exception_class_path == workers.WORKER_LOST
    [record] = [r for r in caplog.records if r.name == "compendium.workers"]
    assert record.levelno == logging.ERROR
    assert record.request_id == "release-request-0001"
    assert str(row.id) in record.getMessage()

    client.force_login(publisher)
    response = client.get(f"/admin/edition/{edition.pk}/release/progress/", follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/edition/{edition.pk}/release/"
    page = response.content.decode()
    assert "background worker stopped while releasing (3 times)" in page
    assert "Nothing was released: release the edition again." in page
    edition.refresh_from_db()
    assert not edition.is_released


def test_the_release_screen_says_when_a_release_starts_again(
    client, edition, publisher
):
    worker("gone", seconds_since_beat=600)
    running(tasks.release_edition, edition.pk, publisher.pk)
    workers.recover()

    client.force_login(publisher)
    page = client.get(f"/admin/edition/{edition.pk}/release/progress/")
    assert page.status_code == 200
    assert "The release starts again (attempt 2 of 3)." in page.content.decode()


def test_only_publishers_read_why_a_release_failed(client, edition, reviewer):
    client.force_login(reviewer)
    response = client.get(f"/admin/edition/{edition.pk}/release/progress/")
    assert response.status_code in (302, 403)


def test_a_task_that_may_have_sent_e_mails_is_not_run_again(caplog):
    person = UserFactory()
    worker("gone", seconds_since_beat=600)
    row = running(send_digest, person.pk)

    with caplog.at_level(logging.ERROR, logger="compendium.workers"):
        requeued, failed = workers.recover()

    row.refresh_from_db()
    assert (requeued, failed) == ([], [row])
    assert "not run again by itself" in row.traceback
    assert "not run again by itself" in caplog.text


def test_a_task_of_a_worker_never_recorded_waits_for_the_stale_delay(
    edition, publisher
):
    row = running(tasks.release_edition, edition.pk, publisher.pk, worker_ids=["old"])
    row.started_at = timezone.now() - timedelta(seconds=10)
    row.save()
    assert workers.recover() == ([], [])

    row.started_at = timezone.now() - timedelta(seconds=61)
    row.save()
    assert workers.recover() == ([row], [])


def test_an_import_whose_workers_died_too_often_fails_its_job(reviewer):
    job = ImportJob.objects.create(
        kind="entries",
        file_name="entries.csv",
        sha256="0" * 64,
        size=1,
        status=ImportStatus.IMPORTING,
        created_by=reviewer,
    )
    worker("gone", seconds_since_beat=600)
    running(import_tasks.run_import, job.pk, worker_ids=["a", "b", "gone"])

    workers.recover()

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "nothing was imported" in job.problem
    assert job.finished_at is not None


def test_a_pdf_whose_workers_died_too_often_says_so_and_keeps_the_earlier_file(
    publisher,
):
    publish_entry()
    edition = release_edition(publisher)
    made = EditionPdf.objects.get(edition=edition, language="en")
    made.file.save("earlier.pdf", ContentFile(b"%PDF-1.7 earlier %%EOF"))
    worker("gone", seconds_since_beat=600)
    running(tasks.render_edition_pdf, edition.pk, "en", worker_ids=["a", "b", "gone"])

    workers.recover()

    made.refresh_from_db()
    assert "background worker stopped while making this PDF" in made.problem
    assert made.file.name.startswith("editions/earlier")


def test_ready_counts_the_tasks_failed_because_their_worker_died(
    client, edition, publisher
):
    from compendium import health

    health.record_heartbeat("w")
    worker("gone", seconds_since_beat=600)
    running(
        tasks.release_edition, edition.pk, publisher.pk, worker_ids=["1", "2", "gone"]
    )
    workers.recover()

    body = client.get("/health/ready").json()
    assert body["status"] == "ok"
    assert body["tasks"]["lost_worker_failures_last_day"] == 1
    assert body["tasks"]["running"] == 0


def test_a_release_run_again_after_it_was_released_queues_only_missing_pdfs(
    publisher, django_capture_on_commit_callbacks
):
    publish_entry()
    edition = release_edition(publisher)
    made = EditionPdf.objects.get(edition=edition, language="en")
    made.file.save("made.pdf", ContentFile(b"%PDF-1.7 made %%EOF"))

    already = set(DBTaskResult.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.release_edition.call(edition.pk, publisher.pk) == 0

    queued = DBTaskResult.objects.exclude(pk__in=already)
    assert list(queued.values_list("task_path", "args_kwargs__args")) == [
        (tasks.make_edition_downloads.module_path, [edition.pk])
    ]


def test_a_starting_worker_first_queues_again_what_a_dead_one_left(
    edition, publisher, monkeypatch
):
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    worker("gone", seconds_since_beat=600)
    row = running(tasks.release_edition, edition.pk, publisher.pk)
    seen = []
    # The loop itself is django-tasks-db's, run for real by the production tests.
    monkeypatch.setattr(
        db_worker.Worker,
        "run",
        lambda self: seen.append(DBTaskResult.objects.get(pk=row.pk).status),
    )

    call_command("run_worker", "--batch", "--no-startup-delay", "--worker-id", "new")

    assert seen == ["READY"]
    # A worker that stops on its own is forgotten.
    assert not TaskWorker.objects.filter(worker_id="new").exists()
