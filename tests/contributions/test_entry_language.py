"""Contributors write in any of the six official languages: the portal's form
asks for the language of the entry, by default the one the portal is read in,
marks its text inputs so Arabic reads right to left, and refuses any other
language; translations are the Office's, never the portal's."""

import pytest
from bs4 import BeautifulSoup

from compendium.models import EntryTranslation
from contributions.models import PracticeEntry
from tests.contributions.factories import entry_form_data

pytestmark = pytest.mark.django_db

NEW = "/contribute/entries/new/"
ARABIC_TITLE = "اللجنة الوطنية للإنذار المبكر"


def page(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def signed_in(client, contributor):
    client.force_login(contributor)
    return client


def chosen_language(html):
    select = html.find("select", attrs={"name": "language"})
    return select.find("option", selected=True)["value"]


def test_the_form_asks_for_the_language_of_this_entry(signed_in):
    html = page(signed_in.get(NEW, HTTP_ACCEPT_LANGUAGE="en"))
    select = html.find("select", attrs={"name": "language"})
    label = html.find("label", attrs={"for": select["id"]})
    assert "Language of this entry" in label.get_text()
    assert [option["value"] for option in select.find_all("option")] == [
        "en",
        "fr",
        "es",
        "ar",
        "ru",
        "zh-hans",
    ]
    assert chosen_language(html) == "en"


@pytest.mark.parametrize(
    ("interface", "expected"), [("fr", "fr"), ("ar", "ar"), ("zh-hans", "zh-hans")]
)
def test_the_language_defaults_to_the_one_the_portal_is_read_in(
    signed_in, interface, expected
):
    html = page(signed_in.get(NEW, HTTP_ACCEPT_LANGUAGE=interface))
    assert chosen_language(html) == expected


def test_text_inputs_let_the_browser_set_their_direction(signed_in):
    html = page(signed_in.get(NEW, HTTP_ACCEPT_LANGUAGE="ar"))
    for name, tag in (("title", "input"), ("summary", "textarea")):
        field = html.find(tag, attrs={"name": name})
        assert field["dir"] == "auto", name
        assert field["lang"] == "ar", name
    source_title = html.find("input", attrs={"name": "sources-0-title"})
    assert source_title["dir"] == "auto"


def test_an_arabic_entry_is_saved_in_arabic_and_its_form_says_so(signed_in, ghana):
    response = signed_in.post(
        NEW,
        entry_form_data(organisation=ghana.pk, title=ARABIC_TITLE, language="ar"),
    )
    assert response.status_code == 302
    entry = PracticeEntry.objects.get()
    assert (entry.language, entry.title) == ("ar", ARABIC_TITLE)
    html = page(signed_in.get(f"/contribute/entries/{entry.reference}/edit/"))
    title = html.find("input", attrs={"name": "title"})
    assert (title["value"], title["lang"], title["dir"]) == (ARABIC_TITLE, "ar", "auto")


@pytest.mark.parametrize("forged", ["xx", "other", "zh", "de"])
def test_a_forged_language_is_refused_with_a_message(signed_in, ghana, forged):
    response = signed_in.post(
        NEW, entry_form_data(organisation=ghana.pk, language=forged)
    )
    assert response.status_code == 400
    assert (
        "Choose the language of this entry among the six official languages."
        in response.content.decode()
    )
    assert not PracticeEntry.objects.exists()


def test_the_portal_adds_no_translation_whatever_is_posted(signed_in, ghana):
    response = signed_in.post(
        NEW,
        entry_form_data(
            organisation=ghana.pk,
            **{
                "translations-TOTAL_FORMS": "1",
                "translations-INITIAL_FORMS": "0",
                "translations-0-language": "es",
                "translations-0-title": "Título forjado",
                "translations-0-summary": "Resumen forjado.",
            },
        ),
    )
    assert response.status_code == 302
    assert not EntryTranslation.objects.exists()
