from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.choices import StaffRole


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Contributions")
    # What each staff role may do with practice entries (accounts.roles grants
    # them after every migrate). Entries are archived and restored, never
    # deleted from the admin.
    staff_permissions = {
        StaffRole.REVIEWER: ["view_practiceentry", "import_practiceentry"],
        StaffRole.PUBLISHER: ["view_practiceentry"],
        StaffRole.ADMINISTRATOR: [
            "view_practiceentry",
            "import_practiceentry",
            "archive_practiceentry",
        ],
    }

    def ready(self):
        # The e-mail alerts listen for releases.
        from . import alerts  # noqa: F401
