from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    REGION = "region", _("Region")
    SUB_REGION = "sub-region", _("Sub-region")
    INTERMEDIATE_REGION = "intermediate-region", _("Intermediate region")


class UNStatus(models.TextChoices):
    MEMBER = "member", _("Member State")
    OBSERVER = "observer", _("Observer State")
