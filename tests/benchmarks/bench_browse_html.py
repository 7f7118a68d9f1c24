"""Benchmark: does compendium/browse_html.py still pay for itself?

browse_html writes the browse page's two long lists (facet values, results) as
HTML in Python, because the template language once spent two thirds of the
page's time on them. Visitors now mostly get the page from the whole-page cache
(compendium/page_cache.py), so what counts is the page made anew: a signed-in
person, a visitor's first look at a combination of filters, a release.

Data: `seed_demo --entries BENCH_BROWSE_ENTRIES` (default 10,000; about 55% of
synthetic entries are published, so an edition of about 5,600), then an official
edition released as bench_public.py does.

How it is measured: the browse page is asked of the whole project through
Django's test client (every middleware), as a visitor, with the page cache
switched off (bench_public's `page_cache_off`), for a few addresses (no filter,
one facet chosen, a search, a later page). Two ways of making the two lists take
turns on every round, in the same process: browse_html as the view calls it,
and the same lists from plain Django templates (below), which is what replacing
browse_html would mean; the page the two make must be the same, whitespace
aside. The per-process browse caches (the edition's bitmaps, its answers) stay
warm for both, so the figures are what rendering costs. BENCH_BROWSE_ROUNDS
(default 40) requests per address and way; medians are compared.

Verdict (from the issue): if the templates are less than 20% slower on the
uncached page, browse_html is not worth its code and templates should replace
it. The figures are printed; the assert only checks that both ways make the
same page.
"""

import os
import re
import statistics
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.template import engines
from django.test import Client

from accounts.models import User
from compendium import browse_html, editions
from compendium.choices import EditionKind
from compendium.models import Edition, EditionEntry
from tests.benchmarks.bench_public import forget_process_caches, page_cache_off

ENTRIES = int(os.environ.get("BENCH_BROWSE_ENTRIES", "10000"))
ROUNDS = int(os.environ.get("BENCH_BROWSE_ROUNDS", "40"))
GAIN_THRESHOLD = 0.20

# The two lists as a template would write them: what browse_html does, node
# for node, so that both give the same page.
FACETS_TEMPLATE = (
    "{% load i18n %}{% for facet in facets %}{% if facet.values %}"
    '<details class="facet"{% if facet.open %} open{% endif %}>'
    "<summary><h3>{{ facet.heading }}</h3></summary><ul>"
    "{% for value in facet.values|slice:shown %}{% if value.selected %}"
    '<li><a href="{{ value.url }}" aria-current="true" class="facet__selected">'
    '<span class="facet__label"><span class="visually-hidden">'
    '{% translate "Remove filter:" %} </span>{{ value.label }}</span> '
    '<span class="facet__count">{{ value.count }}</span></a></li>'
    '{% else %}<li><a href="{{ value.url }}"><span class="facet__label">'
    '{{ value.label }}</span> <span class="facet__count">{{ value.count }}</span>'
    "</a></li>{% endif %}{% endfor %}</ul></details>{% endif %}{% endfor %}"
)
RESULTS_TEMPLATE = (
    "{% load i18n %}{% for row in rows %}"
    '<li class="result"><h3 class="result__title"><a href="'
    "{% if is_current %}{% url 'compendium_public:entry' row.reference %}"
    "{% else %}{% url 'compendium_public:edition_entry' edition.label "
    'row.reference %}{% endif %}"{% if row.shown_lang %} lang="{{ row.shown_lang }}" '
    'dir="auto"{% endif %}>{{ row.shown_title }}</a></h3>'
    '<p class="result__meta">{{ row.reference }} · {{ row.shown_contributor }} · '
    "{% if row.end_year is None %}{% blocktranslate with start=row.start_year %}"
    "{{ start }} – ongoing{% endblocktranslate %}"
    "{% elif row.end_year != row.start_year %}{{ row.start_year }}–{{ row.end_year }}"
    "{% else %}{{ row.start_year }}{% endif %}</p>"
    '<p class="result__text"{% if row.shown_lang and not row.snippet %} '
    'lang="{{ row.shown_lang }}" dir="auto"{% endif %}>{% if row.snippet %}'
    "{{ row.snippet }}{% else %}{{ row.shown_summary|truncatewords:words }}"
    "{% endif %}</p></li>"
    "{% endfor %}"
)


