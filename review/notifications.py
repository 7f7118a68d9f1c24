"""E-mails about the review: one message per recipient, plain text, sent after the
change is committed. Internal comments only ever go to the Office's staff."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from contributions.choices import MembershipRole
from contributions.notifications import send_to_each, site_url

from .choices import Visibility


def _portal_link(entry):
    return site_url(reverse("contributions:entry", args=[entry.reference]))


def _admin_link(entry):
    return site_url(reverse("review_admin:entry", args=[entry.pk]))


def comment_added(comment):
    """Tell the thread's other participants; never a contributor about an internal
    comment."""
    thread = comment.parent or comment
    participant_ids = {
        thread.author_id,
        *thread.replies.values_list("author_id", flat=True),
    }
    participant_ids.discard(comment.author_id)
    participant_ids.discard(None)
    recipients = get_user_model().objects.filter(pk__in=participant_ids, is_active=True)
    if comment.visibility == Visibility.INTERNAL:
        recipients = [
            user for user in recipients if user.has_perm("review.add_comment")
        ]
    for recipient in recipients:
        is_staff = recipient.has_perm("review.add_comment")
        send_to_each(
            "review/email/comment",
            [recipient],
            {
                "comment": comment,
                "entry": comment.entry,
                "link": _admin_link(comment.entry)
                if is_staff
                else _portal_link(comment.entry),
            },
        )


def decision_taken(decision):
    """Tell the organisation's focal points and contributors."""
    entry = decision.entry
    recipients = (
        get_user_model()
        .objects.filter(
            memberships__organisation=entry.organisation,
            memberships__role__in=[
                MembershipRole.FOCAL_POINT,
                MembershipRole.CONTRIBUTOR,
            ],
            is_active=True,
        )
        .distinct()
    )
    send_to_each(
        "review/email/decision",
        recipients,
        {"decision": decision, "entry": entry, "link": _portal_link(entry)},
    )
