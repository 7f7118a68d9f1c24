"""The database backend of django-tasks, keeping the request id a task was
queued under beside its arguments, so that the worker's log lines about it
carry the id of the request that asked for it (compendium.request_ids)."""

from django_tasks_db import DatabaseBackend as BaseDatabaseBackend

from .request_ids import current_request_id


class DatabaseBackend(BaseDatabaseBackend):
    def _task_to_db_task(self, task, args, kwargs):
        result = super()._task_to_db_task(task, args, kwargs)
        request_id = current_request_id.get()
        if request_id is not None:
            # Beside "args" and "kwargs", which are all the worker passes on.
            result.args_kwargs["request_id"] = request_id
            type(result).objects.filter(pk=result.pk).update(
                args_kwargs=result.args_kwargs
            )
        return result
