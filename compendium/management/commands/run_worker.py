"""django-tasks' database worker, recording a heartbeat that `/health/ready`
reads (a worker that stopped, or hangs, is seen as gone within a minute), and
recovering the tasks of workers that died while running them: queued again
when that is safe, else failed and reported (compendium.workers)."""

import logging
import threading

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands import db_worker

from compendium import health, workers

logger = logging.getLogger("compendium.workers")


def beat_and_recover(worker_id, backend_name):
    health.record_heartbeat(worker_id)
    workers.record_beat(worker_id)
    workers.recover(backend_name, own_worker_id=worker_id)


class Command(db_worker.Command):
    help = "Run the tasks that wait in the database, recording a heartbeat."

    def handle(self, *args, **options):
        stop = threading.Event()
        worker_id = options["worker_id"]
        backend_name = options["backend_name"]
        # Before the first task is claimed: what a dead worker left RUNNING is
        # queued again first, in its order.
        beat_and_recover(worker_id, backend_name)

        def beat():
            try:
                while not stop.wait(settings.WORKER_HEARTBEAT_INTERVAL):
                    try:
                        beat_and_recover(worker_id, backend_name)
                    except Exception:  # noqa: BLE001 the next beat tries again
                        logger.warning("Heartbeat of worker %s failed", worker_id)
            finally:
                connection.close()

        threading.Thread(target=beat, name="heartbeat", daemon=True).start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
            workers.forget(worker_id)
