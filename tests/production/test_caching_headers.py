"""What visitors' public pages tell browsers and shared caches: public with a
short max-age and a longer s-maxage, an ETag that answers 304, and a Vary that
leaves out the cookie; signed-in people's pages and forms are kept by no one."""

import pytest
from django.core.files.base import ContentFile

from compendium.models import Edition
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "browse": "/compendium/",
    "browse in French": "/fr/compendium/",
    "entry": "/compendium/entries/CP-0001/",
    "edition": "/compendium/editions/1.0/",
    "edition's entry in Arabic": "/ar/compendium/editions/1.0/entries/CP-0001/",
    "editions": "/compendium/editions/",
    "statistics": "/compendium/statistics/",
    "feed": "/compendium/feed/",
}
API = "/api/v1/editions/1.0/entries/"
DOWNLOADS = {
    "csv": "/compendium/editions/1.0/download.csv",
    "pdf": "/compendium/editions/1.0/download.pdf",
}


@pytest.fixture
def released(publisher):
    publish_entry(title="National early warning committee", reference="CP-0001")
    edition = release_edition(publisher, "1.0")
    english = edition.pdfs.get(language="en")
    english.file.save("r2p-compendium-1.0-0123456789abcdef.pdf", ContentFile(b"%PDF"))
    return edition


def directives(response):
    return {
        part.strip().split("=")[0]: (part.split("=")[1] if "=" in part else True)
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def vary(response):
    return {name.strip().lower() for name in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_a_visitors_public_page_is_public_with_an_etag_and_answers_304(
    client, released, settings, url
):
    settings.PUBLIC_MAX_AGE, settings.PUBLIC_S_MAXAGE = 60, 3600
    # Twice: made by the view, then answered by the page cache.
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert directives(response) == {
            "public": True,
            "max-age": "60",
            "s-maxage": "3600",
        }
        assert "cookie" not in vary(response)
        assert "accept-language" not in vary(response)
        assert response["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
        assert again.content == b""


def test_a_page_that_changed_is_sent_again_for_an_old_etag(client, released):
    response = client.get("/compendium/", HTTP_IF_NONE_MATCH='"not-this-page"')
    assert response.status_code == 200
    assert response.content


def test_the_feed_answers_304_to_if_modified_since(client, released):
    response = client.get("/compendium/feed/")
    assert response["Last-Modified"]
    again = client.get(
        "/compendium/feed/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert again.status_code == 304


def test_the_api_is_public_and_varies_with_the_language_asked_for(client, released):
    response = client.get(API)
    assert directives(response)["public"] is True
    assert "s-maxage" in directives(response)
    assert "accept-language" in vary(response)
    assert "cookie" not in vary(response)
    assert client.get(API, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.parametrize("extension", DOWNLOADS, ids=DOWNLOADS)
def test_a_released_editions_downloads_are_public_and_answer_304(
    client, released, extension
):
    response = client.get(DOWNLOADS[extension])
    assert response.status_code == 200
    assert directives(response)["public"] is True
    assert "s-maxage" in directives(response)
    assert response["Last-Modified"]
    assert "cookie" not in vary(response)
    assert (
        client.get(
            DOWNLOADS[extension], HTTP_IF_NONE_MATCH=response["ETag"]
        ).status_code
        == 304
    )
    assert (
        client.get(
            DOWNLOADS[extension], HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
        ).status_code
        == 304
    )


@pytest.mark.parametrize("url", [*PAGES.values(), API], ids=[*PAGES, "api"])
def test_a_signed_in_persons_page_is_kept_by_no_one(client, released, contributor, url):
    client.force_login(contributor)
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response) == {"private": True, "no-store": True}
    if url != API:  # the API's answer is the same for everyone
        # A signed-in person's page (their name in the header) is never
        # answered by a visitor's ETag.
        visitors = client.__class__().get(url)
        assert client.get(url, HTTP_IF_NONE_MATCH=visitors["ETag"]).status_code == 200


def test_a_page_with_a_form_token_is_not_public(client, released):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "public" not in directives(response)
    assert directives(response)["no-store"] is True


def test_a_visitor_with_a_session_cookie_gets_no_public_page(client, released):
    client.cookies["sessionid"] = "whatever"
    response = client.get("/compendium/")
    assert response.status_code == 200
    assert "public" not in directives(response)


def test_a_missing_page_is_not_made_public(client, released):
    response = client.get("/compendium/entries/CP-9999/")
    assert response.status_code == 404
    assert "public" not in directives(response)


def test_a_pre_publication_editions_page_is_not_kept_long(client, publisher, released):
    Edition.objects.filter(label="1.0").update(kind="pre-publication")
    response = client.get("/compendium/editions/1.0/download.csv")
    assert "s-maxage" not in directives(response)
