"""The demo shows entries read in the visitor's language where the Office has
translated them, and the original with a note where it has not."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from accounts.models import Organisation
from compendium.models import EditionEntry
from demo import story

pytestmark = pytest.mark.django_db


def test_the_demo_releases_translations_and_shows_them(client):
    call_command("seed_demo", stdout=StringIO())
    row = EditionEntry.objects.get(edition__label="1.0", title=story.COMMENTED)
    assert row.content["language"] == "en"
    assert set(row.content["translations"]) == {"ar", "fr"}
    url = f"/compendium/entries/{row.reference}/"

    cache.clear()
    french = client.get(f"/fr{url}").content.decode()
    assert '<h1 lang="fr" dir="auto">Alerte atrocités</h1>' in french

    cache.clear()
    arabic = client.get(f"/ar{url}").content.decode()
    assert '<h1 lang="ar" dir="auto">إنذار الفظائع</h1>' in arabic

    cache.clear()
    russian = client.get(f"/ru{url}").content.decode()
    assert '<h1 lang="en" dir="auto">Atrocity Alert</h1>' in russian
    assert 'class="entry-languages__note"' in russian
    languages = russian[russian.index('class="entry-languages') :]
    languages = languages[: languages.index("</div>")]
    assert 'hreflang="fr"' in languages and 'hreflang="ar"' in languages

    ecowas = Organisation.objects.get(name="Economic Community of West African States")
    assert (
        ecowas.name_in("fr")
        == "Communauté économique des États de l’Afrique de l’Ouest"
    )
