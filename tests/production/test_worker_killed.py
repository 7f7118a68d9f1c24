"""A worker killed in the middle of a release (SIGKILL: what the out-of-memory
killer or a machine restart does) leaves nothing half-done: the release is run
again by the next worker and happens exactly once, or, once it has used its
attempts, fails and is reported to the Office, who can release again.

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

        def state(self, **more):
            return eval(self.shell(STATE, **more).strip().splitlines()[-1])  # noqa: S307

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
            process = subprocess.Popen(  # noqa: S603 this interpreter, the project's
                [*command, "--no-startup-delay", "--no-reload", "--interval", "0.2"],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            workers.append(process)
            return process

        def paused(self, process, seconds=90):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if self.mark.exists():
                    return True
                assert process.poll() is None, process.stderr.read()
                time.sleep(0.2)
            return False

        def until(self, condition, seconds=90, **more):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                state = self.state(**more)
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
