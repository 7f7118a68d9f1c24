"""Background work of the compendium (django-tasks): releasing large editions
and making each released edition's downloads: its PDF, CSV, XLSX and JSON.

A release is one transaction, so its progress cannot be read from the database
by anyone else while it runs; it is written to the cache instead, which the
admin's progress page reads.
"""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django_tasks import task

from . import downloads, editions, pdf
from .models import Edition

PROGRESS_TIMEOUT = 60 * 60 * 6


def progress_key(edition_id):
    return f"compendium:release:{int(edition_id)}"


def release_progress(edition_id):
    """{"done", "total", "finishing", "error"} or None when no release was
    started; finishing once every entry is written and the search is made
    ready."""
    return cache.get(progress_key(edition_id))


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
        cache.set(
            key, {"done": 0, "total": None, "error": problem.message}, PROGRESS_TIMEOUT
        )
        return 0
    # Queued here, where publishers release, rather than in editions.release,
    # which seeding and benchmarks also call and which must stay as fast.
    transaction.on_commit(partial(make_edition_downloads.enqueue, edition_id))
    for language in pdf.languages_of(edition):
        transaction.on_commit(partial(render_edition_pdf.enqueue, edition_id, language))
    return Edition.objects.get(pk=edition_id).entry_count


@task()
def make_edition_downloads(edition_id):
    """Make the CSV, XLSX and JSON of a released edition, so that no visitor
    waits for them; gives the formats stored."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None or not edition.is_released:
        return []
    return downloads.make_missing_files(edition)


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
