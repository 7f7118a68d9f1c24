"""Formatted text from contributors: a small, safe subset of HTML."""

import html as html_module
import re

import nh3
from django.utils.html import escape

from compendium.formatted_text import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    DROPPED_WITH_CONTENT,
)

_HAS_TAG = re.compile(r"<[a-zA-Z/!]")
_HAS_BLOCK = re.compile(r"<(p|h[1-6]|ul|ol|blockquote|div)\b", re.IGNORECASE)
# An HTML parser turns carriage returns into new lines and drops NUL.
_REWRITTEN_BY_PARSER = re.compile(r"[\r\x00]")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _escape_text(text):
    """Text as the cleaner writes a text node: &, < and > escaped, quotes not,
    and a no-break space as &nbsp;."""
    return (
        text.replace("&", "&amp;")
        .replace("\xa0", "&nbsp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def clean_html(html):
    """The HTML cleaner's part of sanitise: only the allowed tags and
    attributes, and links to http(s) and mailto addresses."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def sanitise(html):
    """Keep paragraphs, headings, lists, emphasis and http(s)/mailto links; drop
    scripts, event handlers, iframes, styles and every other tag or attribute.

    Text without block tags is taken as paragraphs separated by blank lines; text
    without any tag is escaped first, so "x < y & z" stays as typed.
    """
    html = (html or "").strip()
    if not html:
        return ""
    if not _HAS_BLOCK.search(html):
        plain = not _HAS_TAG.search(html)
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", html) if p.strip()]
        if plain and not _REWRITTEN_BY_PARSER.search(html):
            # Text without any tag: the cleaner would only parse paragraphs of
            # escaped text and write them out again as below (measured, a sixth
            # of the time of importing an entry with a description).
            return "".join(
                "<p>{}</p>".format(_escape_text(p).replace("\n", "<br>"))
                for p in paragraphs
            )
        html = "".join(
            "<p>{}</p>".format((escape(p) if plain else p).replace("\n", "<br>"))
            for p in paragraphs
        )
    return clean_html(html)


def to_text(html):
    """Readable plain text of formatted text, one block per line, for diffs."""
    with_breaks = _BLOCK_END.sub("\n", html or "")
    text = nh3.clean(with_breaks, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
    lines = [html_module.unescape(line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


_ONLY_PARAGRAPHS = re.compile(r"^(<p>(?:(?!</?p>).)*</p>)+$", re.DOTALL)


def to_editable(html):
    """What the editor shows: simple paragraphs as plain text separated by blank
    lines, anything richer as the HTML it is."""
    html = (html or "").strip()
    without_breaks = re.sub(r"<br\s*/?>", "\n", html)
    if not _ONLY_PARAGRAPHS.match(without_breaks) or _HAS_TAG.search(
        re.sub(r"</?p>", "", without_breaks)
    ):
        return html
    paragraphs = re.findall(r"<p>(.*?)</p>", without_breaks, re.DOTALL)
    return "\n\n".join(html_module.unescape(p) for p in paragraphs)
