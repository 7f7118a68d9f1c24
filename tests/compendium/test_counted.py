"""What the management commands print counts one thing or many in plain
English (compendium.text.counted)."""

import pytest

from compendium.text import counted


@pytest.mark.parametrize(
    ("number", "words", "said"),
    [
        (0, ("file",), "0 files"),
        (1, ("file",), "1 file"),
        (2, ("file",), "2 files"),
        (1, ("entry", "entries"), "1 entry"),
        (12_345, ("entry", "entries"), "12,345 entries"),
        (1, ("ticket request",), "1 ticket request"),
    ],
)
def test_one_thing_or_many(number, words, said):
    assert counted(number, *words) == said
