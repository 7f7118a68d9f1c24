"""The language a contributor wrote an entry in is carried through review and
publishing to the compendium's entry, and released with it."""

import pytest

from review import publishing
from tests.compendium.factories import release_edition
from tests.contributions.factories import create_entry

pytestmark = pytest.mark.django_db

ARABIC_TITLE = "اللجنة الوطنية للإنذار المبكر"


@pytest.fixture
def draft(contributor, ghana):
    """Ghana's draft CP-0001, written in Arabic."""
    return create_entry(contributor, ghana, language="ar", title=ARABIC_TITLE)


def test_publishing_keeps_the_language_the_entry_was_written_in(accepted, publisher):
    published = publishing.publish(actor=publisher, entry=accepted)
    draft = published.get_latest_revision_as_object()
    assert (draft.language, draft.title) == ("ar", ARABIC_TITLE)
    draft.get_latest_revision().publish(user=publisher)

    content = release_edition(publisher, "1.0").rows.get().content
    assert content["language"] == "ar"
    assert content["translations"] == {}
