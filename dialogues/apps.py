from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from accounts.choices import StaffRole

# The Office's secretariat of the dialogue: sets it up, inscribes late
# speakers and answers civil society's ticket requests.
SECRETARIAT = [
    "add_dialogue",
    "change_dialogue",
    "view_dialogue",
    "add_speaker",
    "change_speaker",
    "view_speaker",
    "change_ticketrequest",
    "view_ticketrequest",
    "change_statement",
    "view_statement",
]


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues")
    # What each staff role may do with the dialogue's models (accounts.roles
    # grants them after every migrate).
    staff_permissions = {
        StaffRole.REVIEWER: SECRETARIAT,
        StaffRole.PUBLISHER: [
            "view_dialogue",
            "view_speaker",
            "view_ticketrequest",
            "view_statement",
        ],
        StaffRole.ADMINISTRATOR: [*SECRETARIAT, "delete_dialogue"],
    }

    def ready(self):
        from .roles import grant_document_permissions

        post_migrate.connect(grant_document_permissions, sender=self)

        from .signals import connect

        connect()
