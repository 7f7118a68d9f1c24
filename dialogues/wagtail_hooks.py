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


@hooks.register("contributions_portal_links")
def dialogues_link(request):
    from .views import portal_link

    return portal_link(request)
