"""/accounts/two-factor/: set up an authenticator app, give its code at sign-in,
keep recovery codes; members may also turn it off. And the admin's screen on
which an administrator resets someone's second factor."""

from base64 import b32encode

import segno
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts import two_factor
from accounts.access import is_staff_user


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )


class EnrolmentForm(CodeForm):
    code = forms.RegexField(
        label=gettext_lazy("Code from the app"),
        regex=r"^\s*\d{3}\s*\d{3}\s*$",
        error_messages={"invalid": gettext_lazy("Type the six digits the app shows.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )


def _next_url(request):
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return wanted
    if is_staff_user(request.user):
        return reverse("wagtailadmin_home")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
def two_factor_page(request):
    """Where the middleware sends whoever owes a second factor: the code from
    their app (or a recovery code), or setting up an app if they have none. Once
    given, the page says what is set up."""
    user = request.user
    if two_factor.is_verified(user):
        return render(
            request,
            "registration/two_factor_manage.html",
            {
                "codes_left": two_factor.recovery_codes_left(user),
                "may_turn_off": two_factor.may_turn_off(user),
            },
        )
    if two_factor.has_second_factor(user):
        return _verify(request)
    return _enrol(request)


def _verify(request):
    user = request.user
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if two_factor.is_locked_out(request, user):
            return _locked_out(request, user)
        if form.is_valid():
            throttled = two_factor.is_throttled(user)
            if two_factor.verify(request, form.cleaned_data["code"]):
                return redirect(_next_url(request))
            if two_factor.count_failure(request, user):
                return _locked_out(request, user)
            form.add_error(
                "code",
                _("Too many wrong codes in a row: wait a moment, then try again.")
                if throttled
                else _("That code did not work. Check it and try again."),
            )
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


def _locked_out(request, user):
    credentials = two_factor.credentials_of(user)
    logout(request)
    return get_lockout_response(request, None, credentials)


def _enrol(request):
    user = request.user
    device = two_factor.pending_device(user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm_device(request, device, form.cleaned_data["code"]):
            return redirect(
                reverse("two_factor_recovery_codes")
                + "?"
                + urlencode({"next": _next_url(request)})
            )
        form.add_error(
            "code",
            _(
                "That code did not match. Check the app's clock is right and type "
                "the code it shows now."
            ),
        )
    secret = b32encode(device.bin_key).decode()
    qr_code = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff"
    )
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            "required": two_factor.requires_second_factor(user),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_code": qr_code,
        },
        status=400 if form.errors else 200,
    )


def _verified_or_403(request):
    if not two_factor.is_verified(request.user):
        raise PermissionDenied


@never_cache
@login_required
def recovery_codes(request):
    """New recovery codes, shown until their owner says they have kept them."""
    _verified_or_403(request)
    codes = request.session.get(two_factor.NEW_CODES_SESSION_KEY)
    if request.method == "POST":
        request.session.pop(two_factor.NEW_CODES_SESSION_KEY, None)
        return redirect(_next_url(request))
    if not codes:
        return redirect("two_factor")
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )


@never_cache
@login_required
def download_recovery_codes(request):
    _verified_or_403(request)
    codes = request.session.get(two_factor.NEW_CODES_SESSION_KEY)
    if not codes:
        raise Http404
    text = "\n".join(
        [
            _("R2P Compendium of Practice: recovery codes for %(email)s")
            % {"email": request.user.email},
            _("Each code works once, in place of the code from your app."),
            "",
            *codes,
            "",
        ]
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        'attachment; filename="compendium-recovery-codes.txt"'
    )
    return response


@never_cache
@login_required
@require_POST
def replace_recovery_codes(request):
    _verified_or_403(request)
    codes = two_factor.new_recovery_codes(request.user)
    request.session[two_factor.NEW_CODES_SESSION_KEY] = codes
    return redirect(
        reverse("two_factor_recovery_codes")
        + "?"
        + urlencode({"next": reverse("two_factor")})
    )


@never_cache
@login_required
@require_POST
def turn_off(request):
    """A member goes back to signing in with the password alone; staff may not."""
    _verified_or_403(request)
    if not two_factor.may_turn_off(request.user):
        raise PermissionDenied
    two_factor.turn_off(request.user)
    two_factor.forget_verified(request.session)
    messages.success(
        request, _("Two-factor sign-in is off. You sign in with your password alone.")
    )
    return redirect("contributions:notifications")


class ResetSecondFactorView(WagtailAdminTemplateMixin, TemplateView):
    """An administrator resets someone's second factor after a lost device:
    asked to confirm, then done through the service, which audits it."""

    template_name = "contributions/admin/two_factor_reset.html"
    page_title = gettext_lazy("Reset two-factor sign-in")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        self.person = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        if not two_factor.may_reset(request.user, self.person):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.person)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("wagtailusers_users:index"), "label": _("Users")},
            {
                "url": reverse("wagtailusers_users:edit", args=[self.person.pk]),
                "label": str(self.person),
            },
            {"url": "", "label": _("Reset two-factor sign-in")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            person=self.person,
            has_second_factor=two_factor.has_second_factor(self.person),
            users_url=reverse("wagtailusers_users:index"),
        )
        return context

    def post(self, request, *args, **kwargs):
        two_factor.reset(actor=request.user, user=self.person)
        messages.success(
            request,
            _(
                "Two-factor sign-in of %(person)s was reset and their sessions "
                "ended. They set up a new app at their next sign-in."
            )
            % {"person": self.person},
        )
        return redirect("wagtailusers_users:index")
