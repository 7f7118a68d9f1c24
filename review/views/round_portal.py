"""The feedback round in the portal: what the round asks, the edition to read,
the organisation's own feedback with the Office's outcomes, and the forms to
send feedback, propose an entry and complete the review."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from compendium.models import EditionEntry
from contributions.services import EntryProblem

from .. import rounds
from ..models import Feedback, FeedbackRound


class FeedbackForm(forms.Form):
    reference = forms.ChoiceField(label=gettext_lazy("Entry"))
    field = forms.ChoiceField(
        label=gettext_lazy("On"),
        required=False,
        choices=[("", gettext_lazy("The whole entry"))] + rounds.FEEDBACK_FIELDS,
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


def _back(round, anchor=""):
    return redirect(reverse("review:round", args=[round.pk]) + anchor)


def _refused(request, round, error):
    if isinstance(error, EntryProblem):
        messages.error(request, error.message)
    else:
        messages.error(request, " ".join(error.messages))
    return _back(round, "#send")


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
    return _back(round, "#feedback")


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
    return _back(round, "#feedback")


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
    return _back(round)
