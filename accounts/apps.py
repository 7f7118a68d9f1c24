from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .roles import sync_staff_groups

        # After every migrate, so permissions of models added later are granted too.
        post_migrate.connect(sync_staff_groups, dispatch_uid="sync_staff_groups")
