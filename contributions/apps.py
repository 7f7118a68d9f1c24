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
        from django_tasks.signals import task_finished

        from .imports import tasks

        # An import whose task failed fails its job rather than run for ever.
        task_finished.connect(
            tasks.import_failed, dispatch_uid="contributions_import_failed"
        )

        # The e-mail alerts listen for releases.
        from . import alerts  # noqa: F401
