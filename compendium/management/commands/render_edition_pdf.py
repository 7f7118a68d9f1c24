"""Make the PDF of released editions from the command line: after a deployment
that brings the PDF to editions released before it, or to make one again after
a failure. Runs here, in the foreground, unless --queue is given."""

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
            help="Every released edition that has no PDF yet.",
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
            editions = editions.filter(pdf="")
        else:
            editions = editions.filter(label__in=labels)
            unknown = set(labels) - set(editions.values_list("label", flat=True))
            if unknown:
                raise CommandError(
                    "No released edition with the label: " + ", ".join(sorted(unknown))
                )
        failed = 0
        for edition in editions:
            if queue:
                tasks.render_edition_pdf.enqueue(edition.pk)
                self.stdout.write(f"Edition {edition.label}: queued")
                continue
            started = time.perf_counter()
            try:
                rendered = pdf.make_pdf(edition)
            except pdf.PdfProblem as problem:
                failed += 1
                self.stderr.write(f"Edition {edition.label}: {problem.message}")
                continue
            self.stdout.write(
                f"Edition {edition.label}: {rendered.pages} pages in "
                f"{time.perf_counter() - started:.1f} s (peak memory "
                f"{rendered.peak_memory_mb:.0f} MB), {edition.pdf.name}"
            )
        if failed:
            raise CommandError(f"{failed} PDF(s) could not be made.")
