"""django-tasks' database worker, recording a heartbeat that `/health/ready`
reads: a worker that stopped, or hangs, is seen as gone within a minute."""

import threading

from django_tasks_db.management.commands import db_worker

from compendium import health


class Command(db_worker.Command):
    help = "Run the tasks that wait in the database, recording a heartbeat."

    def handle(self, *args, **options):
        stop = threading.Event()
        worker_id = options.get("worker_id") or ""
        health.record_heartbeat(worker_id)

        def beat():
            while not stop.wait(health.HEARTBEAT_INTERVAL):
                try:
                    health.record_heartbeat(worker_id)
                except Exception:  # noqa: BLE001, S110 the next beat tries again
                    pass

        threading.Thread(target=beat, name="heartbeat", daemon=True).start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
