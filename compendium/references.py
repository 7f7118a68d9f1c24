"""Entry references (CP-0042), from one sequence whichever app makes the entry.

A number is taken in the caller's transaction under a row lock, so two entries
never get the same one and a number is never given again after a deletion.
"""

from django.db import transaction
from django.db.models import F

from .models import ReferenceSequence

REFERENCE_FORMAT = "CP-{:04d}"


def next_reference():
    """The next reference; call it inside the transaction that saves the entry."""
    sequence, _created = ReferenceSequence.objects.select_for_update().get_or_create(
        name="entry"
    )
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return REFERENCE_FORMAT.format(sequence.last_value)


def reserve_references(count):
    """The first of `count` consecutive reference numbers, taken in one locked
    update, so that no entry made later (through the portal or by the Office) can
    get any of them."""
    with transaction.atomic():
        sequence, _created = (
            ReferenceSequence.objects.select_for_update().get_or_create(name="entry")
        )
        ReferenceSequence.objects.filter(pk=sequence.pk).update(
            last_value=F("last_value") + count
        )
    return sequence.last_value + 1
