from django.urls import path

from . import portal, round_views

app_name = "review"

urlpatterns = [
    path("rounds/", round_views.round_list, name="rounds"),
    path("rounds/<int:pk>/", round_views.round_detail, name="round"),
    path("rounds/<int:pk>/feedback/", round_views.send_feedback, name="round_feedback"),
    path("rounds/<int:pk>/propose/", round_views.propose, name="round_propose"),
    path("rounds/<int:pk>/complete/", round_views.complete, name="round_complete"),
    path(
        "entries/<str:reference>/comments/<int:comment_id>/reply/",
        portal.reply,
        name="portal_reply",
    ),
    path(
        "entries/<str:reference>/comments/<int:comment_id>/edit/",
        portal.edit,
        name="portal_edit",
    ),
]
