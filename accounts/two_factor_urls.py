"""/accounts/two-factor/: the second factor at sign-in, and each person's own
settings for it."""

from django.urls import path

from .views import two_factor as views

urlpatterns = [
    path("", views.two_factor_page, name="two_factor"),
    path(
        "recovery-codes/",
        views.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(
        "recovery-codes/download/",
        views.download_recovery_codes,
        name="two_factor_recovery_codes_download",
    ),
    path(
        "recovery-codes/new/",
        views.replace_recovery_codes,
        name="two_factor_recovery_codes_new",
    ),
    path("turn-off/", views.turn_off, name="two_factor_turn_off"),
]
