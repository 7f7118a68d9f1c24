"""Production as it runs: two gunicorn app servers, the worker and Varnish,
started by deploy/prod-local.sh on ports of their own with a database of their
own (committed data that every process sees, so no transactional test). An
edition released by the worker, as the release button asks it to, is read at
once from the other app server and through Varnish: no process keeps a stale
page, and Varnish is told what changed."""

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SCRIPT = ROOT / "deploy" / "prod-local.sh"
PG = "postgres://postgres@127.0.0.1:5432"

pytestmark = pytest.mark.skipif(
    not (shutil.which("varnishd") or Path("/usr/sbin/varnishd").exists()),
    reason="varnishd is not installed (Debian package varnish; .ci/run installs it)",
)

SET_UP = """
from accounts.choices import StaffRole
from compendium import editions
from compendium.choices import EditionKind
from compendium.models import Edition
from tests.contributions.factories import UserFactory
from tests.compendium.factories import publish_entry

publisher = UserFactory(staff_roles=[StaffRole.PUBLISHER])
publish_entry(title="Older early warning committee", reference="CP-0001")
editions.release(
    actor=publisher,
    edition=Edition.objects.create(
        label="1.0", title="Edition 1.0", kind=EditionKind.OFFICIAL
    ),
)
publish_entry(title="Newer mediation support unit", reference="CP-0002")
upcoming = Edition.objects.create(
    label="1.1", title="Edition 1.1", kind=EditionKind.UPDATE
)
print(upcoming.pk, publisher.pk)
"""

RELEASE = """
from compendium import tasks
tasks.release_edition.enqueue({edition}, {publisher})
"""


# The current edition's browse page at a query string a reader might use.
FILTERED = "/compendium/?sort=title"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def until(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def psql(sql):
    subprocess.run(  # noqa: S603 the test's own command
        # psql from the PATH, as .ci/run uses it.
        ["psql", f"{PG}/postgres", "-qc", sql],  # noqa: S607
        check=True,
        capture_output=True,
    )


@pytest.fixture
def production():
    app1, app2, varnish = free_port(), free_port(), free_port()
    name = f"compendium_processes_{os.getpid()}"
    run_dir = ROOT / "var" / f"processes-test-{os.getpid()}"
    env = {
        **os.environ,
        "PROD_LOCAL_DIR": str(run_dir),
        "PROD_LOCAL_APP_PORTS": f"{app1} {app2}",
        "PROD_LOCAL_VARNISH_PORT": str(varnish),
        "PROD_LOCAL_DATABASE": name,
        "PROD_LOCAL_SEED": "0",
        "WEB_CONCURRENCY": "1",
        "PYTHON": str(ROOT / ".venv" / "bin" / "python"),
    }
    for variable in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SITE_URL"):
        env.pop(variable, None)
    psql(f'DROP DATABASE IF EXISTS "{name}"')

    def run(*command, **kwargs):
        return subprocess.run(  # noqa: S603 the repository's script
            [str(SCRIPT), *command],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            **kwargs,
        )

    try:
        started = run("start")
        assert started.returncode == 0, started.stdout + started.stderr
        yield {"app1": app1, "app2": app2, "varnish": varnish, "run": run}
    finally:
        stopped = run("stop")
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(run_dir, ignore_errors=True)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr


def test_a_release_is_read_at_once_from_every_process_and_through_varnish(
    production,
):
    python = str(ROOT / ".venv" / "bin" / "python")
    made = production["run"]("run", python, "manage.py", "shell", "-c", SET_UP)
    assert made.returncode == 0, made.stderr
    edition_pk, publisher_pk = made.stdout.split()[-2:]

    # Each process and Varnish keep the current edition's browse page.
    request_ids = []
    for port in ("app1", "app2", "varnish", "varnish"):
        status, headers, page = get(production[port], "/compendium/")
        assert status == 200
        assert "Older early warning committee" in page
        assert "Newer mediation support unit" not in page
        request_ids.append(headers["X-Request-ID"])
    assert headers["X-Cache"] == "hit"
    # A browse view with a query string is its own address in Varnish.
    for _ in range(2):
        status, headers, page = get(production["varnish"], FILTERED)
        assert "Newer mediation support unit" not in page
    assert headers["X-Cache"] == "hit"
    # A page Varnish kept never answers with the id of the request that filled it.
    assert len(set(request_ids)) == 4

    # The release button's task, run by the worker.
    code = RELEASE.format(edition=int(edition_pk), publisher=int(publisher_pk))
    released = production["run"]("run", python, "manage.py", "shell", "-c", code)
    assert released.returncode == 0, released.stderr

    def app2_shows_it():
        return (
            "Newer mediation support unit" in get(production["app2"], "/compendium/")[2]
        )

    assert until(app2_shows_it, 90), "the worker did not release the edition"
    # Purged by the worker right after its commit: no waiting for s-maxage.
    assert until(
        lambda: (
            "Newer mediation support unit"
            in get(production["varnish"], "/compendium/")[2]
        ),
        5,
    )
    assert "Newer mediation support unit" in get(production["app1"], "/compendium/")[2]
    # The purge of /compendium/ reaches it at every query string too.
    assert "Newer mediation support unit" in get(production["varnish"], FILTERED)[2]
    status, _headers, page = get(production["varnish"], "/compendium/editions/1.1/")
    assert status == 200
    assert "Newer mediation support unit" in page

    status, _headers, body = get(production["varnish"], "/health/ready")
    assert status == 200, body
