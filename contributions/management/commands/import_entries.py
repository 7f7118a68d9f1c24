"""Imports practice entries (or organisations) from a CSV or XLSX file, exactly
as the admin's Import screen does: every row checked, then all imported in one
transaction or none."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from compendium.text import counted
from contributions.choices import ImportKind
from contributions.imports import runner


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check every row and report, writing nothing",
        )
        parser.add_argument(
            "--user",
            help="e-mail of the person the new versions are recorded under",
        )
        parser.add_argument(
            "--submit",
            action="store_true",
            help="submit new entries for review instead of leaving them as drafts",
        )
        parser.add_argument(
            "--organisations",
            action="store_true",
            help="the file holds organisations, not practice entries",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.with_email(options["user"]).first()
            if user is None:
                raise CommandError(f"No account has the e-mail {options['user']}.")
        kind = (
            ImportKind.ORGANISATIONS if options["organisations"] else ImportKind.ENTRIES
        )
        outcome = runner.run(
            path,
            path.name,
            kind=kind,
            user=user,
            dry_run=options["dry_run"],
            submit=options["submit"],
        )
        for note in outcome.notes:
            self.stdout.write(note)
        if outcome.ignored_columns:
            self.stdout.write("Ignored columns: " + ", ".join(outcome.ignored_columns))
        for error in outcome.errors:
            column = f" [{error['column']}]" if error["column"] else ""
            self.stderr.write(f"Row {error['row']}{column}: {error['message']}")
        if outcome.problem:
            raise CommandError(outcome.problem)
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {counted(outcome.total, 'row')}: {outcome.new} new, "
                f"{outcome.updated} changed, {outcome.unchanged} unchanged."
            )
        )
