"""The Office's feedback rounds in Wagtail admin: the round's form and its
dashboard, the action that opens it, and the triage of every item of feedback,
exportable as CSV or XLSX. review.viewsets bundles them into menus and URLs."""

from collections import Counter

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton, ListingButton

from accounts.models import Organisation
from compendium.admin_inspect import ReadableInspectView
from compendium.models import CompendiumEntry, EditionFacet, Pillar
from compendium.search_boxes import FoldedSearchMixin
from compendium.text import SpreadsheetCells
from contributions.models import PracticeEntry
from contributions.services import EntryProblem

from .. import rounds
from ..choices import FeedbackOutcome
from ..models import Feedback, FeedbackRound, RoundParticipant


class RoundForm(WagtailAdminModelForm):
    organisations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Participating organisations"),
        queryset=Organisation.objects.active().order_by("kind", "name"),
        required=False,
        help_text=gettext_lazy(
            "Leave empty for every Member State. Regional organisations and civil "
            "society can be added."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["organisations"] = list(
                self.instance.participants.values_list("pk", flat=True)
            )

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The round must close after it opens."))
        if self.instance.opened_at and closes and closes <= timezone.now():
            self.add_error("closes_at", _("Choose a closing time in the future."))
        return cleaned

    def save(self, commit=True):
        round = super().save(commit=commit)
        if commit:
            chosen = set(self.cleaned_data.get("organisations") or [])
            if chosen or not round.opened_at:
                RoundParticipant.objects.filter(round=round).exclude(
                    organisation__in=chosen
                ).filter(first_read_at__isnull=True, completed_at__isnull=True).delete()
                existing = set(
                    RoundParticipant.objects.filter(round=round).values_list(
                        "organisation_id", flat=True
                    )
                )
                RoundParticipant.objects.bulk_create(
                    RoundParticipant(round=round, organisation=organisation)
                    for organisation in chosen
                    if organisation.pk not in existing
                )
        return round

    class Meta:
        model = FeedbackRound
        fields = [
            "title",
            "edition",
            "opens_at",
            "closes_at",
            "reminder_days",
            "instructions",
        ]


DASHBOARD = gettext_lazy("Dashboard")


class RoundDashboardView(ReadableInspectView):
    """Who opened the edition, commented and completed; feedback per entry and
    per pillar; time left."""

    template_name = "review/admin/round_dashboard.html"
    page_title = DASHBOARD

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.object
        commented = dict(
            Feedback.objects.filter(round=round)
            .values("organisation")
            .annotate(n=Count("pk"))
            .values_list("organisation", "n")
        )
        participants = list(
            round.participations.select_related(
                "organisation", "completed_by"
            ).order_by("organisation__name")
        )
        for participant in participants:
            participant.feedback_count = commented.get(participant.organisation_id, 0)
        per_entry = Counter(
            Feedback.objects.filter(round=round, kind="entry").values_list(
                "reference", flat=True
            )
        )
        pillar_of = {}
        for reference, code in EditionFacet.objects.filter(
            edition=round.edition, facet="pillar", row__reference__in=per_entry
        ).values_list("row__reference", "value"):
            pillar_of.setdefault(reference, []).append(code)
        per_pillar = Counter()
        for reference, count in per_entry.items():
            for code in pillar_of.get(reference, []):
                per_pillar[code] += count
        context.update(
            round=round,
            participants=participants,
            totals={
                "participants": len(participants),
                "read": sum(1 for p in participants if p.first_read_at),
                "commented": sum(1 for p in participants if p.feedback_count),
                "completed": sum(1 for p in participants if p.completed_at),
            },
            per_entry=per_entry.most_common(20),
            per_pillar=[
                (pillar, per_pillar.get(pillar.code, 0))
                for pillar in Pillar.objects.all()
            ],
            time_left=round.closes_at - timezone.now()
            if not round.is_closed()
            else None,
            closes=rounds.in_both_zones(round.closes_at),
            may_open=round.opened_at is None and rounds.is_office(self.request.user),
            citation=rounds.participation_summary(round),
        )
        return context


@require_POST
def open_round(request, pk):
    round = get_object_or_404(FeedbackRound, pk=pk)
    try:
        rounds.open_round(actor=request.user, round=round)
    except (EntryProblem, ValidationError) as error:
        messages.error(
            request,
            error.message
            if isinstance(error, EntryProblem)
            else " ".join(error.messages),
        )
    else:
        messages.success(
            request, _("The round is open; the participants' focal points are told.")
        )
    return redirect(reverse("feedback_round:inspect", args=[round.pk]))


class RoundIndexView(generic.IndexView):
    """Each round's row offers its dashboard as a button of its own."""

    def get_list_more_buttons(self, instance):
        dashboard_url = self.get_inspect_url(instance)
        buttons = [
            button
            for button in super().get_list_more_buttons(instance)
            if not dashboard_url or button.url != dashboard_url
        ]
        if dashboard_url:
            buttons.append(
                ListingButton(
                    DASHBOARD,
                    url=dashboard_url,
                    icon_name="clipboard-list",
                    attrs={
                        "aria-label": _("Dashboard of %(round)s")
                        % {"round": instance.title}
                    },
                    priority=5,
                )
            )
        return buttons


class RoundEditView(generic.EditView):
    """The round's settings, with its dashboard one click away."""

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                DASHBOARD,
                url=self.get_inspect_url(),
                icon_name="clipboard-list",
                priority=5,
            ),
        ]

    @cached_property
    def header_more_buttons(self):
        dashboard_url = self.get_inspect_url()
        return [
            button
            for button in super().header_more_buttons
            if button.url != dashboard_url
        ]


class TriageForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("outcome") == FeedbackOutcome.NOT_RETAINED
            and not (cleaned.get("outcome_reason") or "").strip()
        ):
            self.add_error(
                "outcome_reason",
                _("Say why, so the participant understands the decision."),
            )
        return cleaned

    class Meta:
        model = Feedback
        fields = ["outcome", "outcome_reason"]


class TriageView(generic.EditView):
    """One item of feedback, its outcome and the two next steps."""

    template_name = "review/admin/feedback_triage.html"

    def save_instance(self):
        data = self.form.cleaned_data
        return rounds.triage(
            actor=self.request.user,
            feedback=self.object,
            outcome=data["outcome"],
            reason=data.get("outcome_reason", ""),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        feedback = self.object
        context["compendium_entry"] = CompendiumEntry.objects.filter(
            reference=feedback.reference
        ).first()
        context["practice_entry"] = (
            PracticeEntry.objects.seen_by_office()
            .filter(reference=feedback.reference)
            .first()
        )
        return context


class TriageIndexView(FoldedSearchMixin, SpreadsheetCells, generic.IndexView):
    """Each item opens from its text, for those who may triage it: the whole
    text of a row is one link, reached with the keyboard like any other. Its
    CSV and XLSX exports write each text as a spreadsheet cell can hold it."""

    # People read these files: the field and the choices by their labels.
    export_headings = {
        "get_kind_display": gettext_lazy("Kind"),
        "field_label": gettext_lazy("Field"),
        "get_outcome_display": gettext_lazy("Outcome"),
    }

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                column.name,
                label=column.label,
                accessor=lambda feedback: Truncator(feedback.body).words(30),
                get_url=self.get_edit_url,
            )
            if column.name == "body"
            else column
            for column in super().columns
        ]
