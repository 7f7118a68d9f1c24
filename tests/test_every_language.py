"""Every screen people use, in each of the five other languages, with no English
left but names: the public pages a visitor reads, the portal a focal point
works in, the Office's review screen and the e-mails.

A page in French (say) is compared with the same page in English: any text the
two share is English left behind, unless it is a name (of an entry, a person,
an organisation, a document), a code, or a word the catalogue itself writes the
same in both languages ("Documents", "Notifications" in French).
"""

import functools
import re
import zoneinfo
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import trans_real
from wagtail.users.models import UserProfile

from compendium.classification import published
from compendium.models import SecretaryGeneralReport
from demo.pages import seed_page_translations
from dialogues.models import Dialogue
from tests.compendium.factories import publish_entry, release_edition
from tests.dialogues.factories import dialogue

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


def names(code):
    """What the test's data calls things, left as it was written: the entries'
    own text, organisations and people; and the reference lists' names in
    language `code` (a region may be "Europe" in French too)."""
    from django.apps import apps

    from accounts.models import Organisation, User
    from compendium.localized import name

    # The switcher names each language in itself, on every page.
    found = {
        capfirst(translation.get_language_info(language)["name_local"])
        for language, _name in settings.LANGUAGES
    }
    written = [
        *apps.get_app_config("contributions").get_models(),
        *apps.get_app_config("review").get_models(),
        *[
            model
            for model in apps.get_app_config("compendium").get_models()
            if model.__module__ == "compendium.models.published"
        ],
        apps.get_model("reversion", "Revision"),  # the messages of versions
    ]
    for model in written:
        for row in model.objects.values():
            found.update(value for value in row.values() if isinstance(value, str))
    # The licence, named as its authors name it (settings).
    found.add(settings.COMPENDIUM_LICENCE_NAME)
    for organisation in Organisation.objects.all():
        found.update({organisation.name, organisation.short_name or ""})
    for user in User.objects.all():
        found.update({user.get_full_name(), user.email, user.last_name})
    with translation.override(code):
        for facet in published():
            found.update(name(term) for term in facet.model.objects.all())
        found.update(name(report) for report in SecretaryGeneralReport.objects.all())
    return sorted((text for text in found if len(text) > 1), key=len, reverse=True)


@functools.cache
def wagtails_and_djangos_messages():
    """Every message of Wagtail's and Django's own catalogues: how far those are
    translated is their translators' work, not this project's."""
    import django
    import wagtail

    messages = set()
    for package in (wagtail, django):
        root = Path(package.__file__).parent
        for path in root.glob("**/locale/fr/LC_MESSAGES/django*.po"):
            for entry in polib.pofile(str(path)):
                messages.add(" ".join(entry.msgid.split()))
    return messages


def theirs(text):
    return any(text in message for message in wagtails_and_djangos_messages())


def written_alike(code):
    """Patterns of the messages that language `code` writes as English does
    ("Documents", "Version %(number)s" in French), in the project's catalogue,
    Django's and Wagtail's alike."""
    catalogue = trans_real.translation(LANGUAGES[code].replace("_", "-").lower())
    alike = []
    for key, value in catalogue._catalog.items():
        message = key[0] if isinstance(key, tuple) else key
        words = re.sub(r"%\([a-z_0-9]+\)[sd]|%[sd]", "", str(message))
        # A message of placeholders alone ("%(reference)s: %(decision)s") would
        # match any text: only messages with words of their own count.
        if isinstance(message, str) and value == message and ENGLISH_WORD.search(words):
            pattern = re.escape(message)
            pattern = re.sub(r"%\\\([a-z_0-9]+\\\)[sd]|%[sd]", ".+?", pattern)
            alike.append(pattern)
    return re.compile("^(?:" + "|".join(alike) + ")$") if alike else None


ZONES = zoneinfo.available_timezones() | {"localtime"}
KEYS = re.compile(r"^(?:Ctrl|Alt|Shift|Cmd|Option|Esc|Enter|Tab)(?: \+ \S+)*$")


def english_left(english_html, translated_html, code):
    english = text_of(english_html)
    alike = written_alike(code)
    known = names(code)
    left = []
    for text in text_of(translated_html) & english:
        if (
            (alike and alike.match(text))
            or KEYS.match(text)
            or text.startswith("http")
            or text in ZONES  # time zones go by their IANA names
            or any(text in name for name in known)  # a highlighted word
            or theirs(text)
        ):
            continue
        rest = text
        for name in known:
            rest = rest.replace(name, " ")
        rest = re.sub(r"https?://\S+", " ", rest)
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
    # A dialogue whose title and room, the Office's own words in one language,
    # leave only the pages' words to compare.
    Dialogue.objects.filter(pk=dialogue(year=2015, title="R2P 2015").pk).update(room="")
    return edition


PUBLIC_PAGES = [
    "/",
    "/compendium/",
    "/compendium/?q=committee",
    "/compendium/entries/CP-0001/",
    "/compendium/countries/",
    "/compendium/countries/KEN/",
    "/compendium/statistics/",
    "/dialogues/",
    "/dialogues/2015/",
    "/compendium/editions/",
    "/about/",
]


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_public_pages_have_no_english_left(client, released, code):
    for path in PUBLIC_PAGES:
        english = client.get(path)
        translated = client.get(f"/{code}{path}")
        assert translated.status_code == 200, path
        left = english_left(english.text, translated.text, code)
        assert not left, f"{path}: {left}"


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
        left = english_left(english[path], translated.text, code)
        assert not left, f"{path}: {left}"


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_the_review_screen_has_no_english_left(client, submitted, reviewer, code):
    path = f"/admin/review/{submitted.pk}/"
    in_language(client, reviewer, "en")
    english = client.get(path).text
    in_language(client, reviewer, code)
    translated = client.get(path)
    assert translated.status_code == 200
    left = english_left(english, translated.text, code)
    assert not left, f"{path}: {left}"


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
    known = names(code)
    left = []
    for line in shared:
        for name in known:
            line = line.replace(name, " ")
        if [word for word in ENGLISH_WORD.findall(line) if word not in ALIKE]:
            left.append(line)
    assert left == [], translated.subject + "\n" + translated.body
