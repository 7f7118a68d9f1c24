from django.urls import path

from . import views

app_name = "dialogues"

urlpatterns = [
    path("dialogues/", views.dialogue_list, name="list"),
    path(
        "dialogues/<int:pk>/organisations/<int:organisation_id>/",
        views.register,
        name="register",
    ),
    path(
        "dialogues/<int:pk>/organisations/<int:organisation_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
]
