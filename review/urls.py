from django.urls import path

from .views import portal

app_name = "review"

urlpatterns = [
    path("rounds/", portal.round_list, name="rounds"),
    path("rounds/<int:pk>/", portal.round_detail, name="round"),
    path("rounds/<int:pk>/feedback/", portal.send_feedback, name="round_feedback"),
    path("rounds/<int:pk>/propose/", portal.propose, name="round_propose"),
    path("rounds/<int:pk>/complete/", portal.complete, name="round_complete"),
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
