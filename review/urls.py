from django.urls import path

from .views import portal, round_portal

app_name = "review"

urlpatterns = [
    path("rounds/", round_portal.round_list, name="rounds"),
    path("rounds/<int:pk>/", round_portal.round_detail, name="round"),
    path(
        "rounds/<int:pk>/feedback/", round_portal.send_feedback, name="round_feedback"
    ),
    path("rounds/<int:pk>/propose/", round_portal.propose, name="round_propose"),
    path("rounds/<int:pk>/complete/", round_portal.complete, name="round_complete"),
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
