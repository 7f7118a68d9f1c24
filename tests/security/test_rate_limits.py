"""Limits on what anyone can make the site do: password-reset e-mails per address
and per client, invitations per inviting person and per address, and the
open-data API per client. Counted in the (here local-memory) cache, which every
test starts empty."""

import logging

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from accounts.models import Invitation
from compendium.settings.base import env_rate
from tests.contributions.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
ADMIN_RESET = "/admin/password_reset/"


@pytest.fixture
def limits(settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = "3/h"
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = "100/h"
    settings.INVITATION_LIMIT_PER_INVITER = "100/h"
    settings.INVITATION_LIMIT_PER_ADDRESS = "100/d"
    return settings


def ask_reset(client, email, url=RESET, client_address="192.0.2.1"):
    return client.post(url, {"email": email}, REMOTE_ADDR=client_address)


def test_twenty_resets_in_a_row_send_only_the_limit(client, contributor, limits):
    answers = {
        (response.status_code, response["Location"])
        for response in (ask_reset(client, contributor.email) for _ in range(20))
    }
    assert len(mail.outbox) == 3
    # Every answer is the same, limited or not.
    assert answers == {(302, "/accounts/password/reset/sent/")}


def test_the_limit_per_address_holds_however_the_address_is_typed(
    client, contributor, limits
):
    for typed in [
        contributor.email,
        contributor.email.upper(),
        f"  {contributor.email} ",
        contributor.email.title(),
    ]:
        ask_reset(client, typed)
    assert len(mail.outbox) == 3


def test_the_limit_per_address_holds_across_clients(client, contributor, limits):
    for number in range(6):
        ask_reset(client, contributor.email, client_address=f"198.51.100.{number}")
    assert len(mail.outbox) == 3


def test_the_limit_per_client_holds_across_addresses(client, limits):
    limits.PASSWORD_RESET_LIMIT_PER_CLIENT = "2/h"
    people = UserFactory.create_batch(5)
    for person in people:
        assert ask_reset(client, person.email).status_code == 302
    assert len(mail.outbox) == 2

    # Another client is counted on its own.
    ask_reset(client, people[-1].email, client_address="203.0.113.9")
    assert [message.to for message in mail.outbox][-1] == [people[-1].email]
    assert len(mail.outbox) == 3


def test_requests_for_unknown_addresses_count_against_the_client(
    client, contributor, limits
):
    limits.PASSWORD_RESET_LIMIT_PER_CLIENT = "3/h"
    for number in range(3):
        ask_reset(client, f"nobody{number}@example.net")
    ask_reset(client, contributor.email)
    assert mail.outbox == []


def test_a_limited_reset_is_logged_not_shown(client, contributor, limits, caplog):
    limits.PASSWORD_RESET_LIMIT_PER_ADDRESS = "1/h"
    first = ask_reset(client, contributor.email)
    with caplog.at_level(logging.WARNING, logger="accounts.limits"):
        second = ask_reset(client, contributor.email)
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 1
    assert any(
        contributor.email in record.getMessage() and "1/h" in record.getMessage()
        for record in caplog.records
    )


def test_the_admins_reset_page_counts_in_the_same_limits(client, contributor, limits):
    limits.PASSWORD_RESET_LIMIT_PER_ADDRESS = "2/h"
    ask_reset(client, contributor.email)
    ask_reset(client, contributor.email)
    response = ask_reset(client, contributor.email, url=ADMIN_RESET)
    assert response.status_code == 302
    assert len(mail.outbox) == 2

    limits.PASSWORD_RESET_LIMIT_PER_ADDRESS = "100/h"
    limits.PASSWORD_RESET_LIMIT_PER_CLIENT = "1/h"
    other = UserFactory()
    ask_reset(client, other.email, url=ADMIN_RESET, client_address="203.0.113.7")
    ask_reset(client, other.email, url=ADMIN_RESET, client_address="203.0.113.7")
    assert len(mail.outbox) == 3


def invite(client, organisation, email):
    return client.post(
        f"/contribute/organisations/{organisation.pk}/members/invite/",
        {"email": email, "role": "contributor"},
    )


def test_an_inviter_past_the_limit_is_refused_with_a_message(
    client, focal_point, ghana, limits, django_capture_on_commit_callbacks
):
    limits.INVITATION_LIMIT_PER_INVITER = "3/h"
    client.force_login(focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            invite(client, ghana, f"person{number}@example.org").status_code
            for number in range(3)
        ]
        refused = invite(client, ghana, "person3@example.org")
    assert statuses == [302, 302, 302]
    assert refused.status_code == 400
    assert "as many invitations as may be sent for now" in refused.content.decode()
    assert Invitation.objects.count() == 3
    assert len(mail.outbox) == 3

    # Another focal point still may invite.
    colleague = MembershipFactory(organisation=ghana, focal_point=True).user
    client.force_login(colleague)
    assert invite(client, ghana, "person3@example.org").status_code == 302


def test_an_address_invited_too_often_is_refused_whoever_invites(
    client,
    focal_point,
    ghana,
    other_focal_point,
    denmark,
    limits,
    django_capture_on_commit_callbacks,
):
    limits.INVITATION_LIMIT_PER_ADDRESS = "2/d"
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(focal_point)
        assert invite(client, ghana, "Ama@Example.net").status_code == 302
        client.force_login(other_focal_point)
        assert invite(client, denmark, " AMA@example.NET ").status_code == 302
        refused = invite(client, denmark, "ama@example.net")
    assert refused.status_code == 400
    assert "ama@example.net has been invited too often recently" in (
        refused.content.decode()
    )
    assert Invitation.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_refused_invitation_spends_nothing_of_the_limits(
    client, focal_point, contributor, ghana, limits
):
    limits.INVITATION_LIMIT_PER_INVITER = "1/h"
    client.force_login(focal_point)
    # Already a member: refused before any limit is counted.
    assert invite(client, ghana, contributor.email).status_code == 400
    assert invite(client, ghana, "new.person@example.org").status_code == 302


@pytest.fixture
def api_limit(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"open_data": "3/m"},
    }


