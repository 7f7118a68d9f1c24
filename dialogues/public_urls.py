from django.urls import path

from . import views

app_name = "dialogues_public"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("<int:year>/", views.dialogue_page, name="dialogue"),
    path("<int:year>/speakers/<int:number>/", views.list_version, name="version"),
    path("<int:year>/room/", views.room, name="room"),
    path("<int:year>/room/state/", views.room_state, name="room_state"),
]
