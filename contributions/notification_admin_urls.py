from django.urls import path

from .views import notifications

app_name = "notifications_admin"

urlpatterns = [
    path("", notifications.AdminNotificationListView.as_view(), name="index"),
    path("<int:pk>/", notifications.OpenNotificationView.as_view(), name="open"),
    path("read/", notifications.AdminReadAllView.as_view(), name="read_all"),
    path("digest/", notifications.AdminDigestSettingView.as_view(), name="digest"),
]
