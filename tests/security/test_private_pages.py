"""Signed-in pages are never stored by a cache, and signing out ends the
session on the server, whichever way a person signs out."""

from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client

from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"
PUBLIC_PAGES = [
    "/",
    "/compendium/",
    "/compendium/entries/CP-0042/",
    "/compendium/editions/",
    "/compendium/statistics/",
]


@pytest.fixture
def released(publisher):
    publish_entry(reference="CP-0042", countries=["GHA"])
    return release_edition(publisher, "1.0")


def cache_control(response):
    return response.get("Cache-Control", "")


def directives(response):
    return {part.strip() for part in cache_control(response).split(",")}


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def test_portal_pages_are_private(client, contributor, draft):
    client.force_login(contributor)
    for url in [
        "/contribute/",
        f"/contribute/entries/{draft.reference}/",
        "/contribute/entries/new/",
        "/contribute/notifications/",
        "/contribute/rounds/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert cache_control(response) == PRIVATE, url


def test_the_portal_is_private_even_before_signing_in(client):
    response = client.get("/contribute/")
    assert response.status_code == 302
    assert cache_control(response) == PRIVATE


def test_sign_in_pages_are_private(client):
    for url in ["/accounts/login/", "/accounts/password/reset/", "/admin/login/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert cache_control(response) == PRIVATE, url


def test_a_signed_in_persons_public_pages_are_private(client, contributor, released):
    client.force_login(contributor)
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert cache_control(response) == PRIVATE, url


def test_a_signed_in_persons_download_is_private_though_visitors_share_it(
    client, contributor, released
):
    url = "/compendium/editions/1.0/download.csv"
    visitors = client.get(url)
    assert "public" in directives(visitors)
    client.force_login(contributor)
    response = client.get(url)
    assert response.status_code == 200
    assert cache_control(response) == PRIVATE


def test_a_redirect_answered_before_authentication_is_private_too(client, contributor):
    """CommonMiddleware adds the slash before authentication runs."""
    client.force_login(contributor)
    response = client.get("/compendium")
    assert response.status_code == 301
    assert cache_control(response) == PRIVATE


def test_admin_pages_are_private(client, publisher):
    client.force_login(publisher)
    for url in ["/admin/", "/admin/pages/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert cache_control(response) == PRIVATE, url


def test_anonymous_public_pages_are_not_private(client, released):
    for url in PUBLIC_PAGES:
        for attempt in ("made", "answered from the page cache"):
            response = client.get(url)
            assert response.status_code == 200, (url, attempt)
            assert not directives(response) & {"private", "no-store"}, (url, attempt)


def test_a_page_kept_for_visitors_is_never_a_signed_in_persons(
    client, contributor, released
):
    client.get("/compendium/")  # kept for visitors
    client.force_login(contributor)
    response = client.get("/compendium/")
    assert cache_control(response) == PRIVATE
    assert "Sign out" in response.content.decode()


def signed_in_client(user):
    person = Client()
    person.force_login(user)
    return person, person.cookies[settings.SESSION_COOKIE_NAME].value


def replay(session_key, url):
    """A request carrying an old session cookie, as someone who copied it."""
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return stranger.get(url)


# Each way to sign out: the site's button, for everyone, and the admin's, for
# the Office's staff; with a page only a signed-in person of that kind reads.
SIGN_OUTS = [
    ("/accounts/logout/", "contributor", "/contribute/"),
    ("/accounts/logout/", "reviewer", "/admin/"),
    ("/admin/logout/", "reviewer", "/admin/"),
]


@pytest.fixture(params=SIGN_OUTS, ids=lambda way: f"{way[0]} {way[1]}")
def sign_out(request):
    logout_url, person, private_url = request.param
    return logout_url, request.getfixturevalue(person), private_url


def test_the_session_works_until_signing_out(sign_out):
    _logout_url, user, private_url = sign_out
    _person, key = signed_in_client(user)
    assert replay(key, private_url).status_code == 200


def test_signing_out_deletes_the_session_on_the_server(sign_out):
    logout_url, user, private_url = sign_out
    person, key = signed_in_client(user)
    response = person.post(logout_url)
    assert response.status_code == 302
    assert not session_store()().exists(key)
    # The old cookie, replayed, is a visitor's: asked to sign in.
    answer = replay(key, private_url)
    assert answer.status_code == 302
    assert "login/" in answer["Location"]


def test_signing_out_takes_a_post_not_a_link(sign_out):
    logout_url, user, private_url = sign_out
    person, key = signed_in_client(user)
    response = person.get(logout_url)
    assert response.status_code == 405
    assert session_store()().exists(key)
    assert replay(key, private_url).status_code == 200


def test_signing_out_needs_the_forms_csrf_token(sign_out):
    """Another site cannot sign a person out by posting to the address."""
    logout_url, user, _private_url = sign_out
    person = Client(enforce_csrf_checks=True)
    person.force_login(user)
    key = person.cookies[settings.SESSION_COOKIE_NAME].value
    response = person.post(logout_url)
    assert response.status_code == 403
    assert session_store()().exists(key)


def test_the_sign_out_button_posts_with_a_csrf_token(client, contributor):
    client.force_login(contributor)
    body = client.get("/contribute/").content.decode()
    form = body[body.index('action="/accounts/logout/"') - 40 :]
    form = form[: form.index("</form>")]
    assert 'method="post"' in form
    assert "csrfmiddlewaretoken" in form
