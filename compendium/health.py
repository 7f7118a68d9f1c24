"""Health of a process, for the load balancer and the service manager.

`/health/live` says the process answers; `/health/ready` that it can serve: the
database answers, the cache keeps and returns a value, and, where tasks wait in
the database for a worker, a worker has recorded its heartbeat recently. A check
that fails makes the answer 503 and names itself in the JSON. Beside the checks,
`tasks` counts the tasks waiting, running, and failed in the last day because
their worker died (compendium.workers): for the operators to see, never a
reason to take the process out of service. Neither answer is ever kept by a
cache.
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

HEARTBEAT_KEY = "compendium:worker:heartbeat"


def stale_after():
    return settings.WORKER_HEARTBEAT_STALE_AFTER


def record_heartbeat(worker_id=""):
    """Record that a worker is running now (read by `/health/ready`)."""
    cache.set(
        HEARTBEAT_KEY,
        {"at": time.time(), "worker": worker_id},
        stale_after() * 10,
    )


def worker_expected():
    """Whether tasks wait for a worker (rather than running in the request)."""
    backend = settings.TASKS["default"]["BACKEND"]
    return not backend.endswith("ImmediateBackend") and not backend.endswith(
        "DummyBackend"
    )


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key = f"compendium:health:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what it was given")
    cache.delete(key)


def _worker():
    if not worker_expected():
        return
    beat = cache.get(HEARTBEAT_KEY)
    if beat is None:
        raise RuntimeError("no worker has recorded a heartbeat")
    age = time.time() - beat["at"]
    if age > stale_after():
        raise RuntimeError(f"the worker's last heartbeat is {int(age)} s old")


CHECKS = {"database": _database, "cache": _cache, "worker": _worker}


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    checks = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as problem:  # noqa: BLE001 any failure is the answer
            checks[name] = {"ok": False, "error": str(problem)}
        else:
            checks[name] = {"ok": True}
    failed = [name for name, result in checks.items() if not result["ok"]]
    answer = {"status": "failing" if failed else "ok", "failed": failed}
    answer["checks"] = checks
    if worker_expected() and "database" not in failed:
        try:
            answer["tasks"] = _tasks()
        except Exception as problem:  # noqa: BLE001 a count is never worth a 500
            answer["tasks"] = {"error": str(problem)}
    return JsonResponse(answer, status=503 if failed else 200)


def _tasks():
    from django_tasks_db.models import DBTaskResult

    from . import workers

    return {
        "waiting": DBTaskResult.objects.ready().count(),
        "running": DBTaskResult.objects.running().count(),
        "lost_worker_failures_last_day": workers.given_up_recently(),
    }
