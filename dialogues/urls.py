from django.urls import path

from . import converters, statement_views, views  # noqa: F401 registers row_id

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
    path(
        "dialogues/<row_id:pk>/organisations/<row_id:organisation_id>/statements/",
        statement_views.statement_list,
        name="statements",
    ),
    path(
        "dialogues/<row_id:pk>/organisations/<row_id:organisation_id>/statements/"
        "<row_id:statement_id>/",
        statement_views.statement_download,
        name="statement",
    ),
    path(
        "dialogues/<row_id:pk>/organisations/<row_id:organisation_id>/statements/"
        "<row_id:statement_id>/withdraw/",
        statement_views.statement_withdraw,
        name="statement_withdraw",
    ),
    path(
        "dialogues/<row_id:pk>/organisations/<row_id:organisation_id>/statements/"
        "<row_id:statement_id>/entry/",
        statement_views.statement_entry,
        name="statement_entry",
    ),
]
