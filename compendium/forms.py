from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class StableCodeForm(WagtailAdminModelForm):
    """A code is chosen once: URLs, imports and the API depend on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "code" in self.fields:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _(
                "Codes never change, so links and imports keep working."
            )
