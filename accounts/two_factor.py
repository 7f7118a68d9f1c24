"""Two-factor sign-in: who must give a second factor, the middleware that asks
for it on every way in, and the changes to a person's devices.

Staff (anyone who reaches the Wagtail admin) and superusers must sign in with a
code from an authenticator app (TOTP, django-otp) after their password;
organisation members may opt in, and are asked for the code from then on. One
middleware holds the rule for every way in (the site's sign-in, the admin's,
a password reset, an invitation): a signed-in person who must give a second
factor and has not given it in this session reaches only the two-factor page,
sign-out and static files until they do. Recovery codes (django-otp's static
tokens) work once each, in place of the app's code.

Wrong codes count toward the sign-in lockout as wrong passwords do: each one is
reported to django-axes as a failed sign-in for the person's address.
"""

from importlib import import_module

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from .access import is_staff_user

RECOVERY_CODE_COUNT = 10
RESET_ACTION = "contributions.two_factor.reset"
# Fresh recovery codes wait here until their owner says they have kept them.
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"
# Which device verified the session. django-otp keeps its own key too, but drops
# it silently once the device is gone; this one stays, so a reset is noticed.
VERIFIED_SESSION_KEY = "two_factor_verified_with"


def has_second_factor(user):
    """Whether the person has a confirmed authenticator app."""
    return (
        user.is_authenticated
        and TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    )


def requires_second_factor(user):
    """Staff and superusers always; members once they have turned it on."""
    return user.is_authenticated and (is_staff_user(user) or has_second_factor(user))


def may_turn_off(user):
    """Only members may turn the second factor off; staff must keep it."""
    return not is_staff_user(user)


def may_reset(actor, user):
    """Administrators reset others' second factors; only a superuser resets a
    superuser's."""
    if not actor.is_authenticated or not actor.is_administrator:
        return False
    return actor.is_superuser or not user.is_superuser


def is_verified(user):
    return getattr(user, "otp_device", None) is not None


def credentials_of(user):
    """What django-axes counts failures against: the address, as at sign-in."""
    return {settings.AXES_USERNAME_FORM_FIELD: user.email}


class SecondFactorMiddleware:
    """Sends a signed-in person who owes a second factor to the two-factor page.

    Comes after django-otp's OTPMiddleware, which tells whether the session is
    verified, and after the messages middleware. A session verified by a device
    that has since been reset is ended: whoever held it signs in again, and sets
    up a new app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or is_verified(user):
            return self.get_response(request)
        if request.session.get(VERIFIED_SESSION_KEY):
            logout(request)
            messages.info(
                request,
                _("Your two-factor sign-in was reset. Sign in again to set it up."),
            )
            return HttpResponseRedirect(reverse("login"))
        if self.is_exempt(request.path) or not requires_second_factor(user):
            return self.get_response(request)
        return HttpResponseRedirect(
            reverse("two_factor") + "?" + urlencode({"next": request.get_full_path()})
        )

    @staticmethod
    def is_exempt(path):
        exempt = [
            reverse("two_factor"),
            reverse("logout"),
            reverse("wagtailadmin_logout"),
            settings.STATIC_URL,
            settings.MEDIA_URL,
        ]
        return any(path.startswith(prefix) for prefix in exempt)


class SecondFactorAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler, except that a correct password clears
    earlier failures only once the second factor is given too, for those who
    owe one: five wrong passwords-or-codes lock the address from that client."""

    def user_logged_in(self, sender, request, user, **kwargs):
        request.second_factor_pending = requires_second_factor(user)
        return super().user_logged_in(sender, request, user, **kwargs)

    def reset_user_attempts(self, request, credentials=None):
        if getattr(request, "second_factor_pending", False):
            return 0
        return super().reset_user_attempts(request, credentials)


def is_locked_out(request, user):
    return AxesProxyHandler.is_locked(request, credentials_of(user))


def count_failure(request, user):
    """Report a wrong code as a failed sign-in; True once the address is locked."""
    user_login_failed.send(
        sender=__name__, credentials=credentials_of(user), request=request
    )
    return bool(getattr(request, "axes_locked_out", False))


def clear_failures(request, user):
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(
        request, credentials_of(user)
    )


def pending_device(user):
    """The authenticator app being set up, made on first need; its secret is
    shown until a code from it confirms it."""
    device = (
        TOTPDevice.objects.devices_for_user(user, confirmed=False)
        .order_by("-pk")
        .first()
    )
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=_("Authenticator app"), confirmed=False
        )
    return device


def confirm_device(request, device, code):
    """Confirm the app being set up with a code from it; on success the session
    is verified and fresh recovery codes are returned (and kept in the session
    until their owner has saved them)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(code):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        codes = new_recovery_codes(device.user)
    _verified(request, device)
    request.session[NEW_CODES_SESSION_KEY] = codes
    return codes


def new_recovery_codes(user):
    """Replace the person's recovery codes with new ones, returned once. The
    device holding them stays, so a session verified by one of the old codes
    stays verified."""
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=_("Recovery codes"))
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _number in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=code) for code in codes]
    )
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


def is_throttled(user):
    """Whether django-otp makes the person wait before their next code, after
    several wrong ones in a row (1, 2, 4, 8… seconds)."""
    return any(
        not device.verify_is_allowed()[0]
        for device in devices_for_user(user, confirmed=True)
    )


def verify(request, code):
    """Check a code from the app, or a recovery code (which then stops working).
    Returns the device that accepted it, the session then being verified."""
    user = request.user
    code = "".join(code.split()).lower()
    if code.isdigit():
        candidates = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    else:
        candidates = StaticDevice.objects.devices_for_user(user, confirmed=True)
    for candidate in candidates:
        with transaction.atomic():
            device = type(candidate).objects.select_for_update().get(pk=candidate.pk)
            if device.verify_token(code):
                _verified(request, device)
                return device
    return None


def _verified(request, device):
    # A new session key once the second factor is given, as Django does at sign-in.
    request.session.cycle_key()
    otp_login(request, device)
    remember_verified(request.session, device)
    clear_failures(request, device.user)


def remember_verified(session, device):
    """Mark the session as verified by the device (as django-otp's login does)."""
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[VERIFIED_SESSION_KEY] = device.persistent_id


def forget_verified(session):
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session.pop(VERIFIED_SESSION_KEY, None)


def _remove_devices(user):
    """Delete all the person's apps and recovery codes; their persistent ids."""
    removed = []
    for device in devices_for_user(user, confirmed=None):
        removed.append(device.persistent_id)
        device.delete()
    return removed


def turn_off(user):
    """A member's own choice to sign in with the password alone again."""
    _remove_devices(user)


def reset(*, actor, user):
    """An administrator's reset after a lost device: the person's apps and
    recovery codes are removed, their sessions ended, and they set up a new app
    at their next sign-in. Written to the admin's audit log."""
    with transaction.atomic():
        removed = _remove_devices(user)
        log(
            instance=user,
            action=RESET_ACTION,
            user=actor,
            data={"devices": removed},
        )
    end_sessions(user)


def end_sessions(user):
    """Delete the person's sessions kept in the database. Sessions kept
    elsewhere end on their next request: the middleware ends a session verified
    by a device that no longer exists."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store, DatabaseSessionStore):
        return
    user_id = str(user.pk)
    sessions = store.get_model_class().objects.filter(expire_date__gt=timezone.now())
    for session in sessions.iterator():
        if session.get_decoded().get(SESSION_KEY) == user_id:
            store(session.session_key).delete()
