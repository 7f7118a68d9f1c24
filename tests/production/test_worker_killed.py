"""A worker killed in the middle of a release, an import or an edition's PDF
(SIGKILL: what the out-of-memory killer or a machine restart does) leaves
nothing half-done: the task is run again by the next worker and its work
happens exactly once, or, once it has used its attempts, it fails and is
reported to the Office, who can release again.

Real `manage.py run_worker` processes on a database file of their own (or a
PostgreSQL database when DATABASE_URL names one), paused in the middle of the
work by tests/production/paused_worker.py."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PYTHON = sys.executable
SET_UP = """
from compendium.models import Edition
from compendium.choices import EditionKind
from accounts.choices import StaffRole
from tests.contributions.factories import UserFactory
from tests.compendium.factories import publish_entry
from compendium import tasks

publisher = UserFactory(staff_roles=[StaffRole.PUBLISHER])
for number in range(1, 4):
    publish_entry(title=f"Mediation support unit {number}", reference=f"CP-000{number}")
edition = Edition.objects.create(
    label="1.0", title="Edition 1.0", kind=EditionKind.OFFICIAL
)
tasks.release_edition.enqueue(edition.pk, publisher.pk)
"""
STATE = """
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry
from compendium import tasks
from compendium.models import Edition, EditionEntry
edition = Edition.objects.get(label="1.0")
task = DBTaskResult.objects.get(task_path=tasks.release_edition.module_path)
print(repr({
    "status": edition.status,
    "entry_count": edition.entry_count,
    "rows": EditionEntry.objects.filter(edition=edition).count(),
    "logged": ModelLogEntry.objects.filter(action="compendium.edition.release").count(),
    "task": task.status,
    "attempts": len(task.worker_ids),
    "failure": tasks.release_failure(edition.pk),
}))
"""


@pytest.fixture(scope="module")
def template_database(tmp_path_factory):
    """A migrated database, copied for each test."""
    url = os.environ.get("DATABASE_URL", "")
    folder = tmp_path_factory.mktemp("worker-killed")
    if url.startswith("postgres"):
        base = url.rsplit("/", 1)[0]
        name = f"compendium_worker_template_{os.getpid()}"
        psql(base, f'DROP DATABASE IF EXISTS "{name}"')
        psql(base, f'CREATE DATABASE "{name}"')
        database = {"base": base, "name": name, "url": f"{base}/{name}"}
    else:
        path = folder / "template.sqlite3"
        database = {"path": path, "url": f"sqlite:///{path}"}
    migrated = subprocess.run(  # noqa: S603 this interpreter, the project's command
        [PYTHON, "manage.py", "migrate", "-v0"],
        env=environment(database["url"]),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert migrated.returncode == 0, migrated.stderr
    yield database
    if "name" in database:
        psql(
            database["base"],
            f'DROP DATABASE IF EXISTS "{database["name"]}" WITH (FORCE)',
        )


def psql(base, sql):
    subprocess.run(  # noqa: S603 the test's own command
        ["psql", f"{base}/postgres", "-qc", sql],  # noqa: S607
        check=True,
        capture_output=True,
    )


def environment(url, **more):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "compendium.settings.test",
        "DATABASE_URL": url,
        "TASKS_BACKEND": "compendium.task_backends.DatabaseBackend",
        "WORKER_HEARTBEAT_INTERVAL": "0.5",
        "PYTHONPATH": str(ROOT),
        **more,
    }
    env.pop("REDIS_URL", None)
    return env


@pytest.fixture
def site(template_database, tmp_path):
    """Run the project's commands and workers against a copy of the template."""
    if "name" in template_database:
        name = f"compendium_worker_{os.getpid()}"
        psql(
            template_database["base"], f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        )
        psql(
            template_database["base"],
            f'CREATE DATABASE "{name}" TEMPLATE "{template_database["name"]}"',
        )
        url = f"{template_database['base']}/{name}"
    else:
        path = tmp_path / "site.sqlite3"
        shutil.copy(template_database["path"], path)
        url = f"sqlite:///{path}"
    workers = []

    class Site:
        mark = tmp_path / "paused"
        logs = tmp_path

        def shell(self, code, **more):
            done = subprocess.run(  # noqa: S603 this interpreter, a fixed script
                [PYTHON, "manage.py", "shell", "-c", code],
                env=environment(url, **more),
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert done.returncode == 0, done.stderr
            return done.stdout

        def state(self, script=STATE, **more):
            printed = self.shell(script, **more).strip().splitlines()[-1]
            return eval(printed)  # noqa: S307 our own script's repr of a dict

        def worker(self, pause_in=None, **more):
            command = (
                [PYTHON, "-m", "tests.production.paused_worker"]
                if pause_in
                else [PYTHON, "manage.py", "run_worker"]
            )
            env = environment(url, **more)
            if pause_in:
                env.update(PAUSE_IN=pause_in, PAUSE_MARK=str(self.mark))
                self.mark.unlink(missing_ok=True)
            # Its log in a file: a pipe nobody reads would stop it when full.
            log = open(self.logs / f"worker-{len(workers)}.log", "w")  # noqa: SIM115
            process = subprocess.Popen(  # noqa: S603 this interpreter, the project's
                [*command, "--no-startup-delay", "--no-reload", "--interval", "0.2"],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            log.close()
            process.log = Path(log.name)
            workers.append(process)
            return process

        def paused(self, process, seconds=90):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if self.mark.exists():
                    return True
                assert process.poll() is None, process.log.read_text()
                time.sleep(0.2)
            return False

        def until(self, condition, script=STATE, seconds=90, **more):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                state = self.state(script, **more)
                if condition(state):
                    return state
                time.sleep(0.5)
            raise AssertionError(f"still {state}")

    yield Site()
    for process in workers:
        if process.poll() is None:
            process.kill()
        process.wait()
    if "name" in template_database:
        psql(
            template_database["base"], f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        )


def kill(process):
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_a_release_killed_part_way_is_released_once_by_the_next_worker(site):
    site.shell(SET_UP)
    first = site.worker(pause_in="release")
    assert site.paused(first), "the release never started"

    # Part of the entries are written, inside the release's transaction only.
    assert site.state() == {
        "status": "in-preparation",
        "entry_count": 0,
        "rows": 0,
        "logged": 0,
        "task": "RUNNING",
        "attempts": 1,
        "failure": None,
    }
    kill(first)
    # Nothing of it is visible after the kill either.
    assert site.state()["rows"] == 0

    site.worker()
    released = site.until(lambda state: state["task"] == "SUCCESSFUL")
    assert released == {
        "status": "released",
        "entry_count": 3,
        "rows": 3,
        "logged": 1,
        "task": "SUCCESSFUL",
        "attempts": 2,
        "failure": None,
    }


def test_a_release_whose_workers_keep_dying_fails_and_the_office_is_told(site):
    site.shell(SET_UP)
    for _attempt in range(2):
        worker = site.worker(pause_in="release", TASK_MAX_ATTEMPTS="2")
        assert site.paused(worker)
        kill(worker)

    site.worker(TASK_MAX_ATTEMPTS="2")
    failed = site.until(lambda state: state["task"] == "FAILED", TASK_MAX_ATTEMPTS="2")
    assert failed["status"] == "in-preparation"
    assert (failed["rows"], failed["logged"], failed["attempts"]) == (0, 0, 2)
    assert failed["failure"] == (
        "The release stopped because the background worker stopped while "
        "releasing (2 times). Nothing was released: release the edition again."
    )


IMPORT_SET_UP = """
from pathlib import Path
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult
from accounts.choices import StaffRole
from contributions.imports import jobs
from tests.contributions.factories import UserFactory

data = Path("tests/contributions/files/imports/entries.csv").read_bytes()
reviewer = UserFactory(staff_roles=[StaffRole.REVIEWER])
job = jobs.start(
    user=reviewer, uploaded=SimpleUploadedFile("entries.csv", data), kind="entries"
)
# The check, here and now: the worker is to meet the import itself.
DBTaskResult.objects.all().delete()
jobs.check(job)
job.refresh_from_db()
jobs.confirm(user=reviewer, job=job, token=jobs.confirmation_token(job))
"""
IMPORT_STATE = """
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry
from contributions.models import ImportJob, PracticeEntry
job = ImportJob.objects.get()
task = DBTaskResult.objects.get()
print(repr({
    "job": job.status,
    "new": job.new_count,
    "entries": PracticeEntry.objects.count(),
    "logged": ModelLogEntry.objects.filter(action="contributions.import").count(),
    "task": task.status,
    "attempts": len(task.worker_ids),
}))
"""


def test_an_import_killed_part_way_imports_the_file_once_with_the_next_worker(site):
    site.shell(IMPORT_SET_UP)
    first = site.worker(pause_in="import")
    assert site.paused(first), "the import never started"

    # The first row is written, inside the import's transaction only.
    assert site.state(IMPORT_STATE) == {
        "job": "importing",
        "new": 3,  # what the check found
        "entries": 0,
        "logged": 0,
        "task": "RUNNING",
        "attempts": 1,
    }
    kill(first)

    site.worker()
    imported = site.until(lambda state: state["task"] == "SUCCESSFUL", IMPORT_STATE)
    assert imported == {
        "job": "imported",
        "new": 3,
        "entries": 3,
        "logged": 1,
        "task": "SUCCESSFUL",
        "attempts": 2,
    }


PDF_SET_UP = """
from accounts.choices import StaffRole
from compendium import editions, tasks
from compendium.choices import EditionKind
from compendium.models import Edition
from tests.contributions.factories import UserFactory
from tests.compendium.factories import publish_entry

publisher = UserFactory(staff_roles=[StaffRole.PUBLISHER])
for number in range(1, 4):
    publish_entry(title=f"Mediation support unit {number}", reference=f"CP-000{number}")
edition = editions.release(
    actor=publisher,
    edition=Edition.objects.create(
        label="1.0", title="Edition 1.0", kind=EditionKind.OFFICIAL
    ),
)
tasks.render_edition_pdf.enqueue(edition.pk, "en")
"""
PDF_STATE = """
from django_tasks_db.models import DBTaskResult
from compendium import tasks
from compendium.models import EditionPdf
made = EditionPdf.objects.get(edition__label="1.0", language="en")
task = DBTaskResult.objects.get(task_path=tasks.render_edition_pdf.module_path)
content = made.file.open("rb").read() if made.file else b""
made.file.close() if made.file else None
print(repr({
    "file": bool(made.file.name),
    "rendered": made.rendered_at is not None,
    "whole": content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF"),
    "task": task.status,
    "attempts": len(task.worker_ids),
}))
"""


def test_a_pdf_killed_while_it_is_stored_is_never_offered_half_written(site):
    site.shell(PDF_SET_UP)
    first = site.worker(pause_in="pdf")
    assert site.paused(first, seconds=180), "the PDF was never stored"

    # Its first kilobyte is on the disk; the edition offers no file yet.
    waiting = {"file": False, "rendered": False, "whole": False}
    assert site.state(PDF_STATE) == {**waiting, "task": "RUNNING", "attempts": 1}
    kill(first)
    assert site.state(PDF_STATE) == {**waiting, "task": "RUNNING", "attempts": 1}

    site.worker()
    made = site.until(lambda state: state["task"] == "SUCCESSFUL", PDF_STATE, 180)
    assert made == {
        "file": True,
        "rendered": True,
        "whole": True,
        "task": "SUCCESSFUL",
        "attempts": 2,
    }
