"""Every screen people use, in each of the five other languages, with no English
left but names: the public pages a visitor reads, the portal a focal point
works in, the Office's review screen and the e-mails.

A page in French (say) is compared with the same page in English: any text the
two share is English left behind, unless it is a name (of an entry, a person,
an organisation, a document), a code, or a word the catalogue itself writes the
same in both languages ("Documents", "Notifications" in French).
"""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.text import capfirst
from wagtail.users.models import UserProfile

from compendium.models import CompendiumEntry, Edition
from contributions.models import PracticeEntry
from demo.pages import seed_page_translations
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db

LANGUAGES = {"fr": "fr", "es": "es", "ar": "ar", "ru": "ru", "zh-hans": "zh_Hans"}
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# Codes, formats and abbreviations every language writes alike.
ALIKE = {"R2P", "CSV", "XLSX", "JSON", "PDF", "API", "Atom", "BibTeX", "RIS", "UTC"}
SHOWN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}


class _Text(HTMLParser):
    """The text a person reads or hears on a page: text nodes outside scripts
    and styles, and the attributes a screen reader speaks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = set()
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skipping += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self._add(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self._add(data)

    def _add(self, text):
        text = " ".join(text.split())
        if text:
            self.parts.add(text)


def text_of(html):
    parser = _Text()
    parser.feed(html)
    return parser.parts


def names():
    """What the test's data calls things: left as it was written."""
    # The switcher names each language in itself, on every page.
    found = {
        capfirst(translation.get_language_info(code)["name_local"])
        for code, _name in settings.LANGUAGES
    }
    for model, fields in [
        (PracticeEntry, ["title", "summary", "description", "reference"]),
        (CompendiumEntry, ["title", "summary", "description", "reference"]),
        (Edition, ["label", "title"]),
    ]:
        for row in model.objects.values_list(*fields):
            found.update(str(value) for value in row if value)
    from accounts.models import Organisation, User

    for organisation in Organisation.objects.all():
        found.update({organisation.name, organisation.short_name or ""})
    for user in User.objects.all():
        found.update({user.get_full_name(), user.email, user.last_name})
    return sorted((name for name in found if name), key=len, reverse=True)


def written_alike(code):
    """Messages the catalogue translates into themselves."""
    po = polib.pofile(
        str(settings.BASE_DIR / "locale" / LANGUAGES[code] / "LC_MESSAGES/django.po")
    )
    return {entry.msgid for entry in po if entry.msgstr == entry.msgid}


def english_left(english_html, translated_html, code):
    english = text_of(english_html)
    alike = written_alike(code)
    known = names()
    left = []
    for text in text_of(translated_html) & english:
        if text in alike:
            continue
        rest = text
        for name in known:
            rest = rest.replace(name, " ")
        words = [word for word in ENGLISH_WORD.findall(rest) if word not in ALIKE]
        if words:
            left.append(text)
    return sorted(left)


@pytest.fixture
def released(publisher, ghana):
    publish_entry(
        title="National early warning committee",
        summary="A committee that monitors risk factors of atrocity crimes.",
        reference="CP-0001",
        countries=["KEN"],
    )
    edition = release_edition(publisher, "1.0")
    seed_page_translations()
    return edition


PUBLIC_PAGES = [
    "/",
    "/compendium/",
    "/compendium/?q=committee",
    "/compendium/entries/CP-0001/",
    "/compendium/countries/KEN/",
    "/compendium/statistics/",
    "/compendium/editions/",
    "/about/",
]


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_public_pages_have_no_english_left(client, released, code):
    for path in PUBLIC_PAGES:
        english = client.get(path)
        translated = client.get(f"/{code}{path}")
        assert translated.status_code == 200, path
        assert english_left(english.text, translated.text, code) == [], path


def in_language(client, user, code):
    UserProfile.objects.update_or_create(
        user=user, defaults={"preferred_language": code}
    )
    client.force_login(user)


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_the_portal_has_no_english_left(client, submitted, focal_point, code):
    pages = [
        "/contribute/",
        "/contribute/entries/new/",
        f"/contribute/entries/{submitted.reference}/",
        f"/contribute/entries/{submitted.reference}/history/",
        "/contribute/notifications/",
    ]
    in_language(client, focal_point, "en")
    english = {path: client.get(path).text for path in pages}
    in_language(client, focal_point, code)
    for path in pages:
        translated = client.get(path)
        assert translated.status_code == 200, path
        assert f'<html lang="{code}"' in translated.text
        assert english_left(english[path], translated.text, code) == [], path


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_the_review_screen_has_no_english_left(client, submitted, reviewer, code):
    path = f"/admin/review/{submitted.pk}/"
    in_language(client, reviewer, "en")
    english = client.get(path).text
    in_language(client, reviewer, code)
    translated = client.get(path)
    assert translated.status_code == 200
    assert english_left(english, translated.text, code) == []


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_e_mails_have_no_english_left(
    draft, focal_point, code, django_capture_on_commit_callbacks
):
    """The hand-off e-mail two focal points receive, one reading English, the
    other the language on their profile: they share nothing but names."""
    from accounts.models import Membership
    from tests.contributions.factories import READY, MembershipFactory, advance

    colleague = MembershipFactory(
        organisation=draft.organisation, focal_point=True
    ).user
    UserProfile.objects.update_or_create(
        user=colleague, defaults={"preferred_language": code}
    )
    assert Membership.objects.filter(user=colleague).exists()
    with django_capture_on_commit_callbacks(execute=True):
        advance(draft, READY, focal_point=focal_point)
    sent = {item.to[0]: item for item in mail.outbox}
    english, translated = sent[focal_point.email], sent[colleague.email]

    def lines(message):
        return {
            " ".join(line.split())
            for line in [message.subject, *message.body.splitlines()]
            if line.strip() and not line.startswith("http")
        }

    shared = lines(english) & lines(translated)
    known = names()
    left = []
    for line in shared:
        for name in known:
            line = line.replace(name, " ")
        if [word for word in ENGLISH_WORD.findall(line) if word not in ALIKE]:
            left.append(line)
    assert left == [], translated.subject + "\n" + translated.body
