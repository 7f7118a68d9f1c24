"""Make the full-text index of released editions again from their rows as
released: after a change to what the index holds (migration 0013 runs it once
words came to be folded), or to repair one. Every edition with rows is done
unless labels are given; the rows, facets and pages themselves stay as
released.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from compendium import browse, search
from compendium.models import Edition, EditionEntry
from compendium.signals import editions_changed
from compendium.text import counted


def editions_with_an_index():
    """Every edition whose rows were written: released, superseded, or shared
    with a feedback round's participants."""
    return Edition.objects.filter(
        pk__in=EditionEntry.objects.values("edition_id")
    ).order_by("pk")


def rebuild(edition):
    """The edition's index made again; returns its number of rows."""
    with transaction.atomic():
        search.rebuild_index(edition)
    browse.forget(edition)
    editions_changed.send(sender=Edition, labels=[edition.label])
    return EditionEntry.objects.filter(edition=edition).count()


class Command(BaseCommand):
    help = "Make the full-text index of released editions again (by label, or all)."

    def add_arguments(self, parser):
        parser.add_argument("labels", nargs="*", metavar="LABEL")

    def handle(self, *args, labels, **options):
        chosen = editions_with_an_index()
        if labels:
            chosen = chosen.filter(label__in=labels)
            missing = set(labels) - set(chosen.values_list("label", flat=True))
            if missing:
                raise CommandError(
                    "No released edition with this label: " + ", ".join(sorted(missing))
                )
        for edition in chosen:
            rows = rebuild(edition)
            self.stdout.write(
                f"{edition.label}: {counted(rows, 'entry', 'entries')} indexed"
            )
