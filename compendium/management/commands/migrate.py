"""Django's `migrate`, which first brings the history of a database made before
a model moved app up to date (compendium.adoption)."""

from django.core.management.commands import migrate
from django.db import connections

from compendium.adoption import adopt_moved_migrations


class Command(migrate.Command):
    def handle(self, *args, **options):
        adopted = adopt_moved_migrations(connections[options["database"]])
        if adopted and options["verbosity"] >= 1:
            heading = "Recorded as applied, already in the database:"
            self.stdout.write(self.style.MIGRATE_HEADING(heading))
            for app_label, name in adopted:
                self.stdout.write(f"  {app_label}.{name}")
        super().handle(*args, **options)
