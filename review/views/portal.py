"""What the contributing organisation sees of the review in the portal: the
Office's decisions and the shared comment threads, with replies; and, for
participants of feedback rounds, the rounds in the portal's header and the
open ones on its dashboard."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from contributions import versions
from contributions.services import EntryProblem
from contributions.views.entries import entry_or_404

from .. import rounds, services
from ..models import Comment, FeedbackRound


def threads_for(user, entry):
    """Visible threads with their replies, each telling whether the field it is
    about has changed since the version it was written on. A constant number of
    queries however many comments and versions there are."""
    comments = list(
        services.visible_comments(user, entry)
        .select_related("author", "resolved_by")
        .prefetch_related("earlier_texts")
        .order_by("created_at", "pk")
    )
    replies = defaultdict(list)
    threads = []
    for comment in comments:
        if comment.parent_id is None:
            threads.append(comment)
        else:
            replies[comment.parent_id].append(comment)
    pinned = {thread.version_number for thread in threads if thread.field}
    snapshots = (
        versions.snapshots(entry, pinned | {entry.version_number}) if pinned else {}
    )
    current = snapshots.get(entry.version_number, {})
    for thread in threads:
        thread.reply_list = replies[thread.pk]
        thread.field_label = versions.FIELD_LABELS.get(thread.field, "")
        then = snapshots.get(thread.version_number, {})
        thread.changed_since = bool(
            thread.field
            and thread.version_number != entry.version_number
            and then.get(thread.field) != current.get(thread.field)
        )
    return threads


def open_comment_badges(user, entry_ids):
    """For the portal's list: how many of the Office's shared threads are still
    open on each entry, in one query."""
    counts = (
        Comment.objects.shared()
        .open()
        .filter(entry_id__in=entry_ids)
        .values("entry_id", "entry__reference")
        .annotate(count=Count("pk"))
    )
    return {
        row["entry_id"]: {
            "text": ngettext(
                "%(count)d open comment", "%(count)d open comments", row["count"]
            )
            % {"count": row["count"]},
            "url": reverse("contributions:entry", args=[row["entry__reference"]])
            + "#review-heading",
        }
        for row in counts
    }


def entry_panel(request, entry, membership):
    threads = threads_for(request.user, entry)
    decisions = list(entry.decisions.select_related("reviewer")[:5])
    if not threads and not decisions:
        return None
    return render_to_string(
        "review/portal_panel.html",
        {
            "entry": entry,
            "threads": threads,
            "decisions": decisions,
            "can_reply": membership.can_contribute,
        },
        request=request,
    )


@login_required
@require_POST
def reply(request, reference, comment_id):
    entry, membership = entry_or_404(request.user, reference)
    thread = (
        services.visible_comments(request.user, entry)
        .filter(pk=comment_id, parent__isnull=True)
        .first()
    )
    if thread is None:
        raise Http404
    try:
        comment = services.add_comment(
            actor=request.user,
            entry=entry,
            parent=thread,
            body=request.POST.get("body", ""),
        )
    except ValidationError:
        messages.error(request, _("Write your reply before sending it."))
        return redirect(_thread_url(entry, thread))
    except EntryProblem as problem:
        messages.error(request, problem.message)
        return redirect(_thread_url(entry, thread))
    messages.success(request, _("Your reply has been added."))
    return redirect(_thread_url(entry, comment.parent))


def _thread_url(entry, thread):
    return reverse("contributions:entry", args=[entry.reference]) + (
        f"#comment-{thread.pk}"
    )


@login_required
@require_POST
def edit(request, reference, comment_id):
    """A member corrects their own reply; the earlier text stays in its history."""
    entry, _membership = entry_or_404(request.user, reference)
    comment = (
        services.visible_comments(request.user, entry)
        .filter(pk=comment_id, author=request.user)
        .select_related("parent")
        .first()
    )
    if comment is None:
        raise Http404
    try:
        services.edit_comment(
            actor=request.user, comment=comment, body=request.POST.get("body", "")
        )
    except ValidationError:
        messages.error(request, _("A reply cannot be empty; it was left as it was."))
    else:
        messages.success(request, _("Your reply has been updated."))
    return redirect(_thread_url(entry, comment.parent or comment))


def feedback_rounds_link(request):
    """The portal header's "Feedback rounds", with how many are open now, for
    members of a participating organisation of an opened round: one query."""
    now = timezone.now()
    counts = FeedbackRound.objects.filter(
        pk__in=rounds.rounds_for(request.user).values("pk")
    ).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(opens_at__lte=now, closes_at__gt=now)),
    )
    if not counts["total"]:
        return []
    url = reverse("review:rounds")
    return [
        {
            "label": _("Feedback rounds"),
            "url": url,
            "count": counts["open"],
            "count_label": ngettext("%(count)d open", "%(count)d open", counts["open"])
            % {"count": counts["open"]},
            "current": request.path.startswith(url),
        }
    ]


def open_rounds_panel(request, memberships):
    """On the portal's dashboard: the rounds open to the reader, soonest
    closing first, with the closing time in their time zone and in UTC."""
    now = timezone.now()
    open_rounds = list(
        rounds.rounds_for(request.user)
        .filter(opens_at__lte=now, closes_at__gt=now)
        .select_related("edition")
        .order_by("closes_at", "pk")
    )
    if not open_rounds:
        return None
    for round in open_rounds:
        round.closes_in_both_zones = rounds.in_both_zones(round.closes_at)
    return render_to_string(
        "review/rounds_panel.html", {"rounds": open_rounds}, request=request
    )
