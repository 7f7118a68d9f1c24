"""Background tasks of the import (django-tasks): immediate in development, run
by `manage.py run_worker` in production.

A check writes nothing, and an import is one transaction that also marks its
job imported, so either may run again after its worker died part way
(compendium.workers); one that still fails marks its job failed, with the
reason the Office reads on the import's page."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task

from compendium.workers import WORKER_LOST, retried_after_a_lost_worker
from contributions.choices import ImportStatus
from contributions.models import ImportJob


@retried_after_a_lost_worker
@task()
def check_import(job_id):
    from . import jobs

    outcome = jobs.check(ImportJob.objects.select_related("created_by").get(pk=job_id))
    return outcome.total


@retried_after_a_lost_worker
@task()
def run_import(job_id):
    from . import jobs

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    outcome = jobs.run_import(job)
    return outcome.total if outcome else 0


def import_failed(sender, task_result, **kwargs):
    """A check or import whose task failed (its worker died too often, or it
    raised) fails its job, which otherwise would say "checking" or "importing"
    for ever."""
    if (
        task_result.status != TaskResultStatus.FAILED
        or task_result.task.module_path
        not in {
            check_import.module_path,
            run_import.module_path,
        }
    ):
        return
    [job_id] = task_result.args
    lost = any(
        error.exception_class_path == WORKER_LOST for error in task_result.errors
    )
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not job.is_running:
            return
        job.status = ImportStatus.FAILED
        job.problem = (
            _(
                "The background worker stopped while reading this file, too "
                "often to try again; nothing was imported. Upload the file again, "
                "and tell the administrators if it happens again."
            )
            if lost
            else _(
                "Reading this file failed; nothing was imported. Upload it again, "
                "and tell the administrators if it happens again."
            )
        )
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "problem", "finished_at"])
