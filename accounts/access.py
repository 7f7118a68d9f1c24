"""Who may see what in the contributor portal."""

from django.http import Http404

from .models import Membership


def membership_or_404(user, organisation_id):
    """The user's membership of an active organisation, or 404 for anyone else,
    so the portal never confirms that another organisation's page exists."""
    membership = (
        Membership.objects.select_related("organisation")
        .filter(
            user=user,
            organisation_id=organisation_id,
            organisation__active=True,
        )
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def is_staff_user(user):
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )
