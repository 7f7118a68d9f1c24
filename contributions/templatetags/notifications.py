from django import template

from ..models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    """How many notifications the signed-in person has not read; one query, and
    none for visitors."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
