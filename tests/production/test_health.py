"""The health checks the load balancer and the service manager read."""

import time

import pytest
from django.core.cache import cache
from django.db import connection

from compendium import health

pytestmark = pytest.mark.django_db

DATABASE_WORKER = "django_tasks_db.DatabaseBackend"


@pytest.fixture
def worker_in_database(settings):
    settings.TASKS = {"default": {"BACKEND": DATABASE_WORKER}}


def test_live_answers_while_the_process_runs(client):
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_ready_when_database_and_cache_answer_and_tasks_run_at_once(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["failed"] == []
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_ready_with_a_recent_worker_heartbeat(client, worker_in_database):
    health.record_heartbeat("worker-1")
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == {"ok": True}


def test_not_ready_without_a_worker(client, worker_in_database):
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]
    assert "no-store" in response["Cache-Control"]


def test_not_ready_when_the_heartbeat_is_stale(client, worker_in_database, settings):
    settings.WORKER_HEARTBEAT_STALE_AFTER = 60
    cache.set(health.HEARTBEAT_KEY, {"at": time.time() - 61, "worker": "w"})
    response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["failed"] == ["worker"]
    assert "61 s old" in body["checks"]["worker"]["error"]


def test_not_ready_when_the_database_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
    assert "connection refused" in response.json()["checks"]["database"]["error"]


def test_not_ready_when_the_cache_fails(client, monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert "cache" in response.json()["failed"]


def test_the_worker_command_records_its_heartbeat(worker_in_database, monkeypatch):
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    ran = []
    # The worker's loop itself closes connections, which a test's transaction
    # cannot have; it is django-tasks-db's, and tests/production/
    # test_processes.py runs it for real.
    monkeypatch.setattr(db_worker.Worker, "run", lambda worker: ran.append(worker))
    cache.delete(health.HEARTBEAT_KEY)
    call_command("run_worker", "--batch", "--no-startup-delay", "--worker-id", "w1")
    assert len(ran) == 1
    beat = cache.get(health.HEARTBEAT_KEY)
    assert beat["worker"] == "w1"
    assert time.time() - beat["at"] < 5
