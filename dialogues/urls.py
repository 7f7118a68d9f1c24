from django.urls import path

from . import converters, views  # noqa: F401 registers row_id

app_name = "dialogues"

urlpatterns = [
    path("dialogues/", views.dialogue_list, name="list"),
    path(
        "dialogues/<row_id:pk>/organisations/<row_id:organisation_id>/",
        views.register,
        name="register",
    ),
    path(
        "dialogues/<row_id:pk>/organisations/<row_id:organisation_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
]
