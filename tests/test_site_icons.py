"""The site's icon on the public site, the portal and the admin, people's
avatars in the admin, and page titles that name the site once."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

ICON_LINK = re.compile(r'<link rel="(?:icon|apple-touch-icon)"[^>]*href="([^"]+)"')


def served(client, url):
    """The file behind a static URL exists, and the application serves it."""
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), url
    assert finders.find(path.removeprefix(settings.STATIC_URL)), url
    response = client.get(url)
    assert response.status_code == 200, url
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert content, url
    return response


def icons_of(body):
    return ICON_LINK.findall(body)


def assert_site_icons(client, body):
    icons = icons_of(body)
    assert any(url.endswith("compendium/favicon.svg") for url in icons), icons
    assert any(url.endswith("compendium/favicon.ico") for url in icons), icons
    for url in icons:
        served(client, url)


def test_the_public_site_has_the_site_icon(client):
    assert_site_icons(client, client.get("/").content.decode())


def test_the_portal_has_the_site_icon(client, contributor):
    assert_site_icons(client, client.get("/accounts/login/").content.decode())
    client.force_login(contributor)
    response = client.get("/contribute/")
    assert response.status_code == 200
    assert_site_icons(client, response.content.decode())


def test_the_admin_has_the_site_icon_not_wagtail_s(client, publisher):
    assert_site_icons(client, client.get("/admin/login/").content.decode())
    client.force_login(publisher)
    body = client.get("/admin/").content.decode()
    assert_site_icons(client, body)
    assert "wagtailadmin/images/favicon.ico" not in body


def test_an_avatar_is_never_fetched_from_elsewhere_and_always_found(client, publisher):
    client.force_login(publisher)

    body = client.get("/admin/").content.decode()

    assert "gravatar" not in body
    avatars = set(re.findall(r"[^\"'\s]*default-user-avatar\.png[^\"'\s]*", body))
    assert avatars
    for url in avatars:
        response = served(client, url)
        assert response["Content-Type"] == "image/png"


def test_the_home_page_names_the_site_once_in_its_title(client):
    body = client.get("/").content.decode()

    title = re.search(r"<title>(.*?)</title>", body, re.DOTALL).group(1).strip()

    assert title == "R2P Compendium of Practice"


def test_other_pages_say_the_page_then_the_site(client):
    body = client.get("/accounts/login/").content.decode()

    title = re.search(r"<title>(.*?)</title>", body, re.DOTALL).group(1).strip()

    assert title == "Sign in · R2P Compendium of Practice"


def test_the_icon_is_found_where_browsers_look_for_it_by_habit(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    served(client, response["Location"])
