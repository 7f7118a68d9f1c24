"""Back up the compendium into a folder: the database as its engine copies it,
every stored file and a manifest (compendium/backups.py). Restore it with
restore_compendium."""

from django.core.management.base import BaseCommand, CommandError

from compendium import backups
from compendium.text import counted


class Command(BaseCommand):
    help = "Back up the database, every stored file and a manifest into FOLDER."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--database", default="default", help="The database to back up."
        )

    def handle(self, *args, folder, database, **options):
        try:
            manifest = backups.backup(folder, using=database)
        except backups.BackupProblem as problem:
            raise CommandError(problem.message) from None
        for missing in manifest["missing_files"]:
            self.stderr.write(
                f"Not in storage, not backed up: {missing['field']} {missing['name']}"
            )
        counts = manifest["counts"]
        entries = counts.get("contributions.PracticeEntry", 0)
        self.stdout.write(
            f"Backed up the {manifest['engine']} database "
            f"({counted(entries, 'entry', 'entries')}, "
            f"{counted(counts.get('reversion.Version', 0), 'version')}), "
            f"{counted(len(manifest['files']), 'file')} and "
            f"{counted(len(manifest['editions']), 'released edition')} into {folder}."
        )
