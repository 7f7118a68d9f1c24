"""What the contributing organisations see of the review in the portal.

On their entries: the Office's decisions and the shared comment threads, with
replies. For participants of feedback rounds: the rounds in the portal's header
and the open ones on its dashboard; each round with what it asks, the edition
to read, their own feedback with the Office's outcomes, and the forms to send
feedback, propose an entry and complete the review."""

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from compendium.models import EditionEntry
from contributions import versions
from contributions.services import EntryProblem
from contributions.views.entries import entry_or_404

from .. import rounds, services
from ..models import Comment, Feedback, FeedbackRound


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


class FeedbackForm(forms.Form):
    reference = forms.ChoiceField(label=gettext_lazy("Entry"))
    field = forms.ChoiceField(
        label=gettext_lazy("On"),
        required=False,
        choices=lambda: [
            ("", gettext_lazy("The whole entry")),
            *rounds.feedback_fields(),
        ],
    )
    quote = forms.CharField(
        label=gettext_lazy("Quoted passage (optional)"), required=False, max_length=2000
    )
    body = forms.CharField(
        label=gettext_lazy("Your feedback"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].choices = [
            (reference, f"{reference} — {title}")
            for reference, title in EditionEntry.objects.filter(edition=edition)
            .order_by("reference")
            .values_list("reference", "title")
        ]


class ProposalForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the practice"), max_length=255)
    body = forms.CharField(
        label=gettext_lazy("What was done, by whom, and why"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _round_or_404(user, pk):
    round = get_object_or_404(FeedbackRound, pk=pk)
    membership = rounds.participation(user, round)
    if membership is None:
        raise Http404
    return round, membership


@login_required
def round_list(request):
    return render(
        request,
        "review/rounds.html",
        {"rounds": rounds.rounds_for(request.user).select_related("edition")},
    )


@login_required
def round_detail(request, pk):
    round, membership = _round_or_404(request.user, pk)
    rounds.record_reading(request.user, round)
    reference = request.GET.get("entry", "")
    participant = round.participations.get(organisation=membership.organisation)
    return render(
        request,
        "review/round.html",
        {
            "round": round,
            "membership": membership,
            "participant": participant,
            "is_open": round.is_open(),
            "opens": rounds.in_both_zones(round.opens_at),
            "closes": rounds.in_both_zones(round.closes_at),
            "time_left": round.closes_at - timezone.now(),
            "feedback": Feedback.objects.filter(
                round=round, organisation=membership.organisation
            ).select_related("author"),
            # Two forms on one page: their own ids keep every label on its field.
            "feedback_form": FeedbackForm(
                edition=round.edition,
                initial={"reference": reference},
                auto_id="feedback_%s",
            ),
            "proposal_form": ProposalForm(auto_id="proposal_%s"),
        },
    )


def _back_to_round(round, anchor=""):
    return redirect(reverse("review:round", args=[round.pk]) + anchor)


def _refused(request, round, error):
    if isinstance(error, EntryProblem):
        messages.error(request, error.message)
    else:
        messages.error(request, " ".join(error.messages))
    return _back_to_round(round, "#send")


@login_required
@require_POST
def send_feedback(request, pk):
    round, _membership = _round_or_404(request.user, pk)
    try:
        rounds.leave_feedback(
            actor=request.user,
            round=round,
            reference=request.POST.get("reference", ""),
            field=request.POST.get("field", ""),
            quote=request.POST.get("quote", ""),
            body=request.POST.get("body", ""),
        )
    except (ValidationError, EntryProblem) as error:
        return _refused(request, round, error)
    messages.success(request, _("Thank you: your feedback has reached the Office."))
    return _back_to_round(round, "#feedback")


@login_required
@require_POST
def propose(request, pk):
    round, _membership = _round_or_404(request.user, pk)
    try:
        rounds.propose_entry(
            actor=request.user,
            round=round,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        )
    except (ValidationError, EntryProblem) as error:
        return _refused(request, round, error)
    messages.success(request, _("Thank you: your proposal has reached the Office."))
    return _back_to_round(round, "#feedback")


@login_required
@require_POST
def complete(request, pk):
    round, _membership = _round_or_404(request.user, pk)
    try:
        rounds.complete(
            actor=request.user, round=round, message=request.POST.get("message", "")
        )
    except EntryProblem as error:
        return _refused(request, round, error)
    messages.success(request, _("Your organisation's review is marked complete."))
    return _back_to_round(round)
