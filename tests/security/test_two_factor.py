"""Two-factor sign-in: staff set up an authenticator app at their first sign-in
on every way in and give its code at each sign-in after; recovery codes work
once; wrong codes count toward the lockout; administrators reset a lost device;
members may opt in."""

import re
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from accounts import two_factor
from tests.contributions.factories import PASSWORD
from tests.second_factor import authenticator_app, code_for_key, current_code

pytestmark = [pytest.mark.django_db, pytest.mark.real_second_factor]

TWO_FACTOR = "/accounts/two-factor/"
CODES = "/accounts/two-factor/recovery-codes/"
NEW_PASSWORD = "a fresh long passphrase"


def sign_in(client, email, password=PASSWORD, door="/accounts/login/"):
    return client.post(door, {"username": email, "password": password})


def give_code(client, code, next_url=""):
    return client.post(TWO_FACTOR, {"code": code, "next": next_url})


def recovery_codes_of(user, count=10):
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [StaticToken.random_token() for _number in range(count)]
    for code in codes:
        device.token_set.create(token=code)
    return codes


def wait_out_the_throttle():
    """After a wrong code, django-otp takes no code from the device for a second
    (then 2, 4, 8… after more in a row)."""
    time.sleep(1.1)


def is_sent_to_two_factor(response):
    return response.status_code == 302 and response["Location"].startswith(TWO_FACTOR)


# Enrolment at first sign-in, on each way in.


@pytest.mark.parametrize("door", ["/accounts/login/", "/admin/login/"])
def test_a_new_reviewer_sets_up_an_app_at_first_sign_in_on_either_door(
    client, reviewer, door
):
    response = sign_in(client, reviewer.email, door=door)
    assert response.status_code == 302
    admin = client.get("/admin/")
    assert is_sent_to_two_factor(admin)

    page = client.get(admin["Location"])
    html = page.content.decode()
    assert "Set up two-factor sign-in" in html
    assert "<svg" in html and "qrline" in html  # the QR code, drawn in the page
    device = TOTPDevice.objects.get(user=reviewer)
    assert not device.confirmed
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', html).group(1)
    from base64 import b32decode

    assert b32decode(secret.replace(" ", "")) == device.bin_key


