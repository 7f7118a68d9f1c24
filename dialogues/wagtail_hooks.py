from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter


class MovedSpeaker(LogFormatter):
    """The History view reads where the Office moved the speaker, and why."""

    label = _("Move speaker")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Moved from position %(before)s to %(after)s. Reason: %(reason)s") % {
            "before": data.get("from", "?"),
            "after": data.get("to", "?"),
            "reason": data.get("reason", ""),
        }


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
    actions.register_action(
        "dialogues.tickets.accepted", _("Accept tickets"), _("Tickets accepted")
    )
    actions.register_action(
        "dialogues.tickets.declined", _("Decline tickets"), _("Tickets declined")
    )
    actions.register_action("dialogues.speaker.move")(MovedSpeaker)

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
