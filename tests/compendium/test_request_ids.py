"""Every request gets an id, sent back in X-Request-ID and written in every log
line about it, the lines of the background tasks it queued included; the
production settings write those lines as JSON."""

import io
import json
import logging
import os
import subprocess
import sys
import types

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from compendium import error_reports
from compendium.log_format import JsonFormatter
from compendium.request_ids import RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """The log lines written meanwhile, as the production handler writes them
    (the project's filter and JSON formatter), read back as objects."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(level)


def test_every_answer_carries_a_new_request_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_well_formed_incoming_id_is_kept(client):
    response = client.get("/", headers={"X-Request-ID": "lb-7f3a9c21.0001"})
    assert response["X-Request-ID"] == "lb-7f3a9c21.0001"


@pytest.mark.parametrize(
    "given",
    ["short", "x" * 129, "two words here", 'a"quote"-0123', "line\\nbreak-0123", ""],
)
def test_a_malformed_incoming_id_is_replaced(client, given):
    response = client.get("/", headers={"X-Request-ID": given})
    assert response.status_code != 500
    assert response["X-Request-ID"] != given
    assert len(response["X-Request-ID"]) == 32


def test_a_page_kept_by_the_page_cache_answers_with_each_requests_own_id(
    client, publisher
):
    from tests.compendium.factories import publish_entry, release_edition

    publish_entry(reference="CP-0001")
    release_edition(publisher, "1.0")
    first = client.get("/compendium/", headers={"X-Request-ID": "first-request-1"})
    second = client.get("/compendium/", headers={"X-Request-ID": "second-request-2"})
    assert (first.status_code, second.status_code) == (200, 200)
    assert first["X-Request-ID"] == "first-request-1"
    assert second["X-Request-ID"] == "second-request-2"


def test_log_lines_of_a_request_carry_its_id(client, json_lines):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "req-404-abcdef"})
    assert response.status_code == 404
    [line] = [line for line in json_lines() if line["logger"] == "django.request"]
    assert line["request_id"] == "req-404-abcdef"
    assert line["level"] == "WARNING"
    assert line["path"] == "/no-such-page/"
    assert line["status_code"] == 404
    assert line["message"].startswith("Not Found")


def test_outside_a_request_a_line_says_so(json_lines):
    logging.getLogger("tests.request_ids").warning("from a command")
    [line] = json_lines()
    assert line["request_id"] == "-"
    assert line["message"] == "from a command"


def test_an_exception_is_written_inside_its_json_line(json_lines):
    try:
        raise ValueError("broken")
    except ValueError:
        logging.getLogger("tests.request_ids").exception("it failed")
    [line] = json_lines()
    assert "ValueError: broken" in line["exception"]


@pytest.mark.urls("tests.compendium.request_id_urls")
def test_the_worker_logs_a_queued_task_under_the_id_of_its_request(
    client, settings, json_lines
):
    settings.TASKS = {
        "default": {"BACKEND": "compendium.task_backends.DatabaseBackend"}
    }
    response = client.get("/logged/", headers={"X-Request-ID": "req-task-123456"})
    assert response.status_code == 200
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["request_id"] == "req-task-123456"
    assert queued.status == "READY"

    # What `manage.py db_worker` does with each task it takes, here in the
    # test's transaction.
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    queued.claim("test-worker")
    worker.run_task(queued)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    by_message = {line["message"]: line for line in json_lines()}
    assert by_message["in the view"]["request_id"] == "req-task-123456"
    assert by_message["background: queued by the view"]["request_id"] == (
        "req-task-123456"
    )
    # The worker's own lines about the task too, and nothing after it.
    task_lines = [line for line in json_lines() if line["logger"] == "django_tasks"]
    assert [line["message"].rsplit("=", 1)[-1] for line in task_lines] == [
        "RUNNING",
        "SUCCESSFUL",
    ]
    assert {line["request_id"] for line in task_lines} == {"req-task-123456"}
    logging.getLogger("tests.request_ids").warning("after the task")
    assert json_lines()[-1]["request_id"] == "-"


@pytest.mark.urls("tests.compendium.request_id_urls")
def test_a_task_run_at_once_logs_under_its_requests_id(client, json_lines):
    client.get("/logged/", headers={"X-Request-ID": "req-immediate-1"})
    by_message = {line["message"]: line for line in json_lines()}
    assert by_message["background: queued by the view"]["request_id"] == (
        "req-immediate-1"
    )


def test_production_settings_write_json_lines():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "compendium.settings.production",
        "SECRET_KEY": "production-like-key-for-this-test-only-0123456789abcdef",
        "ALLOWED_HOSTS": "compendium.example",
    }
    environment.pop("LOG_FORMAT", None)
    environment.pop("SENTRY_DSN", None)
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('compendium').warning('hello')"
    )
    finished = subprocess.run(  # noqa: S603 this interpreter, a fixed script
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    [line] = [json.loads(text) for text in finished.stderr.splitlines()]
    assert (line["message"], line["level"], line["request_id"]) == (
        "hello",
        "WARNING",
        "-",
    )


def test_error_reports_start_when_sentry_sdk_is_installed(monkeypatch):
    started = {}
    fake = types.ModuleType("sentry_sdk")
    fake.init = lambda **options: started.update(options)
    monkeypatch.setitem(sys.modules, "sentry_sdk", fake)
    assert error_reports.start_error_reports("https://key@errors.example/1")
    assert started["dsn"] == "https://key@errors.example/1"
    assert started["send_default_pii"] is False
    event = started["before_send"]({}, {})
    assert "tags" not in event


def test_without_sentry_sdk_the_site_runs_and_says_so(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)
    assert error_reports.start_error_reports("https://key@errors.example/1") is False
    assert "sentry-sdk is not installed" in caplog.text
