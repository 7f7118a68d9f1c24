"""Synthetic entries come in the six official languages, each written in its
language, so benchmarks search a share of every language."""

from io import StringIO

import pytest
from django.core.management import call_command

from contributions.models import PracticeEntry
from demo import synthetic

pytestmark = pytest.mark.django_db


def test_synthetic_entries_are_written_in_each_official_language():
    call_command("seed_demo", "--entries", "300", stdout=StringIO())
    entries = PracticeEntry.objects.filter(
        revision_infos__revision__comment=synthetic.REVISION_COMMENT
    )
    languages = dict(entries.values_list("reference", "language"))
    assert set(languages.values()) == {"en", "fr", "es", "ar", "ru", "zh-hans"}
    english = sum(language == "en" for language in languages.values())
    assert 0.55 * len(languages) < english < 0.85 * len(languages)
    for language, bank in synthetic.WRITTEN_IN.items():
        titles = set(entries.filter(language=language).values_list("title", flat=True))
        assert titles and titles <= set(bank["titles"]), language
