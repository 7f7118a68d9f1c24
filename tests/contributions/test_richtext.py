"""Plain text (no tags) becomes paragraphs without passing through the HTML
cleaner; what it gives must be exactly what the cleaner would have written."""

import random
import re

import pytest
from django.utils.html import escape

from contributions.richtext import clean_html, sanitise


def through_the_cleaner(text):
    """The long way: escaped paragraphs parsed and written out by nh3."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    html = "".join(
        "<p>{}</p>".format(escape(p).replace("\n", "<br>")) for p in paragraphs
    )
    return clean_html(html)


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("x < y & z > w", "<p>x &lt; y &amp; z &gt; w</p>"),
        ("Line one\nline two\n\nSecond", "<p>Line one<br>line two</p><p>Second</p>"),
        ("“Quotes” 'and' \"more\"", "<p>“Quotes” 'and' \"more\"</p>"),
        ("no\xa0break &amp; entity", "<p>no&nbsp;break &amp;amp; entity</p>"),
        ("  \n\n  ", ""),
    ],
)
def test_plain_text_becomes_escaped_paragraphs(text, html):
    assert sanitise(text) == html


def test_plain_text_comes_out_exactly_as_the_cleaner_writes_it():
    rng = random.Random(2005)  # noqa: S311 (not for security)
    characters = [chr(code) for code in range(1, 0x250)] + [
        *"\n\n\n   &;#<>=/",
        "\ufeff",
        "\u2028",
        "\ufffe",
        "\U0001f600",
        "&amp;",
        "&nbsp;",
        "&#39;",
    ]
    compared = 0
    for _ in range(20000):
        text = "".join(rng.choice(characters) for _ in range(rng.randint(0, 24)))
        if re.search(r"<[a-zA-Z/!]", text):
            continue  # not plain text
        compared += 1
        assert sanitise(text) == through_the_cleaner(text), repr(text)
    assert compared > 15000
