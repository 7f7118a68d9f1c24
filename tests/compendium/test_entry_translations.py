"""Entries keep the language they were written in; the Office adds translations
in Wagtail, with revisions; an edition pins the translations it was released
with, and a reader sees the entry in their language where one exists,
otherwise the original with a note and the languages it can be read in."""

import pytest
from django.core.cache import cache
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Revision

from compendium.models import CompendiumEntry, EntryTranslation
from compendium.reading import reading_of
from tests.compendium.factories import publish_entry, release_edition
from tests.compendium.test_compendium_admin import entry_post

pytestmark = pytest.mark.django_db

FRENCH_TITLE = "Comité national d’alerte précoce"
FRENCH_SUMMARY = "Un comité interministériel qui suit les facteurs de risque."
SPANISH_TITLE = "Comité nacional de alerta temprana"
SPANISH_SUMMARY = "Un comité interministerial que sigue los factores de riesgo."
ARABIC_TITLE = "اللجنة الوطنية للإنذار المبكر"


def translate(entry, user=None, **texts):
    """Publish a new revision of the entry with these translations
    ({language: (title, summary, description)}), as the Office does in Wagtail."""
    draft = entry.get_latest_revision_as_object()
    draft.translations = [
        EntryTranslation(
            language=code, title=title, summary=summary, description=description
        )
        for code, (title, summary, description) in texts.items()
    ]
    draft.save_revision(user=user).publish(user=user)
    entry.refresh_from_db()
    return entry


def french_entry(**translations):
    entry = publish_entry(
        title=FRENCH_TITLE,
        summary=FRENCH_SUMMARY,
        description="<p>Le comité se réunit chaque mois.</p>",
    )
    CompendiumEntry.objects.filter(pk=entry.pk).update(language="fr")
    entry.refresh_from_db()
    return translate(entry, **translations) if translations else entry


def page(client, url, language):
    """The public page at `url` read in `language`: under its prefix."""
    cache.clear()
    if language != "en":
        url = f"/{language}{url}"
    return client.get(url).content.decode()


def test_an_english_entry_without_translations_releases_as_it_always_did(
    publisher,
):
    publish_entry()
    content = release_edition(publisher, "1.0").rows.get().content
    assert "language" not in content
    assert "translations" not in content


def test_release_pins_the_original_language_and_each_translation(publisher):
    french_entry(
        es=(SPANISH_TITLE, SPANISH_SUMMARY, "<p>El comité se reúne cada mes.</p>")
    )
    content = release_edition(publisher, "1.0").rows.get().content
    assert content["language"] == "fr"
    assert content["title"] == FRENCH_TITLE
    assert content["translations"] == {
        "es": {
            "title": SPANISH_TITLE,
            "summary": SPANISH_SUMMARY,
            "description": "<p>El comité se reúne cada mes.</p>",
            "description_text": "El comité se reúne cada mes.",
        }
    }


def test_a_reader_sees_the_translation_into_their_language(client, publisher):
    entry = french_entry(es=(SPANISH_TITLE, SPANISH_SUMMARY, ""))
    release_edition(publisher, "1.0")
    body = page(client, f"/compendium/entries/{entry.reference}/", "es")
    assert f'<h1 lang="es" dir="auto">{SPANISH_TITLE}</h1>' in body
    assert SPANISH_SUMMARY in body
    assert FRENCH_SUMMARY not in body
    assert 'class="entry-text" lang="es" dir="auto"' in body


def test_without_a_translation_the_reader_gets_the_original_with_a_note(
    client, publisher
):
    entry = french_entry(es=(SPANISH_TITLE, SPANISH_SUMMARY, ""))
    release_edition(publisher, "1.0")
    url = f"/compendium/entries/{entry.reference}/"
    body = page(client, url, "en")
    assert f'<h1 lang="fr" dir="auto">{FRENCH_TITLE}</h1>' in body
    assert FRENCH_SUMMARY in body
    assert "Original in French" in body
    assert 'class="entry-text" lang="fr" dir="auto"' in body
    # Links to the languages it can be read in, each named in itself.
    assert f'href="{translate_url(url, "es")}" lang="es" hreflang="es">Español' in body
    # The original is what the page shows: no link to itself.
    offered = body[body.index('class="entry-languages') :]
    assert 'hreflang="fr"' not in offered[: offered.index("</div>")]


def test_reading_the_original_in_its_own_language_needs_no_note(client, publisher):
    entry = french_entry()
    release_edition(publisher, "1.0")
    body = page(client, f"/compendium/entries/{entry.reference}/", "fr")
    assert FRENCH_TITLE in body
    assert "entry-languages" not in body


def test_editions_released_before_languages_read_as_english_originals():
    old = {"title": "Early warning", "summary": "A committee.", "description_html": ""}
    with translation.override("en"):
        reading = reading_of(old, "/compendium/entries/CP-0001/", language="ar")
    assert reading.language == "en"
    assert reading.title == "Early warning"
    assert not reading.translated
    assert reading.note == "Original in English"
    assert reading.alternates == []


