"""The Office's review queue in Wagtail admin, and its counts on the dashboard.

Entries waiting for the Office (submitted or under review) by default, or those
back with their organisation; filtered by reviewer, due date, organisation kind,
country and pillar; overdue ones stand out. Every filter is a single indexed
condition or an EXISTS, so the count and the page stay fast over many entries.
"""

from datetime import timedelta

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.widgets.button import HeaderButton

from compendium.choices import OrganisationKind
from compendium.dates import DateColumn
from compendium.models import Country, Pillar
from compendium.templatetags.site_links import isolate
from contributions import versions
from contributions.choices import EntryStatus
from contributions.models import EntryTransition, PracticeEntry

from ..choices import UNDER_THE_OFFICE
from ..models import Comment
from ..services import is_reviewer

PER_PAGE = 25


def reviewers():
    """Everyone who may review: the review team and superusers, active."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(
                groups__permissions__codename="add_decision",
                groups__permissions__content_type__app_label="review",
            )
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


class QueueFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (EntryStatus.SUBMITTED, _("Submitted, not yet taken up")),
            (EntryStatus.UNDER_REVIEW, _("Under review")),
            (
                EntryStatus.CHANGES_REQUESTED,
                _("Changes requested: with the organisation"),
            ),
        ],
        empty_label=_("Waiting for the Office"),
        method="filter_status",
    )
    assigned = django_filters.ChoiceFilter(
        label=_("Assignment"),
        choices=[("me", _("Assigned to me")), ("nobody", _("Not assigned"))],
        empty_label=_("Anyone or no one"),
        method="filter_assigned",
    )
    reviewer = django_filters.ModelChoiceFilter(
        label=_("Reviewer"),
        queryset=reviewers(),
        field_name="assignment__reviewer",
    )
    due = django_filters.ChoiceFilter(
        label=_("Due date"),
        choices=[
            ("overdue", _("Overdue")),
            ("week", _("Due within 7 days")),
            ("later", _("Due later")),
            ("none", _("No due date")),
        ],
        method="filter_due",
    )
    organisation_kind = django_filters.ChoiceFilter(
        label=_("Organisation kind"),
        choices=OrganisationKind.choices,
        field_name="organisation__kind",
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.order_by("name"),
        method="filter_country",
    )
    pillar = django_filters.ModelChoiceFilter(
        label=_("Pillar"),
        queryset=Pillar.objects.all(),
        method="filter_pillar",
    )

    class Meta:
        model = PracticeEntry
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated per request, so a new colleague appears without a restart.
        self.filters["reviewer"].queryset = reviewers()

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)

    def filter_assigned(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assignment__reviewer=self.request.user)
        if value == "nobody":
            return queryset.filter(assignment__isnull=True)
        return queryset

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(
                assignment__due_on__lt=today, status__in=UNDER_THE_OFFICE
            )
        if value == "week":
            return queryset.filter(
                assignment__due_on__gte=today,
                assignment__due_on__lte=today + timedelta(days=7),
            )
        if value == "later":
            return queryset.filter(assignment__due_on__gt=today + timedelta(days=7))
        if value == "none":
            return queryset.filter(
                Q(assignment__isnull=True) | Q(assignment__due_on__isnull=True)
            )
        return queryset

    def filter_country(self, queryset, name, value):
        concerned = PracticeEntry.countries.through.objects.filter(
            practiceentry_id=OuterRef("pk"), country_id=value.pk
        )
        return queryset.filter(Q(organisation__country=value) | Exists(concerned))

    def filter_pillar(self, queryset, name, value):
        classified = PracticeEntry.pillars.through.objects.filter(
            practiceentry_id=OuterRef("pk"), pillar_id=value.pk
        )
        return queryset.filter(Exists(classified))


class QueueTable(Table):
    def get_row_classname(self, instance):
        return "overdue" if instance.is_overdue else ""


class ReviewerColumn(Column):
    def get_value(self, instance):
        assignment = getattr(instance, "assignment", None)
        return assignment.reviewer if assignment else _("Not assigned")


class DueColumn(Column):
    cell_template_name = "review/queue_due_cell.html"


class ReviewQueueView(BaseListingView):
    """Entries in review, with filters, pages, sorting and the overdue ones
    highlighted."""

    page_title = _("Review queue")
    header_icon = "tasks"
    index_url_name = "review_admin:queue"
    index_results_url_name = "review_admin:queue_results"
    filterset_class = QueueFilterSet
    paginate_by = PER_PAGE
    default_ordering = "due_on"
    is_searchable = True
    search_fields = ["reference", "title"]
    table_class = QueueTable
    table_classname = "listing review-queue"
    verbose_name_plural = _("entries in review")

    def dispatch(self, request, *args, **kwargs):
        if not is_reviewer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            Column(
                "reference",
                label=_("Reference"),
                sort_key="reference",
                accessor=lambda entry: isolate(entry.reference),
            ),
            TitleColumn(
                "title",
                label=_("Entry"),
                get_url=lambda entry: reverse("review_admin:entry", args=[entry.pk]),
                sort_key="title",
            ),
            Column(
                "organisation", label=_("Organisation"), accessor="organisation.name"
            ),
            Column("status", label=_("Status"), accessor="get_status_display"),
            DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
            ReviewerColumn("reviewer", label=_("Reviewer")),
            DueColumn("due_on", label=_("Due"), sort_key="due_on"),
            Column("open_threads", label=_("Open comments"), sort_key="open_threads"),
        ]

    def get_base_queryset(self):
        submitted = (
            EntryTransition.objects.filter(
                entry=OuterRef("pk"), to_status=EntryStatus.SUBMITTED
            )
            .order_by()
            .values("entry")
            .annotate(latest=Max("created_at"))
            .values("latest")
        )
        open_threads = (
            Comment.objects.filter(
                entry=OuterRef("pk"), parent__isnull=True, resolved_at__isnull=True
            )
            .order_by()
            .values("entry")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            PracticeEntry.objects.seen_by_office()
            .select_related("organisation", "assignment__reviewer")
            # The list shows none of the long texts; leaving them out keeps the
            # sort small.
            .defer("summary", "description", "internal_contact")
            .annotate(
                due_on=F("assignment__due_on"),
                submitted_at=Subquery(submitted),
                open_threads=Coalesce(
                    Subquery(open_threads, output_field=IntegerField()), 0
                ),
            )
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        chosen = (
            self.filters.form.cleaned_data.get("status")
            if self.filters and self.filters.is_valid()
            else None
        )
        # One status condition, so the planner estimates the rows well: the
        # chosen status, or by default every entry waiting for the Office.
        if not chosen:
            queryset = queryset.filter(status__in=UNDER_THE_OFFICE)
        return queryset

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        descending = ordering.startswith("-")
        field = F(ordering.lstrip("-"))
        first = (
            field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
        )
        return queryset.order_by(first, "updated_at", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions.show_as_submitted(context["object_list"])
        today = timezone.localdate()
        for entry in context["object_list"]:
            entry.is_overdue = bool(
                entry.due_on
                and entry.due_on < today
                and entry.status in UNDER_THE_OFFICE
            )
        return context

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Assigned to me"),
                url=reverse("review_admin:queue") + "?assigned=me",
                icon_name="user",
            )
        ]


def queue_counts(user):
    """The dashboard's figures, each a link into the queue."""
    waiting = PracticeEntry.objects.seen_by_office().filter(status__in=UNDER_THE_OFFICE)
    figures = waiting.aggregate(
        total=Count("pk"),
        unassigned=Count("pk", filter=Q(assignment__isnull=True)),
        mine=Count("pk", filter=Q(assignment__reviewer=user)),
        overdue=Count("pk", filter=Q(assignment__due_on__lt=timezone.localdate())),
    )
    queue = reverse("review_admin:queue")
    return [
        (_("Waiting for the Office"), figures["total"], queue),
        (_("Not assigned"), figures["unassigned"], queue + "?assigned=nobody"),
        (_("Assigned to me"), figures["mine"], queue + "?assigned=me"),
        (_("Overdue"), figures["overdue"], queue + "?due=overdue"),
    ]


class QueuePanel(Component):
    name = "review_queue"
    order = 50
    template_name = "review/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"counts": queue_counts(self.user)}
