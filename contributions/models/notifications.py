"""What the platform told each person: kept so it can be read on the site, and
sent by e-mail at once or gathered into a daily digest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def awaiting_digest(self):
        return self.filter(emailed_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    entry = models.ForeignKey(
        "contributions.PracticeEntry",
        verbose_name=_("entry"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    path = models.CharField(
        _("link"), max_length=500, help_text=_("Where the message leads, on this site.")
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    def __str__(self):
        return f"{self.recipient}: {self.subject}"

    @property
    def is_unread(self):
        return self.read_at is None

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["recipient"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_awaiting_email",
            ),
        ]
