"""Removes archived practice entries for good, with their versions and their
attachments' files: those archived at least --days ago, or those named by
reference. Lists them first and asks for confirmation; --yes skips the
question, and without a terminal nothing is removed unless --yes is given."""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from compendium.text import counted
from contributions import services
from contributions.models import PracticeEntry


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "references", nargs="*", help="references of archived entries (CP-0042)"
        )
        parser.add_argument(
            "--days",
            type=int,
            help="every entry archived at least this many days ago",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="list what would be removed, and remove nothing",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="remove without asking (for scripts)",
        )

    def handle(self, *args, **options):
        entries = self.chosen(options["references"], options["days"])
        if not entries:
            self.stdout.write("No archived entry to purge.")
            return
        self.describe(entries)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing removed.")
            return
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError(
                    "Refusing to purge without confirmation: run this at a "
                    "terminal to be asked, or add --yes."
                )
            answer = input(f"Remove these {len(entries)} entries for good? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                self.stdout.write("Nothing removed.")
                return
        files = services.purge(entries, note="manage.py purge_archived_entries")
        self.stdout.write(
            self.style.SUCCESS(
                f"Purged {counted(len(entries), 'entry', 'entries')} and "
                f"{counted(len(files), 'attachment file')}."
            )
        )

    def chosen(self, references, days):
        if not references and days is None:
            raise CommandError(
                "Name the archived entries by reference, or give --days N for "
                "those archived at least N days ago."
            )
        if days is not None and days < 0:
            raise CommandError("--days cannot be negative.")
        entries = PracticeEntry.objects.archived().select_related(
            "organisation", "archived_by"
        )
        if references:
            found = {
                entry.reference: entry
                for entry in entries.filter(reference__in=references)
            }
            missing = [ref for ref in references if ref not in found]
            if missing:
                raise CommandError(
                    "Not archived, or no such entry: " + ", ".join(missing)
                )
            entries = entries.filter(reference__in=references)
        if days is not None:
            since = timezone.now() - datetime.timedelta(days=days)
            entries = entries.filter(archived_at__lte=since)
        return list(entries.order_by("reference"))

    def describe(self, entries):
        for entry in entries:
            versions = entry.revision_infos.count()
            files = entry.attachments.count()
            self.stdout.write(
                f"{entry.reference}  {entry.title}  ({entry.organisation}) — "
                f"archived {entry.archived_at:%Y-%m-%d} by "
                f"{entry.archived_by or 'someone since removed'}; "
                f"{versions} versions, {files} attachments"
            )
