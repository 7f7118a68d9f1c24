"""The public compendium read in Spanish, Russian and Chinese, as a reader in
Bogotá, Moscow or Beijing meets it: home, browse, an entry translated into the
language and one that is not, the editions, an edition's changes and the
statistics, at desktop and phone width. Every page is checked by axe and kept
as a screenshot (the Chinese pages need the CJK fonts .ci/run installs)."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from compendium.models import EntryTranslation
from tests.compendium.factories import publish_entry, release_edition
from tests.e2e.conftest import check_page

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRANSLATED = {
    "es": (
        "Comité nacional de alerta temprana",
        "Un comité interministerial que sigue los factores de riesgo.",
    ),
    "ru": (
        "Национальный комитет раннего предупреждения",
        "Межведомственный комитет, отслеживающий факторы риска.",
    ),
    "zh-hans": ("国家预警委员会", "一个监测风险因素的部际委员会。"),
}


def words(code, message):
    with translation.override(code):
        return translation.gettext(message)


def translated_entry(reference, **texts):
    entry = publish_entry(
        title="National early warning committee",
        summary="An inter-ministerial committee that monitors risk factors.",
        reference=reference,
        countries=["GHA"],
    )
    draft = entry.get_latest_revision_as_object()
    draft.translations = [
        EntryTranslation(language=code, title=title, summary=summary)
        for code, (title, summary) in texts.items()
    ]
    draft.save_revision().publish()
    return entry


@pytest.mark.parametrize("code", ["es", "ru", "zh-hans"])
def test_the_public_compendium_in_a_language(new_page, publisher, code):
    title, summary = TRANSLATED[code]
    translated_entry("CP-0001", **{code: (title, summary)})
    publish_entry(
        title="Atrocity prevention focal point",
        summary="A senior official who coordinates prevention.",
        reference="CP-0002",
        countries=["GHA"],
    )
    release_edition(publisher, label="1.0")

    reader = new_page()
    reader.goto(f"/{code}/")
    expect(reader.locator("html")).to_have_attribute("lang", code)
    expect(reader.locator("html")).to_have_attribute("dir", "ltr")
    check_page(reader, f"{code}-public-home")

    reader.get_by_role("navigation", name=words(code, "Main")).get_by_role(
        "link", name=words(code, "Compendium"), exact=True
    ).click()
    assert reader.url.endswith(f"/{code}/compendium/")
    # The list names each entry as the edition pinned it in the language, and
    # the entry not translated in English, marked as such for screen readers.
    expect(reader.get_by_role("link", name=title)).to_be_visible()
    expect(
        reader.get_by_role("link", name="Atrocity prevention focal point")
    ).to_have_attribute("lang", "en")
    check_page(reader, f"{code}-public-browse")

    # The entry translated into the language reads in it.
    reader.goto(f"/{code}/compendium/entries/CP-0001/")
    expect(reader.get_by_role("heading", level=1)).to_have_text(title)
    expect(reader.get_by_text(summary)).to_be_visible()
    check_page(reader, f"{code}-public-entry-translated")

    # The one that is not reads in English, marked as English for screen readers.
    reader.goto(f"/{code}/compendium/entries/CP-0002/")
    heading = reader.get_by_role("heading", level=1)
    expect(heading).to_have_text("Atrocity prevention focal point")
    check_page(reader, f"{code}-public-entry-original")

    reader.goto(f"/{code}/compendium/editions/")
    check_page(reader, f"{code}-public-editions")
    reader.goto(f"/{code}/compendium/editions/1.0/changes/")
    check_page(reader, f"{code}-public-changes")
    reader.goto(f"/{code}/compendium/statistics/")
    check_page(reader, f"{code}-public-statistics")

    phone = new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(f"/{code}/compendium/")
    check_page(phone, f"{code}-public-browse-phone")
    phone.goto(f"/{code}/compendium/entries/CP-0001/")
    check_page(phone, f"{code}-public-entry-phone")
