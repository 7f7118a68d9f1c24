"""Invitations by e-mail: single-use, expiring, only to where the inviter may invite."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.choices import MembershipRole, StaffRole
from accounts.models import Invitation, Membership, User
from tests.contributions.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long and unusual passphrase"


def invite_url(organisation):
    return f"/contribute/organisations/{organisation.pk}/members/invite/"


def link_from(message):
    match = re.search(r"http://testserver(/accounts/invitations/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def accept_form(first="Ama", last="Asante", password=NEW_PASSWORD, again=None):
    return {
        "first_name": first,
        "last_name": last,
        "password1": password,
        "password2": again or password,
    }


@pytest.fixture
def sent_invitation(client, focal_point, ghana, django_capture_on_commit_callbacks):
    """A focal point of Ghana has invited ama@example.net as a contributor."""
    client.force_login(focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(ghana), {"email": "Ama@Example.net", "role": "contributor"}
        )
    assert response.status_code == 302
    client.logout()
    return Invitation.objects.get(email="ama@example.net"), link_from(mail.outbox[-1])


def test_focal_point_invites_and_the_invitee_sets_a_password(
    client, sent_invitation, ghana
):
    invitation, link = sent_invitation
    assert mail.outbox[-1].to == ["ama@example.net"]
    assert "Ghana as contributor" in mail.outbox[-1].subject

    page = client.get(link)
    assert page.status_code == 200
    assert "ama@example.net" in page.content.decode()

    response = client.post(link, accept_form())
    assert response.status_code == 302
    assert response["Location"] == "/contribute/"
    user = User.objects.get(email="ama@example.net")
    assert user.check_password(NEW_PASSWORD)
    assert user.get_full_name() == "Ama Asante"
    assert Membership.objects.get(user=user, organisation=ghana).role == (
        MembershipRole.CONTRIBUTOR
    )
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(invitation.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "contributions.invitation.send",
        "contributions.invitation.accept",
    }


def test_a_used_invitation_gets_a_clear_page(client, sent_invitation):
    _invitation, link = sent_invitation
    client.post(link, accept_form())
    client.logout()

    again = client.get(link)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert client.post(link, accept_form(first="Someone else")).status_code == 410
    assert User.objects.get(email="ama@example.net").first_name == "Ama"


def test_an_expired_invitation_gets_a_clear_page(client, sent_invitation):
    invitation, link = sent_invitation
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()

    response = client.post(link, accept_form())
    assert response.status_code == 410
    assert "expired on" in response.content.decode()
    assert not User.objects.filter(email="ama@example.net").exists()


def test_invitations_expire_after_seven_days_by_default(sent_invitation):
    invitation, _link = sent_invitation
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_a_tampered_token_gets_a_clear_page(client, sent_invitation):
    _invitation, link = sent_invitation
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = link.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))

    response = client.post(tampered, accept_form())
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert not User.objects.filter(email="ama@example.net").exists()


def test_only_a_hash_of_the_token_is_stored(sent_invitation):
    invitation, link = sent_invitation
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash
    assert invitation.token_hash == Invitation.hash_token(token)


def test_mismatched_or_weak_passwords_are_refused_next_to_their_field(
    client, sent_invitation
):
    _invitation, link = sent_invitation
    mismatch = client.post(link, accept_form(again="something different entirely"))
    assert "The two passwords are not the same." in mismatch.content.decode()

    weak = client.post(link, accept_form(password="12345678"))
    body = weak.content.decode()
    assert weak.status_code == 200
    assert "too common" in body or "too short" in body
    assert not User.objects.filter(email="ama@example.net").exists()


def test_focal_point_withdraws_a_pending_invitation(
    client, sent_invitation, focal_point, ghana
):
    invitation, link = sent_invitation
    client.force_login(focal_point)
    response = client.post(
        f"/contribute/organisations/{ghana.pk}/invitations/{invitation.pk}/revoke/"
    )
    assert response.status_code == 302
    client.logout()
    refused = client.get(link)
    assert refused.status_code == 410
    assert "withdrawn" in refused.content.decode()


def test_another_organisations_focal_point_cannot_withdraw_it(
    client, sent_invitation, other_focal_point, ghana, denmark
):
    invitation, _link = sent_invitation
    client.force_login(other_focal_point)
    for organisation in (ghana, denmark):
        response = client.post(
            f"/contribute/organisations/{organisation.pk}/invitations/"
            f"{invitation.pk}/revoke/"
        )
        assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@pytest.mark.parametrize("role", ["contributor", "observer"])
def test_only_focal_points_invite(client, request, role, ghana):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        invite_url(ghana), {"email": "x@example.net", "role": "contributor"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_focal_point_cannot_invite_to_another_organisation(
    client, other_focal_point, ghana
):
    client.force_login(other_focal_point)
    response = client.post(
        invite_url(ghana), {"email": "x@example.net", "role": "focal-point"}
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_forged_organisation_and_staff_group_fields_are_ignored(
    client, focal_point, ghana, denmark
):
    client.force_login(focal_point)
    administrators = Group.objects.get(name=StaffRole.ADMINISTRATOR)
    client.post(
        invite_url(ghana),
        {
            "email": "x@example.net",
            "role": "contributor",
            "organisation": denmark.pk,
            "staff_group": administrators.pk,
        },
    )
    invitation = Invitation.objects.get()
    assert invitation.organisation == ghana
    assert invitation.staff_group is None


def test_an_unknown_role_is_refused_with_a_message(client, focal_point, ghana):
    client.force_login(focal_point)
    response = client.post(
        invite_url(ghana), {"email": "x@example.net", "role": "administrator"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_is_refused_with_a_message(
    client, focal_point, contributor, ghana
):
    client.force_login(focal_point)
    response = client.post(
        invite_url(ghana), {"email": contributor.email, "role": "observer"}
    )
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_someone_with_an_account_accepts_by_signing_in(
    client, focal_point, other_focal_point, ghana, django_capture_on_commit_callbacks
):
    """Denmark's focal point is invited to Ghana too; no second account is made."""
    client.force_login(focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            invite_url(ghana), {"email": other_focal_point.email, "role": "observer"}
        )
    link = link_from(mail.outbox[-1])
    client.logout()

    anonymous = client.get(link)
    assert "Sign in with it" in anonymous.content.decode()
    assert client.post(link).status_code == 409

    client.force_login(UserFactory())
    assert client.post(link).status_code == 409
    assert not other_focal_point.memberships.filter(organisation=ghana).exists()

    client.force_login(other_focal_point)
    assert client.post(link).status_code == 302
    assert other_focal_point.memberships.get(organisation=ghana).role == "observer"
    assert User.objects.filter(email=other_focal_point.email).count() == 1


