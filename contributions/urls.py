from django.urls import path

from accounts.views import accounts

from .choices import EntryAction
from .views import alerts, entries, notifications

app_name = "contributions"

urlpatterns = [
    path("", entries.dashboard, name="dashboard"),
    path(
        "notifications/",
        notifications.NotificationListView.as_view(),
        name="notifications",
    ),
    path(
        "notifications/<int:pk>/",
        notifications.OpenNotificationView.as_view(),
        name="notification_open",
    ),
    path(
        "notifications/read/",
        notifications.ReadAllView.as_view(),
        name="notifications_read_all",
    ),
    path(
        "notifications/digest/",
        notifications.DigestSettingView.as_view(),
        name="notifications_digest",
    ),
    path(
        "notifications/time-zone/",
        notifications.TimeZoneView.as_view(),
        name="time_zone",
    ),
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/new/", alerts.alert_create, name="alert_create"),
    path("alerts/<int:pk>/delete/", alerts.alert_delete, name="alert_delete"),
    path("alerts/stop/<str:token>/", alerts.alert_stop, name="alert_stop"),
    path("entries/new/", entries.entry_create, name="entry_create"),
    path("entries/<str:reference>/", entries.entry_detail, name="entry"),
    path("entries/<str:reference>/edit/", entries.entry_edit, name="entry_edit"),
    path(
        "entries/<str:reference>/history/",
        entries.entry_history,
        name="entry_history",
    ),
    path("entries/<str:reference>/diff/", entries.entry_diff, name="entry_diff"),
    path(
        "entries/<str:reference>/restore/<int:number>/",
        entries.entry_restore,
        name="entry_restore",
    ),
    path(
        "entries/<str:reference>/ready/",
        entries.entry_transition,
        {"action": EntryAction.READY},
        name="entry_ready",
    ),
    path(
        "entries/<str:reference>/submit/",
        entries.entry_transition,
        {"action": EntryAction.SUBMIT},
        name="entry_submit",
    ),
    path(
        "entries/<str:reference>/withdraw/",
        entries.entry_transition,
        {"action": EntryAction.WITHDRAW},
        name="entry_withdraw",
    ),
    path(
        "entries/<str:reference>/attachments/",
        entries.attachment_add,
        name="attachment_add",
    ),
    path(
        "entries/<str:reference>/attachments/<int:attachment_id>/",
        entries.attachment_download,
        name="attachment",
    ),
    path(
        "entries/<str:reference>/attachments/<int:attachment_id>/remove/",
        entries.attachment_remove,
        name="attachment_remove",
    ),
    path(
        "organisations/<int:organisation_id>/members/",
        accounts.organisation_members,
        name="members",
    ),
    path(
        "organisations/<int:organisation_id>/members/invite/",
        accounts.invite_member,
        name="invite",
    ),
    path(
        "organisations/<int:organisation_id>/invitations/<int:invitation_id>/revoke/",
        accounts.revoke_invitation,
        name="revoke_invitation",
    ),
]
