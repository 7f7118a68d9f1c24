from django.urls import path

from . import portal

app_name = "review"

urlpatterns = [
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
