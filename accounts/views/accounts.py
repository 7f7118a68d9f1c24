from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordResetConfirmView
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.access import is_staff_user, membership_or_404
from accounts.forms import (
    AcceptInvitationForm,
    EmailAuthenticationForm,
    InviteMemberForm,
    add_validation_error,
)
from accounts.identity import normalise_email
from accounts.models import Invitation


class SignInView(LoginView):
    """Sign-in for everyone; staff land in the admin, members in the portal."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        if is_staff_user(self.request.user):
            return reverse("wagtailadmin_home")
        # Members' home (LOGIN_REDIRECT_URL): the portal, an app above this one.
        return super().get_default_redirect_url()


class SetNewPasswordView(PasswordResetConfirmView):
    """Setting a new password from the e-mailed link also lifts a sign-in lockout:
    whoever holds the mailbox has proved who they are."""

    def form_valid(self, form):
        response = super().form_valid(form)
        AccessAttempt.objects.filter(username=normalise_email(form.user.email)).delete()
        return response


def accept_invitation(request, token):
    """The page an invitation e-mail links to."""
    try:
        invitation = services.find_invitation(token)
    except services.InvitationProblem as problem:
        return render(
            request,
            "contributions/invitation_invalid.html",
            {"message": problem.message},
            status=410 if problem.invitation else 404,
        )

    has_account = invitation_has_account(invitation)
    form = None
    if has_account:
        if request.method == "POST":
            return _accept(request, token, user=request.user)
    else:
        form = AcceptInvitationForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            return _accept(
                request,
                token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
    return render(
        request,
        "contributions/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "has_account": has_account,
            "signed_in_as_invitee": has_account
            and request.user.is_authenticated
            and normalise_email(request.user.email)
            == normalise_email(invitation.email),
        },
    )


def invitation_has_account(invitation):
    return get_user_model().objects.with_email(invitation.email).exists()


def _accept(request, token, **kwargs):
    try:
        account = services.accept_invitation(token=token, **kwargs)
    except services.InvitationProblem as problem:
        return render(
            request,
            "contributions/invitation_invalid.html",
            {"message": problem.message},
            status=409,
        )
    if not request.user.is_authenticated:
        login(request, account, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome. Your invitation has been accepted."))
    if is_staff_user(account):
        return redirect("wagtailadmin_home")
    return redirect(settings.LOGIN_REDIRECT_URL)


@login_required
def organisation_members(request, organisation_id, form=None):
    """Members of one organisation; its focal points also invite and withdraw."""
    membership = membership_or_404(request.user, organisation_id)
    organisation = membership.organisation
    context = {
        "membership": membership,
        "organisation": organisation,
        "members": organisation.memberships.select_related("user").order_by(
            "role", "user__email"
        ),
    }
    if membership.is_focal_point:
        context["form"] = form or InviteMemberForm()
        context["invitations"] = organisation.invitations.pending().select_related(
            "invited_by"
        )
    return render(
        request,
        "contributions/organisation_members.html",
        context,
        status=400 if form is not None else 200,
    )


@login_required
@require_POST
def invite_member(request, organisation_id):
    membership = membership_or_404(request.user, organisation_id)
    if not membership.is_focal_point:
        raise PermissionDenied
    form = InviteMemberForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invite(
                actor=request.user,
                email=form.cleaned_data["email"],
                organisation=membership.organisation,
                role=form.cleaned_data["role"],
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works for %(days)s days.")
                % {
                    "email": invitation.email,
                    "days": (invitation.expires_at - invitation.created_at).days,
                },
            )
            return redirect("contributions:members", organisation_id=organisation_id)
    return organisation_members(request, organisation_id, form=form)


@login_required
@require_POST
def revoke_invitation(request, organisation_id, invitation_id):
    membership = membership_or_404(request.user, organisation_id)
    if not membership.is_focal_point:
        raise PermissionDenied
    invitation = get_object_or_404(
        Invitation, pk=invitation_id, organisation=membership.organisation
    )
    try:
        services.revoke_invitation(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation for %(email)s was withdrawn.")
            % {"email": invitation.email},
        )
    return redirect("contributions:members", organisation_id=organisation_id)
