from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskWorker(models.Model):
    """A database worker while it runs: on which machine, as which process, and
    when it last said it was alive. Kept in the database beside the tasks it
    claims, so that any worker can tell that another one is gone and recover
    the tasks it left RUNNING (compendium.workers)."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("machine"), max_length=255)
    # Changes when the machine restarts: a process id means nothing across one.
    boot_id = models.CharField(max_length=64, blank=True)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    beat_at = models.DateTimeField(_("last heartbeat"))

    def __str__(self):
        return f"{self.worker_id} ({self.host}, {self.pid})"

    class Meta:
        verbose_name = _("background worker")
        verbose_name_plural = _("background workers")