def test_enrolment_confirms_the_app_shows_recovery_codes_once_and_opens_the_admin(
    client, reviewer
):
    sign_in(client, reviewer.email)
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=reviewer)

    response = client.post(
        TWO_FACTOR + "?next=/admin/", {"code": "000000", "next": "/admin/"}
    )
    if response.status_code == 302:  # one chance in a million that 000000 is right
        pytest.skip("000000 happened to be the code")
    assert response.status_code == 400
    assert "did not match" in response.content.decode()
    wait_out_the_throttle()

    response = client.post(
        TWO_FACTOR, {"code": current_code(device), "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(CODES)
    device.refresh_from_db()
    assert device.confirmed

    codes_page = client.get(response["Location"])
    codes = StaticToken.objects.filter(device__user=reviewer)
    assert codes.count() == 10
    for code in codes:
        assert code.token in codes_page.content.decode()
    download = client.get(reverse("two_factor_recovery_codes_download"))
    assert download["Content-Disposition"].startswith("attachment")
    assert all(code.token in download.content.decode() for code in codes)

    kept = client.post(CODES, {"next": "/admin/"})
    assert kept["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # Shown once: neither the codes nor the key are shown again.
    assert client.get(CODES)["Location"] == TWO_FACTOR
    assert client.get(reverse("two_factor_recovery_codes_download")).status_code == 404
    manage = client.get(TWO_FACTOR).content.decode()
    assert "two-factor-secret" not in manage
    assert "10 unused recovery codes" in manage


def test_a_foreign_next_address_is_not_followed(client, reviewer):
    device = authenticator_app(reviewer)
    sign_in(client, reviewer.email)
    response = give_code(client, current_code(device), "https://elsewhere.example/")
    assert response["Location"] == "/admin/"


# Signing in with the second factor.


def test_staff_give_the_apps_code_after_the_password_at_each_sign_in(client, reviewer):
    device = authenticator_app(reviewer)
    sign_in(client, reviewer.email)
    admin = client.get("/admin/notifications/")
    assert is_sent_to_two_factor(admin)
    page = client.get(admin["Location"]).content.decode()
    assert "Type the six-digit code" in page
    assert "two-factor-secret" not in page

    response = give_code(client, current_code(device), "/admin/notifications/")
    assert response["Location"] == "/admin/notifications/"
    assert client.get("/admin/notifications/").status_code == 200

    client.post("/accounts/logout/")
    sign_in(client, reviewer.email, door="/admin/login/")
    assert is_sent_to_two_factor(client.get("/admin/"))


def test_a_superuser_without_a_staff_group_gives_a_second_factor_too(client, superuser):
    sign_in(client, superuser.email)
    assert is_sent_to_two_factor(client.get("/admin/"))


def test_a_new_password_set_by_email_still_asks_for_the_second_factor(client, reviewer):
    authenticator_app(reviewer)
    client.post("/accounts/password/reset/", {"email": reviewer.email})
    link = re.search(
        r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[-1].body
    ).group(1)
    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "a fresh long passphrase",
            "new_password2": "a fresh long passphrase",
        },
    )
    assert done.status_code == 302
    # The reset signs nobody in; signing in with the new password asks the code.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")

    sign_in(client, reviewer.email, NEW_PASSWORD)
    assert is_sent_to_two_factor(client.get("/admin/"))


def test_a_recovery_code_signs_in_once(client, reviewer):
    authenticator_app(reviewer)
    codes = recovery_codes_of(reviewer)
    sign_in(client, reviewer.email)
    response = give_code(client, codes[0].upper(), "/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=reviewer).count() == 9

    client.post("/accounts/logout/")
    sign_in(client, reviewer.email)
    again = give_code(client, codes[0])
    assert again.status_code == 400
    assert "did not work" in again.content.decode()
    assert is_sent_to_two_factor(client.get("/admin/"))


def test_new_recovery_codes_replace_the_old_ones(client, reviewer):
    device = authenticator_app(reviewer)
    old = recovery_codes_of(reviewer)
    sign_in(client, reviewer.email)
    give_code(client, old[0])
    response = client.post(reverse("two_factor_recovery_codes_new"))
    assert response["Location"].startswith(CODES)
    new = set(
        StaticToken.objects.filter(device__user=reviewer).values_list(
            "token", flat=True
        )
    )
    assert len(new) == 10 and not new & set(old)
    # The session verified by an old code stays verified.
    assert client.get("/admin/").status_code == 200
    assert device.pk == authenticator_app(reviewer).pk


# Wrong codes and the lockout.


def test_five_wrong_codes_lock_the_account_like_five_wrong_passwords(client, reviewer):
    authenticator_app(reviewer)
    sign_in(client, reviewer.email)
    for _attempt in range(4):
        assert give_code(client, "12345678").status_code == 400
    locked = give_code(client, "12345678")
    assert locked.status_code == 429
    assert "Sign-in temporarily locked" in locked.content.decode()

    # The half-finished sign-in is over, and the password alone is refused now.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert sign_in(client, reviewer.email).status_code == 429


def test_wrong_passwords_and_wrong_codes_count_together(client, reviewer):
    device = authenticator_app(reviewer)
    for _attempt in range(3):
        sign_in(client, reviewer.email, "not the password")
    # The right password does not clear the count while the code is owed.
    assert sign_in(client, reviewer.email).status_code == 302
    assert AccessAttempt.objects.get().failures_since_start == 3
    assert give_code(client, "not a code").status_code == 400
    assert give_code(client, "still not").status_code == 429
    # The half-finished sign-in is over, and the password alone is refused.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert give_code(client, current_code(device))["Location"].startswith(
        "/accounts/login/"
    )
    assert sign_in(client, reviewer.email).status_code == 429


def test_the_right_code_clears_earlier_failures(client, reviewer):
    device = authenticator_app(reviewer)
    sign_in(client, reviewer.email, "not the password")
    sign_in(client, reviewer.email)
    give_code(client, "00000000")
    assert AccessAttempt.objects.get().failures_since_start == 2
    wait_out_the_throttle()
    assert give_code(client, current_code(device)).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_a_members_correct_password_still_clears_earlier_failures(client, contributor):
    sign_in(client, contributor.email, "not the password")
    sign_in(client, contributor.email)
    assert not AccessAttempt.objects.exists()


# No admin page for a session that has not given its second factor.


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/pages/",
        "/admin/api/main/pages/",
        "/admin/api/main/pages/?child_of=root",
        "/admin/choose-page/",
        "/admin/images/chooser/",
        "/admin/documents/chooser/",
        "/admin/snippets/",
        "/admin/users/",
        "/admin/reports/site-history/",
        "/admin/imports/",
        "/admin/account/",
        "/contribute/",
        "/accounts/password/change/",
    ],
)
def test_an_unverified_staff_session_reaches_no_admin_page(client, administrator, url):
    client.force_login(administrator)  # the password given, not the code
    response = client.get(url)
    assert is_sent_to_two_factor(response)
    assert "next=" in response["Location"]


