"""What a practice entry says, whoever holds it: the contributing organisation's
entry (contributions.PracticeEntry) and the compendium's own (CompendiumEntry)
share their title, summary, period and the rule a period keeps, declared once
here. The classification they share is declared in compendium.classification."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

EARLIEST_YEAR = 1945
SUMMARY_MAX_LENGTH = 1000
LAST_YEAR = 2100


def latest_year():
    return datetime.date.today().year + 1


def period_of(start_year, end_year, ongoing):
    """The period as people read it: "2011 – ongoing", "2011–2014", "2011"."""
    if ongoing:
        return _("%(start)s – ongoing") % {"start": start_year}
    if end_year and end_year != start_year:
        return f"{start_year}–{end_year}"
    return str(start_year if start_year is not None else "")


def year_field(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name,
        validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LAST_YEAR)],
        **kwargs,
    )


class EntryContent(models.Model):
    """The title, summary and period of a practice: what both entries hold
    alike (an entry may tighten a field's rules, as the contributed one does
    its summary's)."""

    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH)
    start_year = year_field(_("start year"))
    end_year = year_field(_("end year"), null=True, blank=True)
    ongoing = models.BooleanField(_("ongoing"), default=False)

    @property
    def period(self):
        return period_of(self.start_year, self.end_year, self.ongoing)

    def clean(self):
        super().clean()
        if self.ongoing and self.end_year:
            raise ValidationError(
                {"end_year": _("Leave the end year empty for an ongoing practice.")}
            )
        if self.end_year and self.start_year and self.end_year < self.start_year:
            raise ValidationError(
                {"end_year": _("The end year cannot be before the start year.")}
            )
        if self.start_year and self.start_year > latest_year():
            raise ValidationError(
                {"start_year": _("The start year cannot be in the future.")}
            )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="%(app_label)s_%(class)s_period_in_order",
            ),
        ]


def shared_fields():
    """The names of the fields both entries hold alike: what publishing copies
    from the accepted version as it is."""
    return [field.name for field in EntryContent._meta.local_fields]
