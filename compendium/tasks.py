"""Background work of the compendium (django-tasks): releasing large editions
and making each released edition's downloads: its PDF, CSV, XLSX and JSON.

A release is one transaction, so its progress cannot be read from the database
by anyone else while it runs; it is written to the cache instead, which the
admin's progress page reads.

Each task is all-or-nothing, or skips what an earlier attempt finished, so
that one whose worker died part way is simply run again (compendium.workers);
a task that still fails is told to the Office where it looks: the release
screen, or the edition's PDF in its inspect view.
"""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task

from . import downloads, editions, pdf, workers
from .models import Edition, EditionPdf

PROGRESS_TIMEOUT = 60 * 60 * 6


def progress_key(edition_id):
    return f"compendium:release:{int(edition_id)}"


def release_progress(edition_id):
    """{"done", "total", "finishing", "error"} or None when no release was
    started; finishing once every entry is written and the search is made
    ready."""
    return cache.get(progress_key(edition_id))


@workers.retried_after_a_lost_worker
@task()
def release_edition(edition_id, user_id):
    key = progress_key(edition_id)
    cache.set(key, {"done": 0, "total": None, "error": ""}, PROGRESS_TIMEOUT)

    def progress(done, total, finishing=False):
        cache.set(
            key,
            {"done": done, "total": total, "finishing": finishing, "error": ""},
            PROGRESS_TIMEOUT,
        )

    actor = get_user_model().objects.get(pk=user_id)
    edition = Edition.objects.get(pk=edition_id)
    try:
        editions.release(actor=actor, edition=edition, progress=progress)
    except editions.EditionProblem as problem:
        edition.refresh_from_db()
        if edition.is_released:
            # Released by an earlier attempt whose worker died before it queued
            # the downloads: queue what is still missing.
            _queue_downloads(edition, only_missing=True)
        cache.set(
            key, {"done": 0, "total": None, "error": problem.message}, PROGRESS_TIMEOUT
        )
        return 0
    _queue_downloads(edition)
    return Edition.objects.get(pk=edition_id).entry_count


def _queue_downloads(edition, only_missing=False):
    # Queued here, where publishers release, rather than in editions.release,
    # which seeding and benchmarks also call and which must stay as fast.
    transaction.on_commit(partial(make_edition_downloads.enqueue, edition.pk))
    made = set(
        EditionPdf.objects.filter(edition=edition)
        .exclude(file="")
        .values_list("language", flat=True)
        if only_missing
        else ()
    )
    for language in pdf.languages_of(edition):
        if language not in made:
            transaction.on_commit(
                partial(render_edition_pdf.enqueue, edition.pk, language)
            )


def _release_tasks(edition_id):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=release_edition.module_path,
        args_kwargs__args__0=int(edition_id),
    ).order_by("-enqueued_at")


def release_failure(edition_id):
    """Why the edition's last release failed, when its task ended FAILED (its
    worker died too often, or it raised), else None. Nothing of a failed
    release is kept: the edition can be released again."""
    if not workers.tasks_in_database():
        return None
    last = _release_tasks(edition_id).first()
    if last is None or last.status != TaskResultStatus.FAILED:
        return None
    if last.exception_class_path == workers.WORKER_LOST:
        return _(
            "The release stopped because the background worker stopped while "
            "releasing (%(count)s times). Nothing was released: release the "
            "edition again."
        ) % {"count": len(last.worker_ids)}
    return _(
        "The release failed and nothing was released. Release the edition "
        "again, and tell the administrators if it fails again."
    )


def release_restarts(edition_id):
    """(attempt, of how many) when the release waits to start again after its
    worker died, else None."""
    if not workers.tasks_in_database():
        return None
    last = _release_tasks(edition_id).first()
    if last is None or last.status != TaskResultStatus.READY or not last.worker_ids:
        return None
    return len(last.worker_ids) + 1, workers.max_attempts()


@workers.retried_after_a_lost_worker
@task()
def make_edition_downloads(edition_id):
    """Make the CSV, XLSX and JSON of a released edition, so that no visitor
    waits for them; gives the formats stored."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None or not edition.is_released:
        return []
    return downloads.make_missing_files(edition)


@workers.retried_after_a_lost_worker
@task()
def render_edition_pdf(edition_id, language=None):
    """Make the PDF of a released edition in a language it is offered in
    (default English); returns its number of pages, 0 when there is none to
    make or it failed (the reason is kept on its EditionPdf row)."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None or not edition.is_released:
        return 0
    language = language or settings.LANGUAGE_CODE
    if language not in pdf.languages_of(edition):
        return 0
    try:
        return pdf.make_pdf(edition, language).pages
    except pdf.PdfProblem:
        return 0


def pdf_failed(sender, task_result, **kwargs):
    """A PDF whose task failed outside make_pdf (its worker died too often)
    says so on its row, which the edition's inspect view shows."""
    if (
        task_result.task.module_path != render_edition_pdf.module_path
        or task_result.status != TaskResultStatus.FAILED
    ):
        return
    edition_id, *rest = task_result.args
    language = (rest[0] if rest else None) or task_result.kwargs.get("language")
    EditionPdf.objects.filter(
        edition_id=edition_id, language=language or settings.LANGUAGE_CODE
    ).update(
        problem=_(
            "The background worker stopped while making this PDF, and it was "
            "not made; an earlier PDF, if any, is still offered. Ask the "
            "administrators to make it again (manage.py render_edition_pdf)."
        )
    )
