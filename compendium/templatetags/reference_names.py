from django import template

from compendium import localized

register = template.Library()


@register.filter
def localized_name(term, language=None):
    """`{{ country|localized_name }}`: a reference term in the active language,
    or in the one given (`{{ country|localized_name:"fr" }}`)."""
    return localized.name(term, language)


@register.filter
def kind_name(kind, language=None):
    """`{{ organisation.kind|kind_name }}`: an organisation kind in the active
    language."""
    return localized.kind_name(kind, language)
