"""No background task is silently lost when its worker dies.

django-tasks' database worker marks a task RUNNING when it claims it and adds
its worker id to the task's `worker_ids`, one per attempt; a worker that is
killed (SIGKILL, out of memory, a machine restart) leaves the row RUNNING for
ever. Each worker therefore records itself in TaskWorker with a heartbeat, and
when it starts, and with each heartbeat, it looks for tasks RUNNING under a
worker that is gone:

- a task marked `retried_after_a_lost_worker` (its work is all-or-nothing, or
  does nothing twice) that has had fewer than TASK_MAX_ATTEMPTS attempts is
  queued again;
- any other is marked FAILED with the reason, logged at ERROR under the request
  id that queued it, and django-tasks' `task_finished` is sent for it, on which
  the task's own app tells the Office where it looks (the release screen, the
  import, the edition's PDF).

A worker is gone when it ran on this machine since its last start and its
process no longer exists, or when its last heartbeat is older than
WORKER_HEARTBEAT_STALE_AFTER (a worker elsewhere, or one that hangs).
"""

import logging
import os
import socket
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from django_tasks.signals import task_finished
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from .models import TaskWorker
from .request_ids import current_request_id, well_formed

logger = logging.getLogger(__name__)

BOOT_ID = Path("/proc/sys/kernel/random/boot_id")

# Paths of the tasks that may run again after a worker died part way.
_RETRIED = set()


class WorkerLost(Exception):
    """Why a task that was running when its worker died is not run again."""


# As DBTaskResult.exception_class_path names it.
WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


def tasks_in_database(alias="default"):
    """Whether tasks wait in the database for a worker (not run at once)."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends[alias], DatabaseBackend)


def retried_after_a_lost_worker(task):
    """Mark a task as safe to run again after its worker died part way: its work
    is one transaction, or it skips what an earlier attempt finished."""
    _RETRIED.add(task.module_path)
    return task


def is_retried(task_path):
    return task_path in _RETRIED


def max_attempts():
    return max(1, int(settings.TASK_MAX_ATTEMPTS))


def stale_after():
    return timedelta(seconds=settings.WORKER_HEARTBEAT_STALE_AFTER)


def this_machine():
    """(host name, boot id): a process id is only meaningful on the machine it
    was given on, and only until that machine restarts."""
    try:
        boot_id = BOOT_ID.read_text().strip()
    except OSError:
        boot_id = ""
    return socket.gethostname()[:255], boot_id


def record_beat(worker_id):
    """Record that this worker process is alive now."""
    host, boot_id = this_machine()
    now = timezone.now()
    updated = TaskWorker.objects.filter(
        worker_id=worker_id, host=host, pid=os.getpid()
    ).update(beat_at=now)
    if not updated:
        TaskWorker.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "host": host,
                "boot_id": boot_id,
                "pid": os.getpid(),
                "started_at": now,
                "beat_at": now,
            },
        )


def forget(worker_id):
    """A worker that stops on its own finished or gave back its tasks."""
    TaskWorker.objects.filter(worker_id=worker_id).delete()


def _process_exists(pid):
    if pid == os.getpid():
        # This very process is another worker than the one recorded: the
        # recorded one is gone (a container restarted with the same host name).
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_gone(worker, now=None):
    """Whether the recorded worker no longer runs (see the module's docstring)."""
    now = now or timezone.now()
    if worker.beat_at < now - stale_after():
        return True
    host, boot_id = this_machine()
    if boot_id and (worker.host, worker.boot_id) == (host, boot_id):
        return not _process_exists(worker.pid)
    return False


def _abandoned(rows, own_worker_id):
    """The rows among RUNNING ones whose last worker is gone."""
    now = timezone.now()
    last_ids = {row.worker_ids[-1] for row in rows if row.worker_ids}
    known = {
        worker.worker_id: worker
        for worker in TaskWorker.objects.filter(worker_id__in=last_ids)
    }
    abandoned = []
    for row in rows:
        last = row.worker_ids[-1] if row.worker_ids else None
        if last is not None and last == own_worker_id:
            continue
        worker = known.get(last)
        if worker is None:
            # A worker that never recorded itself (django-tasks-db's own
            # db_worker, or one from before this was kept): judged by how long
            # the task has been running.
            gone = row.started_at is None or row.started_at < now - stale_after()
        else:
            gone = is_gone(worker, now)
        if gone:
            abandoned.append(row)
    return abandoned


def recover(backend_name="default", own_worker_id=None):
    """Queue again, or fail and report, the tasks of workers that are gone.

    Gives (requeued, failed): the DBTaskResult rows of each."""
    requeued, failed = [], []
    with exclusive_transaction(DBTaskResult.objects.db):
        running = list(
            DBTaskResult.objects.running()
            .filter(backend_name=backend_name)
            .select_for_update(skip_locked=True)
        )
        for row in _abandoned(running, own_worker_id):
            attempts = len(row.worker_ids)
            if is_retried(row.task_path) and attempts < max_attempts():
                row.status = TaskResultStatus.READY
                row.started_at = None
                row.save(update_fields=["status", "started_at"])
                requeued.append(row)
            else:
                row.set_failed(WorkerLost(_reason(row, attempts)))
                failed.append(row)
    for row in requeued:
        _log(
            row,
            logging.WARNING,
            "Task id=%s path=%s was running when its worker %s stopped; "
            "queued again (attempt %s of %s)",
            row.id,
            row.task_path,
            row.worker_ids[-1] if row.worker_ids else "-",
            len(row.worker_ids) + 1,
            max_attempts(),
        )
    for row in failed:
        _log(
            row,
            logging.ERROR,
            "Task id=%s path=%s failed: %s",
            row.id,
            row.task_path,
            row.traceback.strip(),
        )
        _report(row)
    return requeued, failed


def _reason(row, attempts):
    if not is_retried(row.task_path):
        return (
            f"The worker running this task stopped after {attempts} attempt(s); "
            "it is not run again by itself because part of its work may have "
            "been done."
        )
    return (
        f"The worker running this task stopped {attempts} times; it is not run again."
    )


def _log(row, level, message, *args):
    """Log under the request id that queued the task, as its own lines are."""
    queued = row.args_kwargs.get("request_id") if row.args_kwargs else None
    token = current_request_id.set(
        queued if isinstance(queued, str) and well_formed(queued) else None
    )
    try:
        logger.log(level, message, *args)
    finally:
        current_request_id.reset(token)


def _report(row):
    """Tell the task's own app, as django-tasks does when a task raises."""
    try:
        task = row.task
        task_result = row.task_result
    except (ImportError, SuspiciousOperation):
        return
    answers = task_finished.send_robust(
        sender=type(task.get_backend()), task_result=task_result
    )
    for receiver, answer in answers:
        if isinstance(answer, Exception):
            logger.error(
                "Reporting the failed task id=%s through %r failed: %s",
                row.id,
                receiver,
                answer,
            )


def given_up_recently(hours=24):
    """How many tasks were failed in the last hours because their worker died."""
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED,
        exception_class_path=WORKER_LOST,
        finished_at__gte=timezone.now() - timedelta(hours=hours),
    ).count()
