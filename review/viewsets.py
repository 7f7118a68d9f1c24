"""The review's screens in Wagtail admin, each a viewset that bundles its URLs
with its menu item: the Office's review queue and the review of each entry,
feedback rounds with their dashboards, and the triage of feedback. The views
and their permission policies decide who may do what; a menu item shows only to
those its views let in."""

from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from compendium.dates import DateColumn
from compendium.templatetags.site_links import isolate

from .models import Feedback, FeedbackRound
from .services import is_reviewer
from .views import entries, queue
from .views import rounds as round_views


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_reviewer(request.user)


class ReviewViewSet(ViewSet):
    """The queue of entries waiting for the Office, and each entry's review
    screen with the actions taken from it, under /admin/review/."""

    name = "review"
    url_namespace = "review_admin"
    icon = "tasks"
    menu_label = gettext_lazy("Review queue")
    menu_order = 95
    add_to_admin_menu = True
    menu_item_class = ReviewerMenuItem

    def get_urlpatterns(self):
        return [
            path("", queue.ReviewQueueView.as_view(), name="queue"),
            path(
                "results/",
                queue.ReviewQueueView.as_view(results_only=True),
                name="queue_results",
            ),
            path("<int:pk>/", entries.ReviewView.as_view(), name="entry"),
            path("<int:pk>/comments/", entries.add_comment, name="comment"),
            path(
                "<int:pk>/comments/<int:comment_id>/resolve/",
                entries.resolve_comment,
                name="resolve",
            ),
            path("<int:pk>/decision/", entries.decide, name="decide"),
            path("<int:pk>/assignment/", entries.assign, name="assign"),
            path("<int:pk>/publish/", entries.PublishView.as_view(), name="publish"),
            path("<int:pk>/reopen/", entries.ReopenView.as_view(), name="reopen"),
            path(
                "<int:pk>/comments/<int:comment_id>/edit/",
                entries.edit_comment,
                name="edit_comment",
            ),
        ]


class FeedbackRoundViewSet(ModelViewSet):
    """Rounds, each with its dashboard and the action that opens it."""

    name = "feedback_round"
    model = FeedbackRound
    icon = "comment"
    menu_label = gettext_lazy("Feedback rounds")
    add_to_admin_menu = True
    menu_order = 97
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = round_views.RoundDashboardView
    index_view_class = round_views.RoundIndexView
    edit_view_class = round_views.RoundEditView
    list_display = [
        "title",
        Column("edition", label=gettext_lazy("Edition"), accessor="edition.label"),
        DateColumn("opens_at", label=gettext_lazy("Opens")),
        DateColumn("closes_at", label=gettext_lazy("Closes")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("edition"),
            FieldPanel("opens_at"),
            FieldPanel("closes_at"),
            FieldPanel("reminder_days"),
            FieldPanel("instructions"),
            FieldPanel("organisations"),
        ],
        base_form_class=round_views.RoundForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/open/", round_views.open_round, name="open"),
        ]


class FeedbackViewSet(ModelViewSet):
    """Every item of feedback, triaged one by one and exported as a whole."""

    name = "feedback"
    model = Feedback
    icon = "comment"
    menu_label = gettext_lazy("Feedback triage")
    add_to_admin_menu = True
    menu_order = 98
    copy_view_enabled = False
    edit_view_class = round_views.TriageView
    index_view_class = round_views.TriageIndexView
    list_display = [
        Column("body", label=gettext_lazy("Feedback")),
        "organisation",
        Column(
            "reference",
            label=gettext_lazy("Entry"),
            accessor=lambda feedback: isolate(feedback.reference),
        ),
        Column(
            "outcome", label=gettext_lazy("Outcome"), accessor="get_outcome_display"
        ),
        DateColumn("created_at", label=gettext_lazy("Sent")),
    ]
    list_filter = ["round", "outcome", "kind", "organisation__kind"]
    search_fields = ["body", "reference", "title", "organisation__name"]
    list_export = [
        "round",
        "organisation",
        "get_kind_display",
        "reference",
        "field_label",
        "quote",
        "title",
        "body",
        "author",
        "created_at",
        "get_outcome_display",
        "outcome_reason",
        "decided_at",
    ]
    export_filename = "feedback"
    edit_handler = ObjectList(
        [FieldPanel("outcome"), FieldPanel("outcome_reason")],
        base_form_class=round_views.TriageForm,
    )
