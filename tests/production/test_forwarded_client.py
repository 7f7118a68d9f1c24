"""Behind Varnish or a CDN, visitors are told apart by the address the trusted
proxy forwards, so one visitor's wrong passwords lock out that visitor, not
everyone; and nobody can choose their own address by writing the header."""

import pytest

from compendium.proxies import client_address, networks
from tests.accounts.test_accounts import LOGIN
from tests.contributions.factories import PASSWORD

VARNISH = "127.0.0.1"
TRUSTED = networks(["127.0.0.1", "10.0.0.0/8"])


def sign_in(client, email, password=PASSWORD, **headers):
    return client.post(LOGIN, {"username": email, "password": password}, **headers)


def meta(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return headers


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # The visitor Varnish was asked by.
        (VARNISH, "203.0.113.7", "203.0.113.7"),
        # What the visitor wrote into the header themselves is never read.
        (VARNISH, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (VARNISH, "not an address, 203.0.113.7", "203.0.113.7"),
        # Through two proxies of ours: a load balancer, then Varnish.
        (VARNISH, "203.0.113.7, 10.1.2.3", "203.0.113.7"),
        (VARNISH, "2001:db8::7", "2001:db8::7"),
        # A header that holds no address leaves the proxy's.
        (VARNISH, "garbage", VARNISH),
        (VARNISH, "", VARNISH),
        (VARNISH, None, VARNISH),
        # A request straight from a visitor: its header is the visitor's word.
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
    ],
)
def test_the_client_is_the_first_address_no_trusted_proxy_holds(
    remote, forwarded, client
):
    assert client_address(meta(remote, forwarded), TRUSTED) == client


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address(meta(VARNISH, "203.0.113.7"), []) == VARNISH


@pytest.mark.django_db
def test_behind_varnish_a_lockout_locks_one_visitor_not_everyone(
    client, contributor, settings
):
    settings.TRUSTED_PROXIES = [VARNISH]
    attacker = {"REMOTE_ADDR": VARNISH, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    owner = {"REMOTE_ADDR": VARNISH, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _attempt in range(5):
        sign_in(client, contributor.email, "wrong", **attacker)
    assert sign_in(client, contributor.email, **attacker).status_code == 429
    # The account's owner, elsewhere, signs in as usual.
    assert sign_in(client, contributor.email, **owner).status_code == 302


@pytest.mark.django_db
def test_a_visitor_cannot_escape_a_lockout_by_writing_the_header(
    client, contributor, settings
):
    settings.TRUSTED_PROXIES = [VARNISH]
    for attempt in range(5):
        sign_in(
            client,
            contributor.email,
            "wrong",
            REMOTE_ADDR=VARNISH,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 203.0.113.66",
        )
    again = sign_in(
        client,
        contributor.email,
        REMOTE_ADDR=VARNISH,
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.66",
    )
    assert again.status_code == 429


def test_a_misnamed_proxy_stops_the_site_starting_with_a_clear_message():
    import subprocess
    import sys

    result = subprocess.run(  # noqa: S603 the project's own settings
        [sys.executable, "-c", "import compendium.settings.base"],
        env={"TRUSTED_PROXIES": "varnish.local", "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert 'not "varnish.local"' in result.stderr
