from django.urls import path

from . import queue, views

app_name = "review_admin"

urlpatterns = [
    path("", queue.ReviewQueueView.as_view(), name="queue"),
    path(
        "results/",
        queue.ReviewQueueView.as_view(results_only=True),
        name="queue_results",
    ),
    path("<int:pk>/", views.ReviewView.as_view(), name="entry"),
    path("<int:pk>/comments/", views.add_comment, name="comment"),
    path(
        "<int:pk>/comments/<int:comment_id>/resolve/",
        views.resolve_comment,
        name="resolve",
    ),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/assignment/", views.assign, name="assign"),
    path("<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/reopen/", views.ReopenView.as_view(), name="reopen"),
    path(
        "<int:pk>/comments/<int:comment_id>/edit/",
        views.edit_comment,
        name="edit_comment",
    ),
]
