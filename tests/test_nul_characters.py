"""A NUL character, which PostgreSQL refuses in any text, never reaches the
database from an address, a search or a cookie: such requests are answered
with the site's own pages, signed in or not."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PATHS = [
    "/compendium/entries/CP-%000001/",
    "/compendium/editions/1.0%00/",
    "/compendium/editions/1.0%00/download.csv",
    "/compendium/countries/GH%00A/",
    "/contribute/entries/CP-%000001/",
    "/about%00/",
]


@pytest.mark.parametrize("path", PATHS)
def test_an_address_holding_a_nul_character_is_not_found(client, contributor, path):
    client.force_login(contributor)

    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["?q=warning%00", "?country=GH%00A", "?%00=1", "?page=1&sort=title%00"]
)
def test_a_query_holding_a_nul_character_is_a_bad_request(client, query):
    response = client.get("/compendium/" + query)

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.parametrize(
    ("address", "status", "detail"),
    [
        ("/api/v1/editions/1.0%00/entries/", 404, "No page has this address."),
        ("/api/v1/editions/1.0/entries/CP-%000001/", 404, "No page has this address."),
        ("/api/v1/editions/?q=a%00b", 400, "The address holds a NUL character."),
    ],
)
def test_the_api_answers_in_json_as_for_its_other_errors(
    client, address, status, detail
):
    response = client.get(address)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail}


def test_a_session_cookie_holding_a_nul_character_is_read_as_no_session(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "abcdefgh\x00ijklmnop"

    response = client.get("/contribute/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_another_cookie_holding_one_leaves_the_session_alone(client, contributor):
    client.force_login(contributor)
    client.cookies["preference"] = "a\x00b"

    assert client.get("/contribute/").status_code == 200
