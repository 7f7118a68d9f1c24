from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompendiumConfig(AppConfig):
    name = "compendium"
    verbose_name = _("Compendium")

    def ready(self):
        from . import retiring, signals  # noqa: F401 (connects the receivers)

        retiring.connect()
