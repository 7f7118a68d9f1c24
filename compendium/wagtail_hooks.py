from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin_published import CompendiumEntryViewSet, EditionViewSet
from .viewsets import TaxonomyViewSetGroup

register_snippet(CompendiumEntryViewSet)


@hooks.register("register_admin_viewset")
def register_editions():
    return EditionViewSet("edition")


@hooks.register("register_log_actions")
def register_edition_actions(actions):
    actions.register_action(
        "compendium.edition.share", _("Share edition"), _("Edition shared")
    )
    actions.register_action(
        "compendium.edition.release", _("Release edition"), _("Edition released")
    )
    actions.register_action(
        "compendium.term.retire", _("Retire"), _("Retired: no longer offered")
    )
    actions.register_action(
        "compendium.term.bring_back", _("Bring back"), _("Brought back: offered again")
    )


@hooks.register("register_admin_viewset")
def register_taxonomy():
    return TaxonomyViewSetGroup()


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("compendium/css/admin.css")
    )
