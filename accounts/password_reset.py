"""The forms behind both password-reset pages, the site's (/accounts/password/
reset/) and Wagtail's (/admin/password_reset/): the account is found by its
address however it is typed, and e-mails go out only within the limits per
address and per client, counted together for both pages.

Past a limit nothing is sent and the page answers exactly as it does otherwise,
so it never tells whether an address has an account.
"""

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from wagtail.admin.forms import auth as wagtail_auth_forms

from . import limits


class LimitedPasswordResetMixin:
    def get_users(self, email):
        users = get_user_model().objects.with_email(email).filter(is_active=True)
        return (user for user in users if user.has_usable_password())

    def save(self, *args, request=None, **kwargs):
        if limits.password_reset_allowed(request, self.cleaned_data["email"]):
            super().save(*args, request=request, **kwargs)


class PasswordResetForm(LimitedPasswordResetMixin, auth_forms.PasswordResetForm):
    pass


class AdminPasswordResetForm(
    LimitedPasswordResetMixin, wagtail_auth_forms.PasswordResetForm
):
    pass
