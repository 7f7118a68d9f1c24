from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_review_actions(actions):
    actions.register_action("review.start", _("Start review"), _("Review started"))
    actions.register_action("review.comment.add", _("Comment"), _("Comment added"))
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


@hooks.register("contributions_entry_panels")
def review_panel(request, entry, membership):
    from .portal import entry_panel

    return entry_panel(request, entry, membership)


@hooks.register("register_admin_urls")
def register_review_urls():
    from django.urls import include, path

    from . import admin_urls

    return [path("review/", include(admin_urls, namespace="review_admin"))]