def test_an_unverified_staff_session_cannot_post_to_the_admin(client, administrator):
    client.force_login(administrator)
    response = client.post("/admin/invitations/new/", {"email": "x@example.org"})
    assert is_sent_to_two_factor(response)
    assert not mail.outbox


def test_an_unverified_staff_session_may_still_sign_out(client, reviewer):
    client.force_login(reviewer)
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


# An administrator resets a lost device.


def verified_client(user):
    client = Client()
    client.force_login(user)
    session = client.session
    two_factor.remember_verified(session, authenticator_app(user))
    session.save()
    return client


def test_an_administrator_resets_a_lost_device_audited_and_ending_sessions(
    administrator, reviewer
):
    admin = verified_client(administrator)
    reviewers_desk = verified_client(reviewer)
    recovery_codes_of(reviewer)
    assert reviewers_desk.get("/admin/").status_code == 200

    listing = admin.get("/admin/users/").content.decode()
    reset_url = reverse("two_factor_reset", args=[reviewer.pk])
    assert reset_url in listing
    confirm = admin.get(reset_url)
    assert confirm.status_code == 200
    assert reviewer.email in confirm.content.decode()

    done = admin.post(reset_url)
    assert done["Location"] == reverse("wagtailusers_users:index")
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert not StaticDevice.objects.filter(user=reviewer).exists()
    entry = ModelLogEntry.objects.get(action=two_factor.RESET_ACTION)
    assert entry.user == administrator
    assert entry.object_id == str(reviewer.pk)
    history = admin.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Two-factor sign-in reset" in history

    # Their session is gone: they sign in again and set up a new app.
    assert not [
        session
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(reviewer.pk)
    ]
    assert reviewers_desk.get("/admin/")["Location"].startswith("/admin/login/")
    sign_in(reviewers_desk, reviewer.email)
    page = reviewers_desk.get(TWO_FACTOR).content.decode()
    assert "Set up two-factor sign-in" in page
    # The administrator's own session is untouched.
    assert admin.get("/admin/").status_code == 200


