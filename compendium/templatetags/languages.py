"""The language switcher and the `hreflang` alternates of public pages
(compendium/languages.py says which language a page is in)."""

from django import template

from compendium import languages

register = template.Library()


@register.inclusion_tag("includes/_languages.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    if request is None:
        return {"languages": []}
    return languages.switcher(request, context.get("page"))


@register.inclusion_tag("includes/_alternates.html", takes_context=True)
def language_alternates(context):
    """<link rel="alternate" hreflang> for each language of a public page, and
    English as the default for any other."""
    request = context.get("request")
    if request is None:
        return {"alternates": []}
    offered = languages.switcher(request, context.get("page"))
    if not offered["public"]:
        return {"alternates": []}
    alternates = [
        {"hreflang": item["code"], "href": request.build_absolute_uri(item["url"])}
        for item in offered["languages"]
    ]
    default = next(item for item in alternates if item["hreflang"] == "en")
    return {
        "alternates": [*alternates, {"hreflang": "x-default", "href": default["href"]}]
    }
