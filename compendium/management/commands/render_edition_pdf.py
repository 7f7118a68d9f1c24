"""Make the PDF of released editions from the command line: after a deployment
that brings the PDF to editions released before it, after the demo data, or to
make one again after a failure. Runs here, in the foreground, unless --queue is
given.

Every released edition has a PDF in English and in each language its entries
can be read in (compendium/pdf.py), pre-publication ones too (their round's
participants download them); --missing finds those not made yet, and those
whose stored file has gone from storage, where the download would answer 503.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from compendium import localized, pdf, tasks
from compendium.models import Edition, EditionPdf
from compendium.text import counted


class Command(BaseCommand):
    help = (
        "Make the PDF of released editions in each language they are offered in "
        "(by label, or every one not made yet)."
    )

    def add_arguments(self, parser):
        parser.add_argument("labels", nargs="*", metavar="LABEL")
        parser.add_argument(
            "--missing",
            action="store_true",
            help=(
                "Every PDF of a released edition, pre-publication ones included, "
                "not made yet or whose stored file is gone."
            ),
        )
        parser.add_argument(
            "--language",
            action="append",
            choices=localized.languages(),
            help="Only in this language (may be given more than once).",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the work for the background worker instead of doing it here.",
        )

    def handle(self, *args, labels, missing, language, queue, **options):
        if bool(labels) == missing:
            raise CommandError("Give edition labels, or --missing.")
        editions = Edition.objects.released().order_by("released_at", "pk")
        if not missing:
            editions = editions.filter(label__in=labels)
            unknown = set(labels) - set(editions.values_list("label", flat=True))
            if unknown:
                raise CommandError(
                    "No released edition with the label: " + ", ".join(sorted(unknown))
                )
        work = []
        for edition in editions:
            # Editions pinned before their PDF had languages are offered them now.
            offered = pdf.offer(edition)
            for code in offered:
                if language and code not in language:
                    continue
                if missing and _stored(edition, code):
                    continue
                work.append((edition, code))
        if language and not missing:
            absent = set(language) - {code for _edition, code in work}
            if absent:
                raise CommandError(
                    "No entry of these editions can be read in: "
                    + ", ".join(sorted(absent))
                )
        if missing and not work:
            self.stdout.write("Every released edition has its PDF.")
        failed = []
        for edition, code in work:
            name = _name(edition, code)
            if queue:
                tasks.render_edition_pdf.enqueue(edition.pk, code)
                self.stdout.write(f"{name}: queued")
                continue
            started = time.perf_counter()
            try:
                rendered = pdf.make_pdf(edition, code)
            except pdf.PdfProblem as problem:
                if edition.label not in failed:
                    failed.append(edition.label)
                self.stderr.write(f"{name}: {problem.message}")
                continue
            made = EditionPdf.objects.get(edition=edition, language=code)
            self.stdout.write(
                f"{name}: {counted(rendered.pages, 'page')} in "
                f"{time.perf_counter() - started:.1f} s (peak memory "
                f"{rendered.peak_memory_mb:.0f} MB), {made.file.name}"
            )
        if failed:
            raise CommandError(
                f"The PDF of {len(failed)} edition(s) could not be made "
                f"({', '.join(failed)}): their download answers 503 until it is. "
                "The reason is above and on each edition in the admin; WeasyPrint "
                "needs Pango and fonts from the system (see README). Make it again "
                "with: manage.py render_edition_pdf " + " ".join(failed)
            )


def _name(edition, language):
    """ "Edition 1.0" for the English PDF, as before there were others;
    "Edition 1.0 (ar)" for another language's."""
    if language == settings.LANGUAGE_CODE:
        return f"Edition {edition.label}"
    return f"Edition {edition.label} ({language})"


def _stored(edition, language):
    """Whether the edition's PDF in `language` is there to download."""
    made = EditionPdf.objects.filter(edition=edition, language=language).first()
    return (
        made is not None
        and bool(made.file)
        and made.file.storage.exists(made.file.name)
    )
