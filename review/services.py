"""The Office's side of an entry's life: comments and decisions.

Each function checks who may act, runs in one transaction and writes the audit
log; views only call these. The entry's status changes only through
contributions' lifecycle service, which knows the allowed moves.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from contributions.choices import EntryAction, EntryStatus
from contributions.services import lifecycle
from contributions.services.entries import EntryProblem, lock_entry, membership
from contributions.versions import FIELD_LABELS

from . import notifications
from .choices import (  # noqa: F401 the review screen reads UNDER_THE_OFFICE here
    OPEN_FOR_COMMENTS,
    UNDER_THE_OFFICE,
    DecisionKind,
    Visibility,
)
from .models import Assignment, Comment, CommentEdit, Decision

DECISION_ACTION = {
    DecisionKind.REQUEST_CHANGES: EntryAction.REQUEST_CHANGES,
    DecisionKind.ACCEPT: EntryAction.ACCEPT,
    DecisionKind.DECLINE: EntryAction.DECLINE,
}


def is_reviewer(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("review.add_decision")
    )


def visible_comments(user, entry):
    """The comments this user may read on the entry: everything for the Office,
    shared threads only for the organisation, nothing for anyone else."""
    comments = Comment.objects.filter(entry=entry)
    if is_reviewer(user):
        return comments
    if membership(user, entry) is not None:
        return comments.shared()
    return comments.none()


def add_comment(
    *, actor, entry, body, field="", quote="", visibility=Visibility.SHARED, parent=None
):
    """A new thread (the Office) or a reply (the Office, or the organisation on a
    thread shared with it), pinned to the entry's current version. The Office's
    first comment on a submitted entry starts its review, in the same
    transaction."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    with transaction.atomic():
        current = lock_entry(entry)
        reviewer = is_reviewer(actor)
        if parent is not None:
            if parent.entry_id != current.pk or parent.parent_id is not None:
                raise PermissionDenied
            if not reviewer:
                found = membership(actor, current)
                if found is None or not found.can_contribute or parent.is_internal:
                    raise PermissionDenied
            field, quote, visibility = parent.field, "", parent.visibility
        else:
            if not reviewer:
                raise PermissionDenied
            if field and field not in FIELD_LABELS:
                raise ValidationError({"field": _("Choose a field of the entry.")})
            if quote and not field:
                raise ValidationError(
                    {"quote": _("Quote a passage only when commenting on a field.")}
                )
            if visibility not in Visibility.values:
                raise ValidationError({"visibility": _("Choose who may read it.")})
        if current.status not in OPEN_FOR_COMMENTS:
            raise EntryProblem(
                _("Comments are open while the Office reviews an entry.")
            )
        comment = Comment.objects.create(
            entry=current,
            version_number=current.version_number,
            field=field,
            quote=quote.strip(),
            parent=parent,
            visibility=visibility,
            author=actor,
            body=body,
        )
        log(current, "review.comment.add", user=actor, data={"comment": comment.pk})
        if reviewer and current.status == EntryStatus.SUBMITTED:
            _start_review(current, actor)
        transaction.on_commit(lambda: notifications.comment_added(comment))
    return comment


def edit_comment(*, actor, comment, body):
    """Change one's own comment; the earlier text is kept."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.author_id != actor.pk:
            raise PermissionDenied
        if body == comment.body:
            return comment
        CommentEdit.objects.create(
            comment=comment,
            body=comment.body,
            written_at=comment.edited_at or comment.created_at,
            replaced_by=actor,
        )
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        log(
            comment.entry,
            "review.comment.edit",
            user=actor,
            data={"comment": comment.pk},
        )
    return comment


def set_resolved(*, actor, comment, resolved):
    """Resolve or reopen a thread: the Office's call."""
    if not is_reviewer(actor) or comment.parent_id is not None:
        raise PermissionDenied
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.resolved_at = timezone.now() if resolved else None
        comment.resolved_by = actor if resolved else None
        comment.save(update_fields=["resolved_at", "resolved_by"])
        log(
            comment.entry,
            "review.comment.resolve" if resolved else "review.comment.reopen",
            user=actor,
            data={"comment": comment.pk},
        )
    return comment


def start_review(*, actor, entry):
    """A reviewer takes up a submitted entry."""
    if not is_reviewer(actor):
        raise PermissionDenied
    with transaction.atomic():
        current = lock_entry(entry)
        if current.status == EntryStatus.SUBMITTED:
            _start_review(current, actor)
    return current


def _start_review(current, actor):
    lifecycle.change_status(current, EntryAction.START_REVIEW, actor=actor)
    log(current, "review.start", user=actor)


def decide(*, actor, entry, kind, message=""):
    """Request changes, accept or decline the entry as it stands.

    The entry row is locked, so when two reviewers decide at once exactly one
    decision is taken; the other is told the entry was decided meanwhile.
    """
    if not is_reviewer(actor):
        raise PermissionDenied
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("Choose a decision.")})
    message = (message or "").strip()
    if kind == DecisionKind.REQUEST_CHANGES and not message:
        raise ValidationError(
            {"message": _("Say what should change, so the contributors can act on it.")}
        )
    if kind == DecisionKind.DECLINE and not message:
        raise ValidationError(
            {"message": _("Give the reason, so the contributors understand it.")}
        )
    with transaction.atomic():
        current = lock_entry(entry)
        # Which statuses a decision may follow is the lifecycle's table (an
        # accepted entry can still be sent back for changes).
        lifecycle.change_status(
            current, DECISION_ACTION[kind], actor=actor, message=message
        )
        decision = Decision.objects.create(
            entry=current,
            kind=kind,
            version_number=current.version_number,
            reviewer=actor,
            message=message,
        )
        log(
            current,
            f"review.decision.{kind}",
            user=actor,
            data={"version": current.version_number, "message": message},
        )
        transaction.on_commit(lambda: notifications.decision_taken(decision))
    return decision


def assign(*, actor, entry, reviewer, due_on=None):
    """Give the entry to a reviewer, optionally by a date; replaces any earlier
    assignment. The reviewer is told unless they assigned it to themselves."""
    if not is_reviewer(actor):
        raise PermissionDenied
    if reviewer is None or not is_reviewer(reviewer):
        raise ValidationError({"reviewer": _("Choose a member of the review team.")})
    if due_on and due_on < timezone.localdate():
        raise ValidationError(
            {"due_on": _("The due date has already passed: choose today or later.")}
        )
    with transaction.atomic():
        current = lock_entry(entry)
        if current.status not in OPEN_FOR_COMMENTS:
            raise EntryProblem(
                _("This entry is %(status)s: it is not waiting for a review.")
                % {"status": current.get_status_display()}
            )
        assignment, _created = Assignment.objects.update_or_create(
            entry=current,
            defaults={"reviewer": reviewer, "due_on": due_on, "assigned_by": actor},
        )
        log(
            current,
            "review.assign",
            user=actor,
            data={
                "reviewer": reviewer.get_full_name() or reviewer.email,
                "due_on": due_on.isoformat() if due_on else None,
            },
        )
        if reviewer.pk != actor.pk:
            transaction.on_commit(lambda: notifications.assigned(assignment))
    return assignment


def unassign(*, actor, entry):
    """Put the entry back in the pool of unassigned entries."""
    if not is_reviewer(actor):
        raise PermissionDenied
    with transaction.atomic():
        current = lock_entry(entry)
        deleted, _kinds = Assignment.objects.filter(entry=current).delete()
        if deleted:
            log(current, "review.unassign", user=actor)
    return bool(deleted)
