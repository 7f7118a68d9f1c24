"""The Office's review screen in Wagtail admin, and the actions taken from it."""

import re
from collections import defaultdict
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from compendium.templatetags.site_links import isolate
from contributions import versions
from contributions.choices import EntryStatus
from contributions.models import PracticeEntry
from contributions.services import EntryProblem

from .. import publishing, services
from ..choices import DecisionKind, Visibility
from ..models import Comment, Decision
from .portal import threads_for

DUPLICATE_CANDIDATES = 5
_WORD = re.compile(r"\w{4,}")


def _require_reviewer(user):
    if not services.is_reviewer(user):
        raise PermissionDenied


def last_reviewed_version(user, entry):
    """The newest version this reviewer commented on or decided: what changed
    since then is what they have not yet read."""
    commented = Comment.objects.filter(entry=entry, author=user).aggregate(
        latest=Max("version_number")
    )["latest"]
    decided = Decision.objects.filter(entry=entry, reviewer=user).aggregate(
        latest=Max("version_number")
    )["latest"]
    known = [number for number in (commented, decided) if number]
    return max(known) if known else None


def possible_duplicates(entry, limit=DUPLICATE_CANDIDATES):
    """Other entries whose title and summary share the most words with this one."""
    words = {word.lower() for word in _WORD.findall(f"{entry.title} {entry.summary}")}
    if not words:
        return []
    matching = Q()
    for word in sorted(words, key=len, reverse=True)[:12]:
        matching |= Q(title__icontains=word) | Q(summary__icontains=word)
    candidates = (
        PracticeEntry.objects.seen_by_office()
        .exclude(pk=entry.pk)
        .exclude(status=EntryStatus.WITHDRAWN)
        .filter(matching)
        .select_related("organisation")
        .only("reference", "title", "summary", "status", "organisation__name")[:200]
    )
    scored = []
    for candidate in candidates:
        theirs = {
            word.lower()
            for word in _WORD.findall(f"{candidate.title} {candidate.summary}")
        }
        overlap = len(words & theirs) / len(words | theirs)
        if overlap >= 0.15:
            scored.append((overlap, candidate))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    return [candidate for _score, candidate in scored[:limit]]


@dataclass
class ShownField:
    """One field of the version shown, with the comment threads written on it."""

    name: str
    label: str
    kind: str
    value: object
    threads: list