def test_the_api_answers_429_with_retry_after_past_its_rate(client, api_limit):
    statuses = [client.get("/api/v1/").status_code for _ in range(3)]
    limited = client.get("/api/v1/taxonomy/")

    assert statuses == [200, 200, 200]
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/json"
    wait = int(limited["Retry-After"])
    assert 0 < wait <= 60
    body = limited.json()
    assert body["retry_after"] == wait
    assert f"Try again in {wait} second" in body["detail"]


def test_the_api_counts_each_client_on_its_own(client, api_limit):
    for _ in range(3):
        client.get("/api/v1/", REMOTE_ADDR="192.0.2.10")
    assert client.get("/api/v1/", REMOTE_ADDR="192.0.2.10").status_code == 429
    assert client.get("/api/v1/", REMOTE_ADDR="192.0.2.11").status_code == 200


def test_a_forwarded_for_header_does_not_escape_the_api_limit(client, api_limit):
    for number in range(3):
        client.get("/api/v1/", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    response = client.get("/api/v1/schema/", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_the_api_rate_comes_from_settings(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["open_data"] == (
        settings.API_LIMIT_PER_CLIENT
    )


def test_limits_can_be_set_from_the_environment_and_are_checked(monkeypatch):
    monkeypatch.setenv("API_LIMIT_PER_CLIENT", " 600/m ")
    assert env_rate("API_LIMIT_PER_CLIENT", "120/m") == "600/m"
    monkeypatch.delenv("API_LIMIT_PER_CLIENT")
    assert env_rate("API_LIMIT_PER_CLIENT", "120/m") == "120/m"
    monkeypatch.setenv("API_LIMIT_PER_CLIENT", "120 per minute")
    with pytest.raises(ImproperlyConfigured, match="API_LIMIT_PER_CLIENT"):
        env_rate("API_LIMIT_PER_CLIENT", "120/m")