def test_administrator_invites_to_a_staff_group_from_the_admin(
    client, administrator, django_capture_on_commit_callbacks
):
    reviewers = Group.objects.get(name=StaffRole.REVIEWER)
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/invitations/new/",
            {"email": "new.reviewer@un.example", "staff_group": reviewers.pk},
        )
    assert response.status_code == 302
    link = link_from(mail.outbox[-1])
    client.logout()

    client.post(link, accept_form(first="Noor", last="Rahman"))
    user = User.objects.get(email="new.reviewer@un.example")
    assert list(user.groups.all()) == [reviewers]
    # In the admin as soon as they set up their second factor.
    assert client.get("/admin/")["Location"].startswith("/accounts/two-factor/")


def test_administrator_invites_to_any_organisation_from_the_admin(
    client, administrator, denmark, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/invitations/new/",
            {
                "email": "focal@denmark.example",
                "organisation": denmark.pk,
                "role": "focal-point",
            },
        )
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role) == (denmark, "focal-point")
    assert mail.outbox[-1].to == ["focal@denmark.example"]


def test_admin_invitation_to_both_an_organisation_and_a_group_is_refused(
    client, administrator, denmark
):
    client.force_login(administrator)
    response = client.post(
        "/admin/invitations/new/",
        {
            "email": "x@example.net",
            "organisation": denmark.pk,
            "role": "contributor",
            "staff_group": Group.objects.get(name=StaffRole.ADMINISTRATOR).pk,
        },
    )
    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["reviewer", "publisher"])
def test_other_staff_cannot_send_invitations(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        "/admin/invitations/new/",
        {
            "email": "x@example.net",
            "staff_group": Group.objects.get(name=StaffRole.ADMINISTRATOR).pk,
        },
    )
    # Wagtail's refusal: back to the dashboard with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Invitation.objects.exists()
    assert mail.outbox == []
