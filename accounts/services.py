"""State changes for organisations' people: inviting, accepting, revoking.

Views call these and nothing else writes memberships from the outside, so the
permission checks and the audit trail live in one place.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts import limits
from accounts.choices import MembershipRole
from accounts.identity import normalise_email
from accounts.models import Invitation, Membership
from compendium.site_address import site_url
from compendium.text import one_line, render_plain


class InvitationProblem(Exception):
    """An invitation link that cannot be used, with a message for its holder."""

    def __init__(self, message, invitation=None):
        super().__init__(message)
        self.message = message
        self.invitation = invitation


def can_invite(actor, *, organisation=None, staff_group=None):
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_administrator:
        return True
    if staff_group is not None or organisation is None:
        return False
    membership = actor.membership_in(organisation)
    return bool(membership and membership.is_focal_point and organisation.active)


def invite(*, actor, email, organisation=None, role="", staff_group=None, request=None):
    """Invite someone to an organisation with a role, or to a staff group.

    Returns the invitation; the e-mail carrying the one-time link is sent once the
    transaction commits.
    """
    if not can_invite(actor, organisation=organisation, staff_group=staff_group):
        raise PermissionDenied
    if (organisation is None) == (staff_group is None):
        raise ValidationError(
            _("Invite either to an organisation or to a staff group.")
        )
    if organisation is not None and role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose a role.")})

    email = normalise_email(email)
    existing = get_user_model().objects.with_email(email).first()
    if existing is not None:
        if organisation is not None and existing.membership_in(organisation):
            raise ValidationError(
                {"email": _("%(email)s is already a member.") % {"email": email}}
            )
        if staff_group is not None and existing.groups.filter(pk=staff_group.pk):
            raise ValidationError(
                {"email": _("%(email)s is already in this group.") % {"email": email}}
            )
    _check_invitation_limits(actor, email)

    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            organisation=organisation,
            role=role if organisation is not None else "",
            staff_group=staff_group,
            token_hash=Invitation.hash_token(token),
            invited_by=actor,
            created_at=now,
            expires_at=now + settings.INVITATION_VALIDITY,
        )
        log(invitation, "contributions.invitation.send", user=actor)
        link = _absolute_url(reverse("accept_invitation", args=[token]), request)
        transaction.on_commit(lambda: _send_invitation(invitation, link))
    return invitation


def _check_invitation_limits(actor, email):
    """Refuse an invitation past the limits per inviting person and per address
    (settings INVITATION_LIMIT_PER_INVITER and INVITATION_LIMIT_PER_ADDRESS)."""
    reached = limits.invitation_limit_reached(actor, email)
    if reached == "inviter":
        raise ValidationError(
            _(
                "You have sent as many invitations as may be sent for now. "
                "Try again later."
            )
        )
    if reached == "address":
        raise ValidationError(
            {
                "email": _(
                    "%(email)s has been invited too often recently. Try again later."
                )
                % {"email": email}
            }
        )


def _absolute_url(path, request=None):
    if request is not None:
        return request.build_absolute_uri(path)
    return site_url(path)


def _send_invitation(invitation, link):
    context = {"invitation": invitation, "link": link}
    send_mail(
        subject=one_line(
            render_plain("contributions/email/invitation_subject.txt", context)
        ),
        message=render_plain("contributions/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def find_invitation(token, *, for_update=False):
    """The usable invitation behind a token, or InvitationProblem saying why not."""
    queryset = Invitation.objects.select_related("organisation", "staff_group")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(token_hash=Invitation.hash_token(token)).first()
    if invitation is None:
        raise InvitationProblem(
            _(
                "This invitation link is not valid. Check that you copied the whole "
                "link from the e-mail, or ask for a new invitation."
            )
        )
    if invitation.accepted_at:
        raise InvitationProblem(
            _("This invitation has already been used. Sign in to continue."),
            invitation,
        )
    if invitation.revoked_at:
        raise InvitationProblem(
            _("This invitation was withdrawn. Ask for a new one if you need access."),
            invitation,
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationProblem(
            _(
                "This invitation expired on %(date)s. Ask the person who invited you "
                "to send a new one."
            )
            % {"date": date_format(timezone.localtime(invitation.expires_at))},
            invitation,
        )
    return invitation


def accept_invitation(*, token, user=None, first_name="", last_name="", password=""):
    """Use an invitation once: create the account if needed and grant the access.

    `user` is the signed-in person when the invited address already has an
    account; otherwise a new account is created with the given password.
    """
    User = get_user_model()
    with transaction.atomic():
        invitation = find_invitation(token, for_update=True)
        account = User.objects.with_email(invitation.email).first()
        if account is not None:
            if user is None or user.pk != account.pk:
                raise InvitationProblem(
                    _(
                        "An account already exists for %(email)s. Sign in with it "
                        "to accept this invitation."
                    )
                    % {"email": invitation.email},
                    invitation,
                )
        else:
            account = User.objects.create_user(
                email=invitation.email,
                password=password,
                first_name=first_name,
                last_name=last_name,
            )

        if invitation.organisation_id:
            Membership.objects.update_or_create(
                organisation=invitation.organisation,
                user=account,
                defaults={"role": invitation.role},
            )
        else:
            account.groups.add(invitation.staff_group)

        invitation.accepted_at = timezone.now()
        invitation.accepted_by = account
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        log(invitation, "contributions.invitation.accept", user=account)
    return account


def revoke_invitation(*, actor, invitation):
    """Withdraw a pending invitation so its link no longer works."""
    if not can_invite(
        actor, organisation=invitation.organisation, staff_group=invitation.staff_group
    ):
        raise PermissionDenied
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise ValidationError(_("Only a pending invitation can be withdrawn."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        log(invitation, "contributions.invitation.revoke", user=actor)
    return invitation
