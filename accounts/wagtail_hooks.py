"""The admin's screens for organisations, invitations and each person's second
factor, and the audit log's words for what happens to them."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .viewsets import PeopleViewSetGroup


@hooks.register("register_admin_viewset")
def register_people():
    return PeopleViewSetGroup()


@hooks.register("compendium_contributor_names")
def contributor_names(names):
    """{registered name: {language: name}} of the organisations registered
    under these names, in the languages the Office has written them in: what
    an edition pins with each entry. One query."""
    from collections import defaultdict

    from .models import OrganisationName

    found = defaultdict(dict)
    for registered, language, name in OrganisationName.objects.filter(
        organisation__name__in=names
    ).values_list("organisation__name", "language", "name"):
        found[registered][language] = name
    return found


@hooks.register("register_log_actions")
def register_invitation_actions(actions):
    actions.register_action(
        "contributions.invitation.send", _("Send invitation"), _("Invitation sent")
    )
    actions.register_action(
        "contributions.invitation.accept",
        _("Accept invitation"),
        _("Invitation accepted"),
    )
    actions.register_action(
        "contributions.invitation.revoke",
        _("Withdraw invitation"),
        _("Invitation withdrawn"),
    )


@hooks.register("register_admin_urls")
def register_two_factor_reset_url():
    from .views.two_factor import ResetSecondFactorView

    return [
        path(
            "two-factor/reset/<int:user_id>/",
            ResetSecondFactorView.as_view(),
            name="two_factor_reset",
        )
    ]


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    from wagtail.admin.widgets import Button

    from .two_factor import may_reset

    if not may_reset(request_user, user):
        return []
    return [
        Button(
            _("Reset two-factor sign-in"),
            url=reverse("two_factor_reset", args=[user.pk]),
            icon_name="key",
            priority=50,
        )
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Your authenticator app and recovery codes."),
    }


@hooks.register("register_log_actions")
def register_two_factor_actions(actions):
    from .two_factor import RESET_ACTION

    actions.register_action(
        RESET_ACTION,
        _("Reset two-factor sign-in"),
        _("Two-factor sign-in reset: authenticator app and recovery codes removed"),
    )
