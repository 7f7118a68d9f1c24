"""An import as the Office meets it: upload, check, confirm, import, result.

Checking and importing run as background tasks (django-tasks), so a file of
100,000 rows never holds a request; their progress goes to the cache because
the import is one transaction that nobody else can see into until it ends.

Confirming needs a signed token naming the job and the SHA-256 of the file
that was checked, and the import reads the file again only if its bytes still
have that hash: what is imported is exactly what was shown.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from compendium.storage import local_path
from contributions.choices import ImportKind, ImportStatus
from contributions.models import ImportJob

from . import runner
from .reading import FORMATS, extension_of

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "contributions.import.confirm"
TOKEN_MAX_AGE = 60 * 60 * 24
PROGRESS_TIMEOUT = 60 * 60 * 6


class ImportProblem(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def max_upload_bytes():
    return getattr(settings, "IMPORT_MAX_UPLOAD_BYTES", 200 << 20)


def may_import(user, kind):
    if kind == ImportKind.ENTRIES:
        return user.has_perm("contributions.import_practiceentry")
    if kind == ImportKind.ORGANISATIONS:
        return user.has_perms(
            ["accounts.add_organisation", "accounts.change_organisation"]
        )
    return False


def kinds_for(user):
    return [kind for kind in ImportKind if may_import(user, kind)]


def file_hash(file):
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def start(*, user, uploaded, kind, submit=False):
    """Keeps the uploaded file privately and queues its check."""
    if not may_import(user, kind):
        raise PermissionDenied
    if extension_of(uploaded.name) not in FORMATS:
        raise ImportProblem(_("Upload a CSV or an XLSX file."))
    if uploaded.size > max_upload_bytes():
        raise ImportProblem(
            _("The file is larger than %(size)s MB; split it into smaller files.")
            % {"size": max_upload_bytes() >> 20}
        )
    job = ImportJob(
        kind=kind,
        file_name=uploaded.name[:255],
        sha256=file_hash(uploaded),
        size=uploaded.size,
        submit_entries=bool(submit) and kind == ImportKind.ENTRIES,
        created_by=user,
    )
    job.file.save(
        f"imports/{uuid.uuid4().hex}.{extension_of(uploaded.name)}",
        uploaded,
        save=False,
    )
    job.save()
    from . import tasks

    transaction.on_commit(lambda: tasks.check_import.enqueue(job.pk))
    return job


def confirmation_token(job):
    return signing.dumps(
        {"job": job.pk, "sha256": job.sha256, "user": job.created_by_id},
        salt=CONFIRMATION_SALT,
    )


def confirm(*, user, job, token):
    """Queues the import of a checked file; refuses a token that does not name
    this job, this file and this person, or a job not ready for it."""
    try:
        signed = signing.loads(
            token or "", salt=CONFIRMATION_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        raise ImportProblem(
            _("This confirmation is not valid. Check the file again and confirm.")
        ) from None
    if signed != {"job": job.pk, "sha256": job.sha256, "user": user.pk}:
        raise ImportProblem(
            _("This confirmation is not valid. Check the file again and confirm.")
        )
    if not may_import(user, job.kind):
        raise PermissionDenied
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != ImportStatus.CHECKED:
            raise ImportProblem(
                _("This file is %(status)s; it cannot be imported now.")
                % {"status": locked.get_status_display()}
            )
        locked.status = ImportStatus.IMPORTING
        locked.save(update_fields=["status"])
        from . import tasks

        transaction.on_commit(lambda: tasks.run_import.enqueue(locked.pk))
    return locked


def cancel(*, user, job):
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.is_running or locked.status == ImportStatus.IMPORTED:
            raise ImportProblem(_("This import can no longer be cancelled."))
        locked.status = ImportStatus.CANCELLED
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "finished_at"])
    locked.file.delete(save=False)
    return locked


# Progress ------------------------------------------------------------------------


def progress_key(job_id):
    return f"contributions:import:{int(job_id)}"


def rows_read(job_id):
    return cache.get(progress_key(job_id)) or 0


def _progress(job_id):
    def report(rows):
        cache.set(progress_key(job_id), rows, PROGRESS_TIMEOUT)

    return report


# The work itself (called by the tasks) ----------------------------------------------


def _record(job, outcome, status):
    job.status = status
    job.total_rows = outcome.total
    job.new_count = outcome.new
    job.update_count = outcome.updated
    job.skip_count = outcome.unchanged
    job.error_count = outcome.error_rows
    job.errors = outcome.errors
    job.problem = outcome.problem
    job.encoding = outcome.encoding
    job.ignored_columns = outcome.ignored_columns + outcome.notes
    job.finished_at = timezone.now()
    job.save()


def _run(job, dry_run):
    with local_path(job.file) as path:
        return runner.run(
            path,
            job.file_name,
            kind=job.kind,
            user=job.created_by,
            dry_run=dry_run,
            submit=job.submit_entries,
            progress=_progress(job.pk),
        )


def _fail(job, problem):
    job.status = ImportStatus.FAILED
    job.problem = problem
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "problem", "finished_at"])


def check(job):
    outcome = _run(job, dry_run=True)
    with transaction.atomic():
        # Cancelled meanwhile, or checked by an earlier attempt: left as it is.
        if not ImportJob.objects.filter(
            pk=job.pk, status=ImportStatus.CHECKING
        ).exists():
            return outcome
        _record(
            job, outcome, ImportStatus.CHECKED if outcome.ok else ImportStatus.INVALID
        )
    return outcome


def run_import(job):
    """Import the confirmed file. The rows, the job's result and its audit line
    are written in one transaction, so a worker that dies part way leaves the
    job importing with nothing imported, and running it again (which does
    nothing once the job is imported) imports the file once."""
    with job.file.open("rb") as handle:
        unchanged = file_hash(handle) == job.sha256
    if not unchanged:
        _fail(
            job,
            _(
                "The stored file changed after it was checked; nothing was "
                "imported. Upload it again."
            ),
        )
        return None
    try:
        with transaction.atomic():
            job = (
                # Locks the job only (its creator, if any, is outer-joined).
                ImportJob.objects.select_for_update(of=("self",))
                .select_related("created_by")
                .get(pk=job.pk)
            )
            if job.status != ImportStatus.IMPORTING:
                return None
            outcome = _run(job, dry_run=False)
            _record(
                job,
                outcome,
                ImportStatus.IMPORTED if outcome.ok else ImportStatus.INVALID,
            )
            if outcome.ok:
                log(
                    instance=job,
                    action="contributions.import",
                    user=job.created_by,
                    data={
                        "file": job.file_name,
                        "kind": job.kind,
                        "new": outcome.new,
                        "updated": outcome.updated,
                        "unchanged": outcome.unchanged,
                    },
                )
    except Exception:
        _fail(
            job,
            _(
                "The database refused the import part way; nothing was imported. "
                "Try again later, and tell the administrators if it happens again."
            ),
        )
        logger.exception("Import %s failed", job.pk)
        return None
    return outcome


# The template ------------------------------------------------------------------------


def template_rows(kind):
    module = runner.resource_module(kind)
    return (
        [
            str(heading) + (" *" if required else "")
            for _n, heading, required, _e in module.COLUMNS
        ],
        [example for *_rest, example in module.COLUMNS],
    )
