from django.urls import path

from . import converters, statement_views, views  # noqa: F401 registers row_id

app_name = "dialogues_public"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("<int:year>/", views.dialogue_page, name="dialogue"),
    path("<int:year>/speakers/<int:number>/", views.list_version, name="version"),
    path("<int:year>/room/", views.room, name="room"),
    path("<int:year>/room/state/", views.room_state, name="room_state"),
    path(
        "<int:year>/statements/<row_id:statement_id>/",
        statement_views.public_download,
        name="statement",
    ),
]
