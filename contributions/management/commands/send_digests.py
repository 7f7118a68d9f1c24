"""Queue today's digest e-mails: one task per person who chose the daily digest
and has notifications not yet e-mailed. Meant for cron, once a day."""

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef

from accounts.models import User
from contributions.models import Notification
from contributions.notifications import send_digest


class Command(BaseCommand):
    help = "Queue the daily digest e-mail for everyone who chose it."

    def handle(self, *args, **options):
        waiting = User.objects.filter(
            daily_digest=True,
            is_active=True,
        ).filter(
            Exists(
                Notification.objects.filter(
                    recipient=OuterRef("pk"), emailed_at__isnull=True
                )
            )
        )
        queued = 0
        for user_id in waiting.values_list("pk", flat=True).iterator():
            send_digest.enqueue(user_id)
            queued += 1
        self.stdout.write(f"Digests queued: {queued}")
