"""Restore a backup made by backup_compendium into a new, empty database:
migrated to this code, its files put back into storage, and checked against
the backup's manifest (every model's rows, every released edition's
fingerprint)."""

from django.core.management.base import BaseCommand, CommandError

from compendium import backups
from compendium.text import counted


class Command(BaseCommand):
    help = "Restore a backup FOLDER into a new, empty database and its files."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--database",
            default="default",
            help="The database to restore into: created beforehand, with no tables.",
        )

    def handle(self, *args, folder, database, **options):
        try:
            manifest = backups.restore(folder, using=database)
        except backups.BackupProblem as problem:
            raise CommandError(problem.message) from None
        self.stdout.write(
            f"Restored the backup of {manifest['made_at']}: "
            f"{counted(len(manifest['files']), 'file')}, "
            f"{counted(len(manifest['editions']), 'released edition')}, each with the "
            "fingerprint it was backed up with."
        )
