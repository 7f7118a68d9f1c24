from django.urls import path

from . import views

app_name = "review_admin"

urlpatterns = [
    path("<int:pk>/", views.ReviewView.as_view(), name="entry"),
    path("<int:pk>/comments/", views.add_comment, name="comment"),
    path(
        "<int:pk>/comments/<int:comment_id>/resolve/",
        views.resolve_comment,
        name="resolve",
    ),
    path("<int:pk>/decision/", views.decide, name="decide"),
]
