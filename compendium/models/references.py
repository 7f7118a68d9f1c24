"""The one sequence entry references (CP-0042) come from.

Contributed entries and the Office's own compendium entries share it, so the
compendium owns it and the apps above call it (compendium.references).
"""

from django.db import models


class ReferenceSequence(models.Model):
    """Hands out entry references; a number is never given twice, even after a
    deletion."""

    name = models.CharField(max_length=32, primary_key=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.name}: {self.last_value}"

    class Meta:
        # The table the contributions app made before the sequence moved here.
        db_table = "contributions_referencesequence"