def test_after_a_reset_a_session_kept_outside_the_database_ends_at_its_next_request(
    administrator, reviewer, settings
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    admin = verified_client(administrator)
    reviewers_desk = verified_client(reviewer)
    assert reviewers_desk.get("/admin/").status_code == 200

    admin.post(reverse("two_factor_reset", args=[reviewer.pk]))

    response = reviewers_desk.get("/admin/")
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in reviewers_desk.session


@pytest.mark.parametrize("role", ["reviewer", "publisher"])
def test_reviewers_and_publishers_may_not_reset_a_second_factor(
    request, role, focal_point
):
    client = verified_client(request.getfixturevalue(role))
    authenticator_app(focal_point)
    reset_url = reverse("two_factor_reset", args=[focal_point.pk])
    # Wagtail's answer to a refusal: back to the dashboard, saying so.
    refused = client.get(reset_url, follow=True)
    assert refused.redirect_chain == [("/admin/", 302)]
    assert "do not have permission" in refused.content.decode()
    assert client.post(reset_url)["Location"] == "/admin/"
    assert TOTPDevice.objects.filter(user=focal_point).exists()
    assert not ModelLogEntry.objects.filter(action=two_factor.RESET_ACTION).exists()


def test_members_never_reach_the_reset_screen(contributor, focal_point):
    client = verified_client(contributor)
    authenticator_app(focal_point)
    response = client.post(reverse("two_factor_reset", args=[focal_point.pk]))
    assert response["Location"].startswith("/admin/login/")
    assert TOTPDevice.objects.filter(user=focal_point).exists()


def test_an_administrator_may_not_reset_a_superusers_second_factor(
    administrator, superuser
):
    authenticator_app(superuser)
    client = verified_client(administrator)
    url = reverse("two_factor_reset", args=[superuser.pk])
    assert client.post(url)["Location"] == "/admin/"
    assert url not in client.get("/admin/users/").content.decode()
    assert TOTPDevice.objects.filter(user=superuser).exists()

    boss = verified_client(superuser)
    other = verified_client(administrator)
    assert (
        boss.post(reverse("two_factor_reset", args=[administrator.pk])).status_code
        == 302
    )
    assert other.get("/admin/")["Location"].startswith("/admin/login/")


# Members.


def test_a_member_who_has_not_opted_in_is_never_asked(client, contributor):
    response = sign_in(client, contributor.email)
    assert response["Location"] == "/contribute/"
    assert client.get("/contribute/").status_code == 200
    assert client.get("/contribute/notifications/").status_code == 200
    assert not TOTPDevice.objects.exists()


def test_a_member_opts_in_and_is_asked_from_then_on_and_may_opt_out(
    client, contributor
):
    sign_in(client, contributor.email)
    notifications = client.get("/contribute/notifications/").content.decode()
    assert TWO_FACTOR in notifications
    page = client.get(TWO_FACTOR).content.decode()
    assert "You may protect your account" in page
    device = TOTPDevice.objects.get(user=contributor)
    response = client.post(TWO_FACTOR, {"code": current_code(device), "next": ""})
    assert response["Location"].startswith(CODES)
    assert client.post(CODES)["Location"] == "/contribute/"

    client.post("/accounts/logout/")
    sign_in(client, contributor.email)
    assert is_sent_to_two_factor(client.get("/contribute/"))
    give_code(client, current_code(device))
    assert client.get("/contribute/").status_code == 200

    assert client.post(reverse("two_factor_turn_off")).status_code == 302
    assert not TOTPDevice.objects.filter(user=contributor).exists()
    assert client.get("/contribute/").status_code == 200  # still signed in
    client.post("/accounts/logout/")
    sign_in(client, contributor.email)
    assert client.get("/contribute/").status_code == 200


def test_a_member_who_leaves_setting_up_half_way_is_not_asked(client, contributor):
    sign_in(client, contributor.email)
    client.get(TWO_FACTOR)  # an app not yet confirmed
    client.post("/accounts/logout/")
    sign_in(client, contributor.email)
    assert client.get("/contribute/").status_code == 200


def test_staff_may_not_turn_their_second_factor_off(reviewer):
    client = verified_client(reviewer)
    assert client.post(reverse("two_factor_turn_off")).status_code == 403
    assert TOTPDevice.objects.filter(user=reviewer, confirmed=True).exists()


def test_turning_off_needs_the_second_factor_first(client, contributor):
    authenticator_app(contributor)
    sign_in(client, contributor.email)
    assert client.post(reverse("two_factor_turn_off")).status_code == 403
    assert TOTPDevice.objects.filter(user=contributor).exists()


def test_the_code_the_helper_computes_is_the_apps(reviewer):
    """The tests' stand-in for a phone agrees with django-otp's own TOTP."""
    device = authenticator_app(reviewer)
    assert current_code(device) == f"{TOTP(device.bin_key).token():06d}"


# The demo.


def test_demo_staff_sign_in_with_the_printed_demo_key(client):
    from base64 import b32decode

    from demo.management.commands import seed_demo
    from tests.contributions.factories import UserFactory

    staff = [
        UserFactory(email=email, staff_roles=[role])
        for email, _first, _last, role in seed_demo.STAFF
    ]
    own = TOTPDevice.objects.create(user=staff[1], name="Own phone", confirmed=True)
    command = seed_demo.Command()
    command.seed_second_factors()
    command.seed_second_factors()  # idempotent

    assert TOTPDevice.objects.filter(user=staff[0]).count() == 1
    assert list(TOTPDevice.objects.filter(user=staff[1])) == [own]
    sign_in(client, staff[0].email)
    code = code_for_key(b32decode(seed_demo.DEMO_TOTP_KEY))
    assert give_code(client, code)["Location"] == "/admin/"


def test_staff_find_their_two_factor_page_in_the_admins_account_settings(reviewer):
    client = verified_client(reviewer)
    account = client.get("/admin/account/")
    assert account.status_code == 200
    assert f'href="{TWO_FACTOR}"' in account.content.decode()
    manage = client.get(TWO_FACTOR).content.decode()
    assert "Two-factor sign-in is on" in manage
    assert reverse("two_factor_turn_off") not in manage
