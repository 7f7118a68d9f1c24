"""Which language a page is read in: the URL's for public pages (English without
a prefix, the others under theirs), the person's for the portal, sign-in and the
admin; the switcher, the hreflang alternates and the sitemap in every language."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from compendium import languages
from contributions.notifications import notify
from demo.pages import seed_page_translations
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db

OTHERS = ["fr", "es", "ar", "ru", "zh-hans"]


@pytest.fixture
def released(publisher):
    publish_entry(title="National early warning committee", reference="CP-0001")
    return release_edition(publisher, "1.0")


def html_lang(response):
    return re.search(r'<html lang="([^"]+)" dir="([^"]+)"', response.text).groups()


@pytest.mark.parametrize("code", OTHERS)
def test_a_public_page_is_in_the_language_of_its_url(client, released, code):
    response = client.get(f"/{code}/compendium/")
    assert response.status_code == 200
    assert html_lang(response) == (code, "rtl" if code == "ar" else "ltr")
    assert response["Content-Language"] == code


def test_english_public_pages_keep_their_addresses_and_ignore_the_browser(
    client, released
):
    """The URL alone says the language: a French browser on /compendium/ reads
    English, and shared caches need not vary on Accept-Language."""
    response = client.get("/compendium/", headers={"accept-language": "fr"})
    assert html_lang(response) == ("en", "ltr")
    assert "Accept-Language" not in response.get("Vary", "")
    assert client.get("/compendium/entries/CP-0001/").status_code == 200


def test_the_portal_and_sign_in_follow_the_browser_until_a_choice_is_made(client):
    response = client.get("/accounts/login/", headers={"accept-language": "ar"})
    assert html_lang(response) == ("ar", "rtl")
    assert "Accept-Language" in response["Vary"]


def test_every_public_page_names_its_other_languages(client, released):
    response = client.get("/compendium/?q=warning&pillar=I")
    found = re.findall(
        r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', response.text
    )
    alternates = {language: html.unescape(href) for language, href in found}
    assert alternates["en"] == "http://testserver/compendium/?q=warning&pillar=I"
    assert alternates["fr"] == "http://testserver/fr/compendium/?q=warning&pillar=I"
    assert alternates["zh-hans"].startswith("http://testserver/zh-hans/compendium/")
    assert alternates["x-default"] == alternates["en"]


def test_the_switcher_names_each_language_in_itself_and_marks_the_current(
    client, released
):
    page = client.get("/ru/compendium/editions/").text
    switcher = page[page.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    links = re.findall(r'<a href="([^"]+)" lang="([^"]+)"[^>]*>([^<]+)</a>', switcher)
    assert [(href, lang) for href, lang, _name in links] == [
        ("/compendium/editions/", "en"),
        ("/fr/compendium/editions/", "fr"),
        ("/es/compendium/editions/", "es"),
        ("/ar/compendium/editions/", "ar"),
        ("/ru/compendium/editions/", "ru"),
        ("/zh-hans/compendium/editions/", "zh-hans"),
    ]
    names = [name for _href, _lang, name in links]
    assert names == ["English", "Français", "Español", "العربيّة", "Русский", "简体中文"]
    assert 'lang="ru" hreflang="ru" aria-current="true"' in switcher


def test_the_sitemap_lists_every_page_in_every_language(client, released):
    seed_page_translations()
    editions = client.get("/sitemap-editions.xml").text
    for code in OTHERS:
        assert (
            f"<loc>http://testserver/{code}/compendium/editions/1.0/</loc>" in editions
        )
    assert 'hreflang="x-default" href="http://testserver/compendium/editions/1.0/"' in (
        editions
    )
    pages = client.get("/sitemap-pages.xml").text
    for code in OTHERS:
        assert f"/{code}/about/</loc>" in pages


def test_editorial_pages_are_read_in_their_translation(client):
    seed_page_translations()
    french = client.get("/fr/")
    assert "Recueil de pratiques" in french.text
    assert html_lang(french) == ("fr", "ltr")
    about = client.get("/ar/about/")
    assert html_lang(about) == ("ar", "rtl")
    assert "نبذة عن الخلاصة" in about.text
    # The navigation's About link leads to the page in the same language.
    assert 'href="/ar/about/"' in client.get("/ar/compendium/editions/").text


def test_a_signed_in_choice_is_kept_on_the_profile_and_used_at_the_next_sign_in(
    client, focal_point, password
):
    client.force_login(focal_point)
    response = client.post(
        reverse("choose_language"), {"language": "es", "next": "/contribute/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/contribute/"
    assert UserProfile.get_for_user(focal_point).preferred_language == "es"
    assert html_lang(client.get("/contribute/")) == ("es", "ltr")

    client.logout()
    client.cookies.clear()
    client.post(
        "/accounts/login/", {"username": focal_point.email, "password": password}
    )
    assert html_lang(client.get("/contribute/")) == ("es", "ltr")


def test_choosing_a_language_on_a_public_page_leads_to_that_page_in_it(
    client, released
):
    response = client.post(
        reverse("choose_language"),
        {"language": "ar", "next": "/fr/compendium/entries/CP-0001/"},
    )
    assert response["Location"] == "/ar/compendium/entries/CP-0001/"
    assert response.cookies["django_language"].value == "ar"


@pytest.mark.parametrize(
    "posted",
    [
        {"language": "de", "next": "/contribute/"},
        {"language": "fr", "next": "https://elsewhere.example/"},
        {"language": "fr", "next": "//elsewhere.example/"},
    ],
)
def test_an_unknown_language_or_a_foreign_address_changes_nothing(
    client, focal_point, posted
):
    client.force_login(focal_point)
    response = client.post(reverse("choose_language"), posted)
    assert response.status_code == 302
    assert not response["Location"].startswith(("https://", "//"))
    expected = "fr" if posted["language"] == "fr" else ""
    assert UserProfile.get_for_user(focal_point).preferred_language == expected


def test_choosing_a_language_only_takes_a_post(client):
    assert client.get(reverse("choose_language") + "?language=fr").status_code == 405


def test_people_are_written_to_in_the_language_of_their_profile(
    focal_point, contributor, draft, django_capture_on_commit_callbacks
):
    UserProfile.objects.update_or_create(
        user=focal_point, defaults={"preferred_language": "fr"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        made = notify(
            "contributions/email/entry_ready",
            [focal_point, contributor],
            {"entry": draft, "actor": contributor, "message": ""},
            path="/contribute/",
            entry=draft,
        )
    by_person = {item.recipient: item for item in made}
    with translation.override("fr"):
        lead_fr = str(translation.gettext("Open it on the compendium's site:"))
    assert languages.language_of(focal_point) == "fr"
    assert languages.language_of(contributor) == "en"
    sent = {message.to[0]: message for message in mail.outbox}
    assert lead_fr in sent[focal_point.email].body
    assert "Open it on the compendium's site:" in sent[contributor.email].body
    assert by_person[focal_point].subject != by_person[contributor].subject


def test_the_page_cache_keeps_each_language_apart(client, released):
    english = client.get("/compendium/").text
    french = client.get("/fr/compendium/").text
    assert client.get("/compendium/").text == english
    assert client.get("/fr/compendium/").text == french
    assert english != french
