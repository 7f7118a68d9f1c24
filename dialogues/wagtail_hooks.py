from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_dialogue_screens():
    from .viewsets import DialogueViewSetGroup

    return DialogueViewSetGroup()


@hooks.register("register_log_actions")
def register_dialogue_actions(actions):
    actions.register_action(
        "dialogues.speaker.inscribe", _("Inscribe speaker"), _("Speaker inscribed")
    )
    actions.register_action(
        "dialogues.speaker.change", _("Change speaker"), _("Speaker changed")
    )
    actions.register_action(
        "dialogues.speaker.withdraw", _("Withdraw speaker"), _("Speaker withdrawn")
    )
    actions.register_action(
        "dialogues.speaker.spoke", _("Mark as spoken"), _("Speaker spoke")
    )
    actions.register_action(
        "dialogues.speaker.absent", _("Mark as absent"), _("Speaker absent")
    )
    actions.register_action(
        "dialogues.speaker.move-to-end", _("Move to the end"), _("Moved to the end")
    )
    actions.register_action(
        "dialogues.tickets.request", _("Request tickets"), _("Tickets requested")
    )

    for action, label, message in STATEMENT_ACTIONS:
        actions.register_action(action, label, message)


STATEMENT_ACTIONS = [
    ("dialogues.statement.upload", _("Upload statement"), _("Statement uploaded")),
    (
        "dialogues.statement.replace",
        _("Replace statement"),
        _("Statement replaced"),
    ),
    (
        "dialogues.statement.withdraw",
        _("Withdraw statement"),
        _("Statement withdrawn"),
    ),
    (
        "dialogues.statement.publish",
        _("Publish statement"),
        _("Statement published"),
    ),
    (
        "dialogues.statement.unpublish",
        _("Unpublish statement"),
        _("Statement unpublished"),
    ),
    (
        "dialogues.statement.start-entry",
        _("Start an entry from the statement"),
        _("Entry started from the statement"),
    ),
]


@hooks.register("contributions_portal_links")
def dialogues_link(request):
    from .views import portal_link

    return portal_link(request)
