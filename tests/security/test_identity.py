"""One account per e-mail address, whatever its case or surrounding spaces: at
sign-in, in the sign-in lockout, the admin's user forms, the database,
invitations, password resets, the import command and the migration that
normalises stored addresses."""

import importlib
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse
from wagtail.users.forms import UserCreationForm, UserEditForm

from accounts.identity import (
    EmailCollisionError,
    axes_username,
    email_collisions,
    normalise_email,
)
from accounts.models import Invitation, Membership, User
from tests.contributions.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADDRESS = "Focal.Ghana@Example.org"
TYPED_AGAIN = [
    "focal.ghana@example.org",
    "FOCAL.GHANA@EXAMPLE.ORG",
    " Focal.Ghana@Example.org ",
    "fOcAl.gHaNa@eXaMpLe.OrG",
    "\tfocal.ghana@EXAMPLE.org  ",
]
migration = importlib.import_module("accounts.migrations.0006_email_identity")


@pytest.fixture
def focal(ghana):
    """Ghana's focal point, whose address was typed with capitals."""
    return MembershipFactory(
        organisation=ghana, focal_point=True, user__email=ADDRESS
    ).user


def sign_in(client, email, password=PASSWORD, url=LOGIN):
    return client.post(url, {"username": email, "password": password})


def test_accounts_are_stored_by_the_normalised_address(focal):
    assert focal.email == "focal.ghana@example.org"
    assert User.objects.create_user("  New.Person@Example.ORG ").email == (
        "new.person@example.org"
    )
    assert normalise_email(" Ama@Example.NET\n") == "ama@example.net"


@pytest.mark.parametrize("typed", [" Focal.Ghana@Example.org ", *TYPED_AGAIN])
def test_sign_in_works_whatever_the_case_and_spaces(client, focal, typed):
    response = sign_in(client, typed)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(focal.pk)


def test_the_lockout_holds_whatever_the_case_and_spaces(client, focal):
    for typed in TYPED_AGAIN:
        sign_in(client, typed, "not the password")

    # The fifth failure locks the address, however the next attempt writes it.
    for typed in [ADDRESS, " FOCAL.GHANA@example.ORG "]:
        response = sign_in(client, typed)
        assert response.status_code == 429
        assert "Sign-in temporarily locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [
        "focal.ghana@example.org"
    ]


def test_the_lockout_holds_at_the_admins_sign_in_too(client, focal):
    for typed in TYPED_AGAIN:
        sign_in(client, typed, "not the password")
    response = sign_in(client, "FOCAL.ghana@example.org", url="/admin/login/")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_axes_counts_failures_against_the_normalised_address():
    request = RequestFactory().post(LOGIN, {"username": " Ama@Example.NET "})
    assert axes_username(request) == "ama@example.net"
    assert axes_username(request, {"username": "AMA@example.net"}) == (
        "ama@example.net"
    )
    assert axes_username(RequestFactory().post(LOGIN, {})) is None


def admin_form_data(email, **extra):
    return {
        "email": email,
        "first_name": "Kofi",
        "last_name": "Mensah",
        "password1": "a long and unusual passphrase",
        "password2": "a long and unusual passphrase",
        **extra,
    }


@pytest.mark.parametrize("typed", TYPED_AGAIN)
def test_the_admins_user_form_refuses_an_address_differing_by_case(focal, typed):
    form = UserCreationForm(data=admin_form_data(typed))
    assert not form.is_valid()
    # Wagtail's own message for the very same address, the model's otherwise;
    # either way one message, on the address.
    assert len(form.errors["email"]) == 1
    assert "exists" in form.errors["email"][0]
    assert User.objects.count() == 1


def test_the_admins_edit_form_refuses_taking_anothers_address(focal):
    other = UserFactory()
    form = UserEditForm(
        data=admin_form_data("FOCAL.GHANA@EXAMPLE.ORG", password1="", password2=""),
        instance=other,
    )
    assert not form.is_valid()
    assert "email" in form.errors
    other.refresh_from_db()
    assert other.email != focal.email


def test_the_admins_user_form_stores_the_normalised_address(db):
    form = UserCreationForm(data=admin_form_data("  Kofi.Mensah@Example.ORG "))
    assert form.is_valid(), form.errors
    assert form.save().email == "kofi.mensah@example.org"


def test_the_admin_refuses_a_second_account_differing_by_case(client, focal):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        reverse("wagtailusers_users:add"), admin_form_data(ADDRESS.upper())
    )
    assert response.status_code == 200
    assert "An account with this e-mail address exists." in response.content.decode()
    assert not User.objects.filter(first_name="Kofi").exists()


def test_the_database_refuses_a_second_account_differing_by_case(focal):
    # bulk_create bypasses the model's own normalisation: the database decides.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="FOCAL.GHANA@EXAMPLE.ORG")])
    assert User.objects.with_email(ADDRESS).count() == 1


