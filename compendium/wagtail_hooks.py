from wagtail import hooks

from .viewsets import TaxonomyViewSetGroup


@hooks.register("register_admin_viewset")
def register_taxonomy():
    return TaxonomyViewSetGroup()
