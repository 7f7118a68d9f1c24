from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .viewsets import TaxonomyViewSetGroup


@hooks.register("register_admin_viewset")
def register_taxonomy():
    return TaxonomyViewSetGroup()


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("compendium/css/admin.css")
    )