def test_accounts_are_found_by_any_form_of_their_address(focal):
    for typed in TYPED_AGAIN:
        assert User.objects.get_by_natural_key(typed) == focal
        assert list(User.objects.with_email(typed)) == [focal]


def test_an_invitation_to_a_capitalised_address_joins_the_existing_account(
    client, focal, denmark, other_focal_point, django_capture_on_commit_callbacks
):
    client.force_login(other_focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/contribute/organisations/{denmark.pk}/members/invite/",
            {"email": " FOCAL.GHANA@EXAMPLE.ORG ", "role": "contributor"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "focal.ghana@example.org"
    assert mail.outbox[-1].to == ["focal.ghana@example.org"]
    link = re.search(
        r"http://testserver(/accounts/invitations/\S+/)", mail.outbox[-1].body
    )

    client.force_login(focal)
    page = client.get(link.group(1))
    assert page.context["has_account"]
    assert page.context["signed_in_as_invitee"]
    assert client.post(link.group(1)).status_code == 302

    assert User.objects.count() == 2
    assert Membership.objects.filter(organisation=denmark, user=focal).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == focal


def test_inviting_a_member_again_in_capitals_is_refused(client, focal, ghana):
    other = MembershipFactory(organisation=ghana, focal_point=True).user
    client.force_login(other)
    response = client.post(
        f"/contribute/organisations/{ghana.pk}/members/invite/",
        {"email": "FOCAL.GHANA@example.org", "role": "contributor"},
    )
    assert response.status_code == 400
    assert "is already a member" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("url", ["/accounts/password/reset/", "/admin/password_reset/"])
def test_a_reset_for_a_differently_typed_address_sends_one_mail_to_the_account(
    client, focal, url
):
    response = client.post(url, {"email": " FOCAL.GHANA@EXAMPLE.ORG "})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["focal.ghana@example.org"]]


def test_setting_a_new_password_by_email_lifts_a_lockout_typed_otherwise(client, focal):
    for typed in TYPED_AGAIN:
        sign_in(client, typed, "not the password")
    client.post("/accounts/password/reset/", {"email": ADDRESS})
    link = re.search(
        r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[-1].body
    )
    form_page = client.get(link.group(1), follow=True)
    new_password = "a fresh and long passphrase"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, " FOCAL.GHANA@example.org", new_password).status_code == 302


def test_the_import_command_finds_the_person_named_however_typed(capsys, reviewer):
    files = Path(__file__).resolve().parent.parent / "contributions" / "files"
    call_command(
        "import_entries",
        str(files / "imports" / "entries.csv"),
        "--dry-run",
        "--user",
        f"  {reviewer.email.upper()} ",
    )
    assert "Would import 3 rows" in capsys.readouterr().out


def test_collisions_name_every_address_sharing_one_identity():
    assert email_collisions(
        ["Ama@Example.net", "kofi@example.net", " ama@example.net", "AMA@EXAMPLE.NET"]
    ) == [[" ama@example.net", "AMA@EXAMPLE.NET", "Ama@Example.net"]]
    assert email_collisions(["ama@example.net", "kofi@example.net"]) == []


def test_the_migration_stops_and_names_both_addresses_of_a_collision(focal):
    # Stored before addresses were normalised: only a space tells them apart,
    # which the case-insensitive index allows.
    twin = UserFactory()
    User.objects.filter(pk=twin.pk).update(email=" focal.ghana@example.org")
    legacy = UserFactory()
    User.objects.filter(pk=legacy.pk).update(email="Legacy@Example.org")

    with pytest.raises(EmailCollisionError) as raised:
        migration.normalise_stored_addresses(apps, None)

    message = str(raised.value)
    assert "'focal.ghana@example.org'" in message
    assert "' focal.ghana@example.org'" in message
    assert raised.value.collisions == [
        [" focal.ghana@example.org", "focal.ghana@example.org"]
    ]
    # Nothing was changed, not even the rows that did not collide.
    assert User.objects.get(pk=legacy.pk).email == "Legacy@Example.org"
    assert User.objects.get(pk=twin.pk).email == " focal.ghana@example.org"


def test_the_migration_normalises_stored_addresses_without_collisions(focal, ghana):
    legacy = UserFactory()
    User.objects.filter(pk=legacy.pk).update(email="  Legacy@Example.org ")
    invitation = Invitation.objects.create(
        email="Someone@Example.NET",
        organisation=ghana,
        role="contributor",
        token_hash="x" * 64,
        expires_at="2100-01-01T00:00:00Z",
    )

    migration.normalise_stored_addresses(apps, None)

    assert User.objects.get(pk=legacy.pk).email == "legacy@example.org"
    assert User.objects.get(pk=focal.pk).email == "focal.ghana@example.org"
    invitation.refresh_from_db()
    assert invitation.email == "someone@example.net"
