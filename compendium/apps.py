from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompendiumConfig(AppConfig):
    name = "compendium"
    verbose_name = _("Compendium")

    def ready(self):
        # Connects the receivers: a command or a migration that changes an
        # edition makes every process read the current edition and pages anew.
        from . import (  # noqa: F401
            editions,
            page_cache,
            purge,
            request_ids,
            retiring,
            signals,
        )

        retiring.connect()
        # Background tasks log under the id of the request that queued them.
        request_ids.connect()
        from django_tasks.signals import task_finished

        from . import tasks

        # A PDF whose worker died too often says so on the edition.
        task_finished.connect(tasks.pdf_failed, dispatch_uid="compendium_pdf_failed")
