"""Queue the reminders of open feedback rounds: participants that have not
completed, once, the configured number of days before closing. Meant for cron,
every hour or so."""

from django.core.management.base import BaseCommand

from review.rounds import due_reminders, send_reminders


class Command(BaseCommand):
    help = "Remind participants of open feedback rounds that have not completed."

    def handle(self, *args, **options):
        due = len(due_reminders())
        if due:
            send_reminders.enqueue()
        self.stdout.write(f"Participants to remind: {due}")