class TemplateLists:
    """browse_html's two lists from templates, compiled once as the cached
    template loader would keep them."""

    def __init__(self):
        engine = engines["django"]
        self.facets = engine.from_string(FACETS_TEMPLATE)
        self.results = engine.from_string(RESULTS_TEMPLATE)

    def facet_lists(self, facets):
        shown = 0
        for facet in facets:
            if facet["values"]:
                shown += 1
            facet["open"] = (
                shown <= browse_html.FACETS_OPEN
                or facet["size"] < browse_html.OPEN_WHEN_FEWER_THAN
            )
        return self.facets.render(
            {"facets": facets, "shown": f":{browse_html.FACET_VALUES_SHOWN}"}
        )

    def result_items(self, rows, edition, is_current):
        return self.results.render(
            {
                "rows": rows,
                "edition": edition,
                "is_current": is_current,
                "words": browse_html.SUMMARY_WORDS,
            }
        )


def same_page(html):
    return re.sub(r">\s+<", "><", html.strip())


def timed_page(client, url, rounds_log):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    rounds_log.append(elapsed)
    return response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_browse_html_against_plain_templates(capsys, monkeypatch):
    forget_process_caches()
    started = time.perf_counter()
    call_command("seed_demo", "--entries", str(ENTRIES), stdout=StringIO())
    seeding_s = time.perf_counter() - started
    publisher = User.objects.get(email="publisher@example.org")
    edition = editions.release(
        actor=publisher,
        edition=Edition.objects.create(
            label="bench", title="Benchmark edition", kind=EditionKind.OFFICIAL
        ),
    )
    rows = EditionEntry.objects.filter(edition=edition).count()
    word = next(
        word
        for title in EditionEntry.objects.filter(edition=edition).values_list(
            "title", flat=True
        )[:50]
        for word in re.findall(r"[a-z]{6,}", title.lower())
    )
    urls = {
        "no filter": "/compendium/",
        "one pillar": "/compendium/?pillar=I",
        f"search “{word}”": f"/compendium/?q={word}",
        "page 3": "/compendium/?page=3",
        "edition, 2 facets": "/compendium/editions/bench/?pillar=I&priority=2",
    }
    ways = {
        "browse_html": (browse_html.facet_lists, browse_html.result_items),
        "templates": (TemplateLists().facet_lists, TemplateLists().result_items),
    }
    timings = {(label, way): [] for label in urls for way in ways}
    client = Client()
    with page_cache_off():
        for round_number in range(ROUNDS + 1):  # the first round warms up
            order = list(ways) if round_number % 2 else list(reversed(ways))
            for label, url in urls.items():
                pages = {}
                for way in order:
                    facets, results = ways[way]
                    monkeypatch.setattr(browse_html, "facet_lists", facets)
                    monkeypatch.setattr(browse_html, "result_items", results)
                    log = [] if round_number == 0 else timings[(label, way)]
                    pages[way] = timed_page(client, url, log)
                if round_number == 0:
                    assert same_page(pages["browse_html"]) == same_page(
                        pages["templates"]
                    ), label
    monkeypatch.undo()

    lines = [
        "",
        f"Browse page made anew (page cache off) on an edition of {rows:,} entries "
        f"(seed_demo --entries {ENTRIES:,}, seeded in {seeding_s:.0f} s); "
        f"median of {ROUNDS} requests per address and way",
        "",
        f"  {'address':<28} {'browse_html ms':>15} {'templates ms':>13} "
        f"{'templates slower by':>20}",
    ]
    gains = []
    for label in urls:
        fast = statistics.median(timings[(label, "browse_html")])
        plain = statistics.median(timings[(label, "templates")])
        gain = plain / fast - 1
        gains.append(gain)
        lines.append(f"  {label:<28} {fast:>15.1f} {plain:>13.1f} {gain:>19.0%}")
    overall = statistics.median(gains)
    verdict = (
        "keep browse_html"
        if overall >= GAIN_THRESHOLD
        else "replace browse_html with templates"
    )
    lines += [
        f"  median over the addresses: templates slower by {overall:.0%} "
        f"(threshold {GAIN_THRESHOLD:.0%}): {verdict}",
        "",
    ]
    with capsys.disabled():
        print("\n".join(lines))
