from django.urls import path

from .views import entries, queue

app_name = "review_admin"

urlpatterns = [
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
