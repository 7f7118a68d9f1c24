"""Sign-in by e-mail, throttling, passwords: /accounts/."""

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.contributions.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def without_csrf(response):
    return CSRF.sub("", response.content.decode())


def test_member_signs_in_with_email_and_lands_in_the_portal(client, contributor):
    response = sign_in(client, contributor.email)
    assert response.status_code == 302
    assert response["Location"] == "/contribute/"


def test_staff_sign_in_lands_in_the_admin(client, reviewer):
    response = sign_in(client, reviewer.email)
    assert response["Location"] == "/admin/"


def test_email_is_matched_whatever_its_capitalisation(client, contributor):
    response = sign_in(client, contributor.email.upper())
    assert response.status_code == 302


def test_safe_next_is_followed_and_foreign_next_is_not(client, contributor):
    assert sign_in(client, contributor.email, next="/about/")["Location"] == "/about/"
    client.logout()
    response = sign_in(client, contributor.email, next="https://evil.example/")
    assert response["Location"] == "/contribute/"


def test_unknown_email_answers_exactly_like_a_wrong_password(client, contributor):
    wrong_password = sign_in(client, contributor.email, "not the password")
    unknown_email = sign_in(client, "nobody@example.net", "not the password")
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert "do not match an account" in wrong_password.content.decode()
    assert without_csrf(wrong_password).replace(
        contributor.email, "nobody@example.net"
    ) == without_csrf(unknown_email)


def test_inactive_account_answers_like_a_wrong_password(client):
    user = UserFactory(is_active=False)
    response = sign_in(client, user.email)
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_from_that_client_with_a_clear_message(
    client, contributor
):
    for _attempt in range(4):
        assert sign_in(client, contributor.email, "wrong").status_code == 200
    locked = sign_in(client, contributor.email, "wrong")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Sign-in temporarily locked" in body
    assert "15 minutes" in body

    # Even the right password is refused while the lock lasts.
    assert sign_in(client, contributor.email).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_lock_colleagues_on_the_same_connection(
    client, contributor, observer
):
    for _attempt in range(5):
        sign_in(client, contributor.email, "wrong")
    assert sign_in(client, observer.email).status_code == 302


def test_password_reset_for_unknown_email_answers_like_a_known_one(client, contributor):
    known = client.post("/accounts/password/reset/", {"email": contributor.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.net"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [message.to for message in mail.outbox] == [[contributor.email]]


def reset_password_by_email(client, user, new_password):
    """Ask for a reset, follow the e-mailed link and set the new password."""
    client.post("/accounts/password/reset/", {"email": user.email})
    body = mail.outbox[-1].body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", body)
    assert link, body
    form_page = client.get(link.group(1), follow=True)
    assert "Set a new password" in form_page.content.decode()
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )


def test_password_reset_link_sets_a_new_password(client, contributor):
    done = reset_password_by_email(client, contributor, "a fresh and long passphrase")
    assert done.status_code == 302
    contributor.refresh_from_db()
    assert contributor.check_password("a fresh and long passphrase")


def test_setting_a_new_password_by_email_lifts_the_lockout(client, contributor):
    for _attempt in range(5):
        sign_in(client, contributor.email.upper(), "wrong")
    assert sign_in(client, contributor.email.upper()).status_code == 429

    reset_password_by_email(client, contributor, "a fresh and long passphrase")
    assert (
        sign_in(client, contributor.email, "a fresh and long passphrase").status_code
        == 302
    )


def test_password_change_applies_the_password_validators(client, contributor):
    client.force_login(contributor)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "too short" in body
    assert "entirely numeric" in body
    contributor.refresh_from_db()
    assert contributor.check_password(PASSWORD)


def test_password_change_needs_sign_in(client):
    response = client.get("/accounts/password/change/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_sign_out_is_a_post_and_ends_the_session(client, contributor):
    client.force_login(contributor)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_sign_in_page_is_styled_like_the_site(client):
    body = client.get(LOGIN).content.decode()
    assert 'class="skip-link"' in body
    assert "R2P Compendium of Practice" in body
    assert 'type="email"' in body


def test_email_addresses_are_unique_whatever_their_capitalisation():
    User.objects.create_user("Someone@Example.org", "x-long-password")
    assert User.objects.get(email="someone@example.org")
    with pytest.raises(Exception):  # noqa: B017 the database refuses it
        User.objects.create_user("SOMEONE@example.org", "x-long-password")