def test_a_released_edition_keeps_its_translations_when_the_office_edits_them(
    client, publisher
):
    entry = french_entry(es=(SPANISH_TITLE, SPANISH_SUMMARY, ""))
    first = release_edition(publisher, "1.0")
    url = f"/compendium/editions/1.0/entries/{entry.reference}/"
    before = page(client, url, "es")
    pinned = first.rows.get().content

    translate(
        entry,
        es=("Comité de alerta", "Otro resumen.", ""),
        ar=(ARABIC_TITLE, "لجنة مشتركة بين الوزارات.", ""),
    )

    assert first.rows.get().content == pinned
    after = page(client, url, "es")
    assert SPANISH_TITLE in after
    assert "Comité de alerta" not in after
    assert before == after
    assert ARABIC_TITLE not in page(client, url, "ar")

    second = release_edition(publisher, "1.1", kind="update")
    assert set(second.rows.get().content["translations"]) == {"ar", "es"}
    body = page(client, f"/compendium/entries/{entry.reference}/", "ar")
    assert f'<h1 lang="ar" dir="auto">{ARABIC_TITLE}</h1>' in body


def test_old_editions_keep_their_content_when_entries_gain_languages(publisher):
    entry = publish_entry()
    old = release_edition(publisher, "1.0")
    pinned = old.rows.get().content
    CompendiumEntry.objects.filter(pk=entry.pk).update(language="es")
    entry.refresh_from_db()
    translate(entry, en=("Early warning", "A committee.", ""))
    release_edition(publisher, "1.1", kind="update")
    old.refresh_from_db()
    assert old.rows.get().content == pinned
    assert "language" not in old.rows.get().content


def test_facets_and_counts_are_the_same_in_every_language(client, publisher):
    french_entry(es=(SPANISH_TITLE, SPANISH_SUMMARY, ""))
    publish_entry(title="Mediation unit", pillars=("II",))
    release_edition(publisher, "1.0")
    counts = set()
    for language in ("en", "es", "ar"):
        cache.clear()
        answer = client.get(
            "/api/v1/editions/1.0/entries/?pillar=I", HTTP_ACCEPT_LANGUAGE=language
        ).json()
        counts.add((answer["count"], tuple(r["reference"] for r in answer["results"])))
    assert len(counts) == 1


def test_the_api_gives_the_language_and_the_translations(client, publisher):
    entry = french_entry(
        es=(SPANISH_TITLE, SPANISH_SUMMARY, "<p>El comité se reúne.</p>")
    )
    publish_entry(title="Mediation unit")
    release_edition(publisher, "1.0")
    data = client.get(f"/api/v1/editions/1.0/entries/{entry.reference}/").json()
    assert data["language"] == "fr"
    assert data["title"] == FRENCH_TITLE
    assert data["translations"] == {
        "es": {
            "title": SPANISH_TITLE,
            "summary": SPANISH_SUMMARY,
            "description": "El comité se reúne.",
        }
    }
    listed = client.get("/api/v1/editions/1.0/entries/").json()["results"]
    assert {item["language"] for item in listed} == {"fr", "en"}


def admin_translation_post(entry, language, title, original="fr"):
    return entry_post(
        title=entry.title,
        language=original,
        **{
            "translations-TOTAL_FORMS": "1",
            "translations-0-language": language,
            "translations-0-title": title,
            "translations-0-summary": "Resumen traducido por la Oficina.",
            "translations-0-description": '{"blocks": [], "entityMap": {}}',
            "translations-0-ORDER": "1",
            "translations-0-id": "",
            "translations-0-DELETE": "",
        },
    )


def test_the_office_adds_a_translation_in_wagtail_with_a_revision(client, publisher):
    entry = french_entry()
    client.force_login(publisher)
    response = client.post(
        f"/admin/snippets/compendium/compendiumentry/edit/{entry.pk}/",
        admin_translation_post(entry, "es", SPANISH_TITLE),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry.refresh_from_db()
    latest = entry.get_latest_revision()
    assert latest.content["language"] == "fr"
    assert [t["title"] for t in latest.content["translations"]] == [SPANISH_TITLE]
    # A draft until published: the live entry has no translation yet.
    assert not EntryTranslation.objects.filter(entry=entry).exists()
    latest.publish(user=publisher)
    assert EntryTranslation.objects.get(entry=entry).language == "es"
    # The history compares revisions, translations included.
    history = client.get(
        f"/admin/snippets/compendium/compendiumentry/history/{entry.pk}/"
    )
    assert history.status_code == 200
    first = Revision.objects.filter(object_id=str(entry.pk)).order_by("pk").first()
    compare = client.get(
        f"/admin/snippets/compendium/compendiumentry/history/{entry.pk}/"
        f"revisions/compare/{first.pk}...{latest.pk}/"
    )
    assert compare.status_code == 200
    assert SPANISH_TITLE in compare.content.decode()


def test_a_translation_into_the_entrys_own_language_is_refused(client, publisher):
    entry = french_entry()
    client.force_login(publisher)
    response = client.post(
        f"/admin/snippets/compendium/compendiumentry/edit/{entry.pk}/",
        admin_translation_post(entry, "fr", "Autre titre"),
    )
    assert response.status_code == 200
    assert "The entry is written in this language" in response.content.decode()
    assert entry.revisions.count() == 1


def test_contributors_cannot_add_translations_of_the_offices_entries(
    client, contributor, focal_point
):
    entry = french_entry()
    for someone in (contributor, focal_point):
        client.force_login(someone)
        response = client.post(
            f"/admin/snippets/compendium/compendiumentry/edit/{entry.pk}/",
            admin_translation_post(entry, "es", SPANISH_TITLE),
        )
        assert response.status_code in (302, 403)
    assert entry.revisions.count() == 1
    assert not EntryTranslation.objects.exists()
