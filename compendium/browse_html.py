"""The browse page's two long lists, facet values and results, written as HTML
here rather than by the template language.

Measured on an edition of 1,600 entries: the template language spent two thirds
of a browse page's time on these lists (some 1,300 template nodes per page, for
about 200 facet links and 20 results); building the same HTML here takes a
tenth of that. Every text is escaped; only the search snippets, already escaped
with their <mark> added, go in as they are.

Kept behind the whole-page cache, which serves most visitors: a page is still
made anew for every signed-in person, every new combination of filters and
after each release, and there templates making the same page were 2.5 times as
slow (tests/benchmarks/bench_browse_html.py, edition of 5,500 entries: a median
of 138 ms a page here, 342 ms with templates).
"""

from html import escape as _escape
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .localized import active
from .models.content import period_of
from .templatetags.site_links import isolate

FACET_VALUES_SHOWN = 30
FACETS_OPEN = 3
OPEN_WHEN_FEWER_THAN = 8
SUMMARY_WORDS = 45


def escape(text):
    """Django's escape, without its wrapper for lazy text and the safe string it
    returns: these lists escape some 300 texts per page."""
    return _escape(str(text))


def facet_lists(facets):
    """One <details> per facet that has values: its first values as links that
    add or remove the filter, with their counts. A facet's "size" is how many
    values it has in all, "values" those listed first and the chosen ones."""
    remove = escape(_("Remove filter:"))
    parts = []
    shown = 0
    for facet in facets:
        values = facet["values"]
        if not values:
            continue
        shown += 1
        is_open = shown <= FACETS_OPEN or facet["size"] < OPEN_WHEN_FEWER_THAN
        parts.append(
            f'<details class="facet"{" open" if is_open else ""}>'
            f"<summary><h3>{escape(facet['heading'])}</h3></summary><ul>"
        )
        for value in values[:FACET_VALUES_SHOWN]:
            label = escape(value["label"])
            count = value["count"]
            url = escape(value["url"])
            if value["selected"]:
                parts.append(
                    f'<li><a href="{url}" aria-current="true" '
                    f'class="facet__selected"><span class="facet__label">'
                    f'<span class="visually-hidden">{remove} </span>{label}</span> '
                    f'<span class="facet__count">{count}</span></a></li>'
                )
            else:
                parts.append(
                    f'<li><a href="{url}"><span class="facet__label">{label}</span> '
                    f'<span class="facet__count">{count}</span></a></li>'
                )
        parts.append("</ul></details>")
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above


def selected_filters(facets):
    """(name, value) of every facet value chosen, for the forms' hidden fields."""
    return [
        (facet["name"], value["value"])
        for facet in facets
        for value in facet["values"]
        if value["selected"]
    ]


def _entry_url(edition, is_current):
    marker = "__reference__"
    if is_current:
        pattern = reverse("compendium_public:entry", args=[marker])
    else:
        pattern = reverse(
            "compendium_public:edition_entry", args=[edition.label, marker]
        )
    before, after = pattern.split(marker)
    return lambda reference: escape(before + quote(reference) + after)


def _period(row):
    # A released row's end year is None while the practice is ongoing.
    return escape(period_of(row.start_year, row.end_year, row.end_year is None))


def result_items(rows, edition, is_current):
    """The page's results as <li> items of the result list."""
    url_of = _entry_url(edition, is_current)
    language = active()
    parts = []
    for row in rows:
        # The title, summary and contributor's name the edition pinned in the
        # reader's language; else the original, marked with its language.
        shown = (row.in_languages or {}).get(language, {})
        title = shown.get("title")
        original = "" if title or row.language == language else row.language
        marked = f' lang="{escape(original)}" dir="auto"' if original else ""
        snippet = getattr(row, "snippet", None)
        if snippet:
            # The passage the words were found in, in whichever language.
            text = conditional_escape(snippet)
            text_marked = ""
        else:
            summary = shown.get("summary") or row.summary
            text = escape(Truncator(summary).words(SUMMARY_WORDS, truncate=" …"))
            text_marked = marked
        parts.append(
            f'<li class="result"><h3 class="result__title">'
            f'<a href="{url_of(row.reference)}"{marked}>'
            f"{escape(title or row.title)}</a></h3>"
            f'<p class="result__meta">{escape(isolate(row.reference))} · '
            f"{escape(shown.get('contributor_name') or row.contributor_name)} · "
            f"{_period(row)}</p>"
            f'<p class="result__text"{text_marked}>{text}</p></li>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above
