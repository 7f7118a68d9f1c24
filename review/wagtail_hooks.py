from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from contributions.choices import EntryStatus

from .services import is_reviewer


@hooks.register("register_log_actions")
def register_review_actions(actions):
    actions.register_action("review.start", _("Start review"), _("Review started"))
    actions.register_action("review.comment.add", _("Comment"), _("Comment added"))
    actions.register_action(
        "review.comment.edit", _("Edit comment"), _("Comment edited")
    )
    actions.register_action(
        "review.comment.resolve", _("Resolve comment"), _("Comment resolved")
    )
    actions.register_action(
        "review.comment.reopen", _("Reopen comment"), _("Comment reopened")
    )
    actions.register_action(
        "review.decision.request-changes",
        _("Request changes"),
        _("Changes requested"),
    )
    actions.register_action("review.decision.accept", _("Accept"), _("Accepted"))
    actions.register_action("review.decision.decline", _("Decline"), _("Declined"))
    actions.register_action("review.round.open", _("Open round"), _("Round opened"))
    actions.register_action(
        "review.round.complete", _("Complete review"), _("Review completed")
    )
    actions.register_action(
        "review.feedback.triage", _("Triage feedback"), _("Feedback triaged")
    )
    actions.register_action(
        "review.publish", _("Publish to the compendium"), _("Published as a draft")
    )
    actions.register_action(
        "review.assign", _("Assign reviewer"), _("Reviewer assigned")
    )
    actions.register_action(
        "review.unassign", _("Remove assignment"), _("Assignment removed")
    )


@hooks.register("contributions_entry_panels")
def review_panel(request, entry, membership):
    from .views.portal import entry_panel

    return entry_panel(request, entry, membership)


@hooks.register("contributions_entry_badges")
def open_comment_badges(user, entry_ids):
    from .views.portal import open_comment_badges

    return open_comment_badges(user, entry_ids)


@hooks.register("contributions_office_entry_actions")
def review_and_publish_actions(user, entry):
    """The Office's next steps on an entry, offered on its page in the admin."""
    if entry.is_archived:
        return []
    actions = []
    if user.has_perm("review.add_decision"):
        actions.append(
            (
                _("Review this entry"),
                reverse("review_admin:entry", args=[entry.pk]),
                False,
            )
        )
    if (
        user.has_perm("compendium.change_compendiumentry")
        and entry.status == EntryStatus.ACCEPTED
    ):
        actions.append(
            (
                _("Publish to the compendium"),
                reverse("review_admin:publish", args=[entry.pk]),
                True,
            )
        )
    return actions


@hooks.register("contributions_portal_links")
def feedback_rounds_link(request):
    from .views.portal import feedback_rounds_link

    return feedback_rounds_link(request)


@hooks.register("contributions_dashboard_panels")
def open_rounds_panel(request, memberships):
    from .views.portal import open_rounds_panel

    return open_rounds_panel(request, memberships)


@hooks.register("register_admin_viewset")
def register_review_screens():
    from .viewsets import FeedbackRoundViewSet, FeedbackViewSet, ReviewViewSet

    return [ReviewViewSet(), FeedbackRoundViewSet(), FeedbackViewSet()]


@hooks.register("construct_homepage_panels")
def add_queue_panel(request, panels):
    if is_reviewer(request.user):
        from .views.queue import QueuePanel

        panels.insert(0, QueuePanel(request.user))


@hooks.register("compendium_may_read_edition")
def participants_read_the_shared_edition(user, edition):
    from .rounds import may_read_edition

    return may_read_edition(user, edition)


@hooks.register("compendium_pre_publication_entry")
def feedback_on_a_pre_publication_entry(request, edition, row):
    from .rounds import feedback_action

    return feedback_action(request, edition, row)
