"""Background tasks of the import (django-tasks): immediate in development, run
by `manage.py db_worker` in production."""

from django_tasks import task

from contributions.models import ImportJob


@task()
def check_import(job_id):
    from . import jobs

    outcome = jobs.check(ImportJob.objects.select_related("created_by").get(pk=job_id))
    return outcome.total


@task()
def run_import(job_id):
    from . import jobs

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    outcome = jobs.run_import(job)
    return outcome.total if outcome else 0
