from django import template
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_links(context):
    """Links other apps add to the portal's header for the signed-in person,
    each a dict: label, url, and optionally count with count_label, and
    current. Hook: contributions_portal_links(request) returns a list."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    links = []
    for hook in hooks.get_hooks("contributions_portal_links"):
        links.extend(hook(request) or [])
    return links
