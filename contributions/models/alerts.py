"""Browse views that members asked to be e-mailed about (contributions.alerts)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Encoded, so ASCII: short enough for a unique index on either database.
QUERY_MAX_LENGTH = 2000


class SavedAlert(models.Model):
    """A view of the public compendium (its search and filters) whose changes
    at each public release its owner is e-mailed."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_alerts",
    )
    query = models.CharField(
        _("view"),
        max_length=QUERY_MAX_LENGTH,
        blank=True,
        help_text=_("The browse page's query, as compendium.following writes it."),
    )
    label = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_sent_edition = models.ForeignKey(
        "compendium.Edition",
        verbose_name=_("last release considered"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The release this alert was last considered for."),
    )

    def __str__(self):
        return self.label

    class Meta:
        ordering = ["label", "pk"]
        verbose_name = _("e-mail alert")
        verbose_name_plural = _("e-mail alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "query"], name="one_alert_per_view_and_owner"
            )
        ]
