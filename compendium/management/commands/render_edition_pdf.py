"""Make the PDF of released editions from the command line: after a deployment
that brings the PDF to editions released before it, after the demo data, or to
make one again after a failure. Runs here, in the foreground, unless --queue is
given.

Every released edition has a PDF, pre-publication ones too (their round's
participants download it); --missing finds those without one, and those whose
stored file has gone from storage, where the download would answer 503.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from compendium import pdf, tasks
from compendium.models import Edition


class Command(BaseCommand):
    help = "Make the PDF of released editions (by label, or every one without a PDF)."

    def add_arguments(self, parser):
        parser.add_argument("labels", nargs="*", metavar="LABEL")
        parser.add_argument(
            "--missing",
            action="store_true",
            help=(
                "Every released edition, pre-publication ones included, that has "
                "no PDF yet or whose stored file is gone."
            ),
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the work for the background worker instead of doing it here.",
        )

    def handle(self, *args, labels, missing, queue, **options):
        if bool(labels) == missing:
            raise CommandError("Give edition labels, or --missing.")
        editions = Edition.objects.released().order_by("released_at", "pk")
        if missing:
            editions = [edition for edition in editions if not _stored(edition)]
            if not editions:
                self.stdout.write("Every released edition has its PDF.")
        else:
            editions = editions.filter(label__in=labels)
            unknown = set(labels) - set(editions.values_list("label", flat=True))
            if unknown:
                raise CommandError(
                    "No released edition with the label: " + ", ".join(sorted(unknown))
                )
        failed = []
        for edition in editions:
            if queue:
                tasks.render_edition_pdf.enqueue(edition.pk)
                self.stdout.write(f"Edition {edition.label}: queued")
                continue
            started = time.perf_counter()
            try:
                rendered = pdf.make_pdf(edition)
            except pdf.PdfProblem as problem:
                failed.append(edition.label)
                self.stderr.write(f"Edition {edition.label}: {problem.message}")
                continue
            self.stdout.write(
                f"Edition {edition.label}: {rendered.pages} pages in "
                f"{time.perf_counter() - started:.1f} s (peak memory "
                f"{rendered.peak_memory_mb:.0f} MB), {edition.pdf.name}"
            )
        if failed:
            raise CommandError(
                f"The PDF of {len(failed)} edition(s) could not be made "
                f"({', '.join(failed)}): their download answers 503 until it is. "
                "The reason is above and on each edition in the admin; WeasyPrint "
                "needs Pango and fonts from the system (see README). Make it again "
                "with: manage.py render_edition_pdf " + " ".join(failed)
            )


def _stored(edition):
    """Whether the edition's PDF is there to download."""
    return bool(edition.pdf) and edition.pdf.storage.exists(edition.pdf.name)
