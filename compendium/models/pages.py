"""Editorial pages of the public site; their text is edited in Wagtail."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .taxonomy import Pillar, Priority

EDITOR_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class HomePage(Page):
    """The front page: what the compendium is, its pillars and its priorities."""

    lead = models.TextField(
        _("lead"),
        help_text=_("One or two sentences shown under the title."),
        blank=True,
    )
    body = RichTextField(_("introduction"), features=EDITOR_FEATURES, blank=True)
    pillars_heading = models.CharField(
        _("pillars heading"), max_length=255, default="The three pillars"
    )
    priorities_heading = models.CharField(
        _("priorities heading"),
        max_length=255,
        default="Six core priorities for the next decade",
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("pillars_heading"),
        FieldPanel("priorities_heading"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["compendium.StandardPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["pillars"] = Pillar.objects.all()
        context["priorities"] = Priority.objects.all()
        return context

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A page of plain editorial text, such as About."""

    lead = models.TextField(_("lead"), blank=True)
    body = RichTextField(_("body"), features=EDITOR_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
    ]

    parent_page_types = ["compendium.HomePage", "compendium.StandardPage"]
    subpage_types = ["compendium.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