class ReviewView(WagtailAdminTemplateMixin, TemplateView):
    """One entry under review: as submitted, any version, what changed since this
    reviewer last looked, the threads, duplicates and the decision."""

    template_name = "review/review_entry.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        _require_reviewer(request.user)
        self.entry = get_object_or_404(
            PracticeEntry.objects.seen_by_office().select_related(
                "organisation", "assignment__reviewer"
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Review %(reference)s") % {"reference": isolate(self.entry.reference)}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("practice_entries:index"),
                "label": gettext_lazy("Practice entries"),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.entry
        # Versions the organisation saved since it last submitted are its own.
        history = versions.office_history(entry)
        numbers = [info.number for info in history]
        latest = history[0].number if history else entry.version_number
        try:
            shown = int(self.request.GET.get("version", latest))
        except ValueError:
            shown = latest
        if shown not in numbers:
            shown = latest
        since = last_reviewed_version(self.request.user, entry)
        wanted = {shown, latest} | ({since} if since else set())
        snapshots = versions.snapshots(entry, wanted)
        threads = threads_for(self.request.user, entry)
        on_field = defaultdict(list)
        for thread in threads:
            field = thread.field if thread.field in versions.FIELD_LABELS else ""
            on_field[field].append(thread)
        can_comment = entry.status in services.OPEN_FOR_COMMENTS
        context.update(
            entry=entry,
            history=history,
            shown=shown,
            snapshot=[
                ShownField(
                    name, label, kind, snapshots[shown].get(name), on_field[name]
                )
                for name, label, kind in versions.FIELDS
            ],
            # A new comment is pinned to the current version, so passages are
            # quoted by selection from that version only.
            quotable=can_comment and shown == entry.version_number,
            since=since,
            changes_since=(
                versions.compare(snapshots[since], snapshots[latest])
                if since and since != latest
                else None
            ),
            threads=threads,
            general_threads=on_field[""],
            duplicates=possible_duplicates(entry),
            decisions=entry.decisions.select_related("reviewer"),
            fields=[("", _("The whole entry"))]
            + [(name, label) for name, label in versions.FIELD_LABELS.items()],
            visibilities=Visibility.choices,
            decision_kinds=DecisionKind.choices,
            can_decide=entry.status in services.UNDER_THE_OFFICE,
            can_comment=can_comment,
            assignment=getattr(entry, "assignment", None),
            assignment_form=self.assignment_form(entry),
        )
        return context

    @staticmethod
    def assignment_form(entry):
        assignment = getattr(entry, "assignment", None)
        return AssignmentForm(
            initial={
                "reviewer": assignment.reviewer_id if assignment else None,
                "due_on": assignment.due_on if assignment else None,
            }
        )


def _back(entry, anchor=""):
    return redirect(reverse("review_admin:entry", args=[entry.pk]) + anchor)


def _report(request, error):
    messages.error(request, " ".join(error.messages))


@require_POST
def add_comment(request, pk):
    _require_reviewer(request.user)
    entry = get_object_or_404(PracticeEntry.objects.seen_by_office(), pk=pk)
    parent = None
    if request.POST.get("parent"):
        parent = get_object_or_404(
            Comment, pk=request.POST["parent"], entry=entry, parent__isnull=True
        )
    try:
        comment = services.add_comment(
            actor=request.user,
            entry=entry,
            parent=parent,
            field=request.POST.get("field", ""),
            quote=request.POST.get("quote", ""),
            visibility=request.POST.get("visibility", Visibility.SHARED),
            body=request.POST.get("body", ""),
        )
    except ValidationError as error:
        _report(request, error)
        return _back(entry, "#comments")
    except EntryProblem as problem:
        messages.error(request, problem.message)
        return _back(entry, "#comments")
    messages.success(request, _("Comment added."))
    return _back(entry, f"#comment-{(comment.parent or comment).pk}")


@require_POST
def resolve_comment(request, pk, comment_id):
    _require_reviewer(request.user)
    comment = get_object_or_404(Comment, pk=comment_id, entry_id=pk)
    resolved = request.POST.get("resolved") == "1"
    services.set_resolved(actor=request.user, comment=comment, resolved=resolved)
    messages.success(
        request, _("Thread resolved.") if resolved else _("Thread reopened.")
    )
    return _back(comment.entry, f"#comment-{comment.pk}")


@require_POST
def decide(request, pk):
    _require_reviewer(request.user)
    entry = get_object_or_404(PracticeEntry.objects.seen_by_office(), pk=pk)
    try:
        decision = services.decide(
            actor=request.user,
            entry=entry,
            kind=request.POST.get("kind", ""),
            message=request.POST.get("message", ""),
        )
    except ValidationError as error:
        _report(request, error)
        return _back(entry, "#decision")
    except EntryProblem as problem:
        messages.error(request, problem.message)
        return _back(entry)
    messages.success(
        request,
        _("Decision recorded: %(decision)s.")
        % {"decision": decision.get_kind_display()},
    )
    return _back(entry)


class AssignmentForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=gettext_lazy("Reviewer"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=gettext_lazy("Not assigned"),
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .queue import reviewers

        self.fields["reviewer"].queryset = reviewers()


@require_POST
def assign(request, pk):
    _require_reviewer(request.user)
    entry = get_object_or_404(PracticeEntry.objects.seen_by_office(), pk=pk)
    form = AssignmentForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(
                str(message) for errors in form.errors.values() for message in errors
            ),
        )
        return _back(entry, "#assignment")
    reviewer = form.cleaned_data["reviewer"]
    try:
        if reviewer is None:
            services.unassign(actor=request.user, entry=entry)
            messages.success(request, _("The entry is no longer assigned."))
        else:
            services.assign(
                actor=request.user,
                entry=entry,
                reviewer=reviewer,
                due_on=form.cleaned_data["due_on"],
            )
            messages.success(
                request,
                _("Assigned to %(reviewer)s.") % {"reviewer": reviewer},
            )
    except ValidationError as error:
        _report(request, error)
    except EntryProblem as problem:
        messages.error(request, problem.message)
    return _back(entry, "#assignment")


@require_POST
def edit_comment(request, pk, comment_id):
    _require_reviewer(request.user)
    comment = get_object_or_404(Comment, pk=comment_id, entry_id=pk)
    try:
        services.edit_comment(
            actor=request.user, comment=comment, body=request.POST.get("body", "")
        )
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Comment updated; its earlier text is kept."))
    return _back(comment.entry, f"#comment-{comment.parent_id or comment.pk}")


class PublishView(WagtailAdminTemplateMixin, TemplateView):
    """What publishing this accepted version changes in the compendium entry,
    and the button that makes it a draft revision for the publisher."""

    template_name = "review/publish.html"
    header_icon = "doc-full-inverse"
    page_title = gettext_lazy("Publish to the compendium")

    def dispatch(self, request, *args, **kwargs):
        if not publishing.may_publish(request.user):
            raise PermissionDenied
        self.entry = get_object_or_404(
            PracticeEntry.objects.seen_by_office().select_related("organisation"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.entry)

    def get_breadcrumbs_items(self):
        """Found under Practice entries and the entry itself, titled with it."""
        return self.breadcrumbs_items + [
            {
                "url": reverse("practice_entries:index"),
                "label": gettext_lazy("Practice entries"),
            },
            {
                "url": reverse("practice_entries:inspect", args=[self.entry.pk]),
                "label": str(self.entry),
            },
            {
                "url": "",
                "label": self.get_page_title(),
                "sublabel": self.get_page_subtitle(),
            },
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        existing, changes = publishing.preview_changes(self.entry)
        context.update(
            entry=self.entry,
            existing=existing,
            changes=changes,
            accepted=self.entry.status == EntryStatus.ACCEPTED,
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            published = publishing.publish(actor=request.user, entry=self.entry)
        except EntryProblem as problem:
            messages.error(request, problem.message)
            return redirect(reverse("review_admin:publish", args=[self.entry.pk]))
        messages.success(
            request,
            _(
                "Version %(number)s is now a draft of compendium entry %(reference)s: "
                "check it, preview it and publish it."
            )
            % {"number": self.entry.version_number, "reference": published.reference},
        )
        return redirect(
            reverse(
                "wagtailsnippets_compendium_compendiumentry:edit", args=[published.pk]
            )
        )


class ReopenView(WagtailAdminTemplateMixin, TemplateView):
    """From feedback in a round: ask the contributing organisation for changes,
    on an entry under review or already accepted."""

    template_name = "review/reopen.html"
    header_icon = "comment"

    def dispatch(self, request, *args, **kwargs):
        _require_reviewer(request.user)
        self.entry = get_object_or_404(
            PracticeEntry.objects.seen_by_office().select_related("organisation"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Request changes to %(reference)s") % {
            "reference": self.entry.reference
        }

    def get_context_data(self, **kwargs):
        from ..models import Feedback

        context = super().get_context_data(**kwargs)
        feedback = (
            Feedback.objects.filter(
                pk=self.request.GET.get("feedback") or 0, reference=self.entry.reference
            )
            .select_related("organisation")
            .first()
        )
        context.update(
            entry=self.entry,
            feedback=feedback,
            message=self.request.POST.get("message")
            or (
                _("Feedback from %(organisation)s during the round: %(body)s")
                % {"organisation": feedback.organisation.name, "body": feedback.body}
                if feedback
                else ""
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.decide(
                actor=request.user,
                entry=self.entry,
                kind=DecisionKind.REQUEST_CHANGES,
                message=request.POST.get("message", ""),
            )
        except ValidationError as error:
            _report(request, error)
            return self.get(request, *args, **kwargs)
        except EntryProblem as problem:
            messages.error(request, problem.message)
            return self.get(request, *args, **kwargs)
        messages.success(
            request, _("Changes requested; the organisation has been told.")
        )
        return _back(self.entry)
