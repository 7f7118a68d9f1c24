"""Notifications about the review, kept on the site and e-mailed (see
contributions.notifications). Internal comments only ever reach the Office's
staff."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.dispatch import receiver
from django.urls import reverse

from accounts.choices import MembershipRole, StaffRole
from contributions.models import PracticeEntry
from contributions.notifications import notify
from contributions.signals import entry_submitted
from contributions.versions import FIELD_LABELS

from .choices import Visibility


def portal_path(entry):
    return reverse("contributions:entry", args=[entry.reference])


def review_path(entry):
    return reverse("review_admin:entry", args=[entry.pk])


def _is_office(user):
    return user.has_perm("review.add_comment")


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
        recipients = [user for user in recipients if _is_office(user)]
    entry = comment.entry
    notify(
        "review/email/comment",
        recipients,
        {
            "comment": comment,
            "entry": entry,
            # The field by its label, as the review screen shows it.
            "field": FIELD_LABELS.get(thread.field, ""),
        },
        path=lambda user: (
            (review_path(entry) if _is_office(user) else portal_path(entry))
            + f"#comment-{thread.pk}"
        ),
        entry=entry,
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
    notify(
        "review/email/decision",
        recipients,
        {"decision": decision, "entry": entry},
        path=portal_path(entry),
        entry=entry,
    )


def assigned(assignment):
    """Tell a reviewer that someone gave them an entry."""
    if not assignment.reviewer.is_active:
        return
    notify(
        "review/email/assigned",
        [assignment.reviewer],
        {"assignment": assignment, "entry": assignment.entry},
        path=review_path(assignment.entry),
        entry=assignment.entry,
    )


@receiver(entry_submitted, sender=PracticeEntry, dispatch_uid="review.submitted")
def entry_arrived(sender, entry, actor, message, resubmission, **kwargs):
    """A resubmission goes to the reviewer it is assigned to; anything else, or an
    entry nobody holds, to the whole review team."""
    assignment = getattr(entry, "assignment", None) if resubmission else None
    if assignment is not None and assignment.reviewer.is_active:
        recipients = [assignment.reviewer]
    else:
        recipients = get_user_model().objects.filter(
            groups__in=Group.objects.filter(name=StaffRole.REVIEWER), is_active=True
        )
    notify(
        "review/email/resubmitted" if resubmission else "review/email/submitted",
        recipients,
        {"entry": entry, "actor": actor, "message": message},
        path=review_path(entry),
        entry=entry,
    )
