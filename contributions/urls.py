from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(
        "organisations/<int:organisation_id>/members/",
        views.organisation_members,
        name="members",
    ),
    path(
        "organisations/<int:organisation_id>/members/invite/",
        views.invite_member,
        name="invite",
    ),
    path(
        "organisations/<int:organisation_id>/invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
]
