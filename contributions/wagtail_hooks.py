from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .viewsets import PeopleViewSetGroup


@hooks.register("register_admin_viewset")
def register_people():
    return PeopleViewSetGroup()


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
