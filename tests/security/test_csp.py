"""The content security policy: the public site and the portal run only the
site's own scripts and styles, nothing inline and nothing from another site;
Wagtail's admin gets the looser policy it needs, and only the admin."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from compendium.choices import EditionKind
from tests.compendium.factories import (
    EditionFactory,
    publish_entry,
    release_edition,
    revise_entry,
)
from tests.review.factories import open_round

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Not pages of the public site or the portal: the PDF (WeasyPrint reads it,
# not a browser), e-mails, and the admin's screens (under the admin's policy).
NOT_PUBLIC_TEMPLATES = ("pdf", "email", "admin", "wagtailadmin")
# Script types a browser does not run, so the policy does not concern them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}
# What any directive may name: the site itself and nothing of another site.
OWN_SOURCES = {"'self'", "'none'", "'unsafe-inline'", "data:", "blob:"}


def policy(response):
    """The response's policy as {directive: [sources]}."""
    assert HEADER in response, response.request["PATH_INFO"]
    directives = {}
    for part in response[HEADER].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


PUBLIC = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


@pytest.fixture
def released(publisher):
    entry = publish_entry(
        title="National early warning committee", countries=["GHA"], reference="CP-0042"
    )
    release_edition(publisher, "1.0")
    revise_entry(entry, summary="A committee that now also trains mediators.")
    publish_entry(title="Regional mediation support", pillars=["II"])
    release_edition(publisher, "1.1", kind=EditionKind.UPDATE)
    return entry


@pytest.fixture
def opened_round(publisher, ghana, released):
    return open_round(
        [ghana],
        publisher=publisher,
        edition=EditionFactory(pre_publication=True, label="2016-pre"),
    )


PUBLIC_PAGES = [
    "/",
    "/about/",
    "/compendium/",
    "/compendium/?q=committee&pillar=I",
    "/compendium/entries/CP-0042/",
    "/compendium/editions/",
    "/compendium/editions/1.0/",
    "/compendium/editions/1.1/changes/",
    "/compendium/countries/",
    "/compendium/countries/GHA/",
    "/compendium/statistics/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/no-such-page/",
]


def portal_pages(draft, opened_round):
    return [
        "/contribute/",
        "/contribute/entries/new/",
        f"/contribute/entries/{draft.reference}/",
        f"/contribute/entries/{draft.reference}/edit/",
        f"/contribute/entries/{draft.reference}/history/",
        "/contribute/notifications/",
        "/contribute/rounds/",
        f"/contribute/rounds/{opened_round.pk}/",
        "/accounts/password/change/",
    ]


class InlineCode(HTMLParser):
    """Every inline script, <style>, style attribute, on* handler and
    javascript: address in a page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        if tag == "script" and not attributes.get("src"):
            kind = (attributes.get("type") or "").lower()
            if kind not in DATA_SCRIPT_TYPES:
                self.found.append(f"line {line}: inline <script>")
        if tag == "style":
            self.found.append(f"line {line}: <style> element")
        for name, value in attrs:
            if name == "style":
                self.found.append(f'line {line}: style="{value}" on <{tag}>')
            elif name.startswith("on"):
                self.found.append(f"line {line}: {name}= on <{tag}>")
            elif name in {"href", "src", "action", "formaction"} and (
                (value or "").strip().lower().startswith("javascript:")
            ):
                self.found.append(f"line {line}: javascript: address on <{tag}>")

    handle_startendtag = handle_starttag


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_check_finds_each_kind_of_inline_code():
    page = """<body onload="go()"><p style="color: red">x</p>
    <script>alert(1)</script><script src="/static/a.js"></script>
    <script type="application/json" id="data">{"a": 1}</script>
    <style>p {}</style><a href="javascript:go()">go</a><img src="x" onerror="go()">"""
    assert len(inline_code(page)) == 6


def test_public_pages_carry_the_public_policy(client, released):
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert policy(response) == PUBLIC, url


def test_public_pages_have_no_inline_script_style_or_handler(client, released):
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert inline_code(response.content.decode()) == [], url


def test_portal_pages_carry_the_public_policy_and_no_inline_code(
    client, contributor, draft, opened_round
):
    client.force_login(contributor)
    for url in portal_pages(draft, opened_round):
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == PUBLIC, url
        assert inline_code(response.content.decode()) == [], url


def test_the_statistics_bars_have_their_lengths_without_inline_styles(client, released):
    body = client.get("/compendium/statistics/").content.decode()
    widths = re.findall(r'<rect class="bars__bar" width="([\d.]+)"', body)
    assert "100" in widths  # the largest bar fills its track
    assert "style=" not in body


def test_a_page_kept_for_visitors_is_answered_with_its_policy(client, released):
    first = client.get("/compendium/entries/CP-0042/")
    kept = client.get("/compendium/entries/CP-0042/")
    assert kept.content == first.content
    assert policy(kept) == PUBLIC


def test_the_error_page_has_no_inline_style():
    assert inline_code(render_to_string("500.html")) == []


def test_no_public_or_portal_template_holds_inline_code():
    """The templates themselves, for pages the tests above do not reach."""
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        relative = path.relative_to(TEMPLATES)
        if any(part in NOT_PUBLIC_TEMPLATES for part in relative.parts):
            continue
        text = path.read_text()
        for pattern in [
            r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>",
            r"<style\b",
            r"\sstyle=",
            r"\son[a-z]+=",
            r"javascript:",
        ]:
            for match in re.finditer(pattern, text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{relative}:{line}: {match.group().strip()}")
    assert problems == []


def test_admin_pages_get_the_admin_policy(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/admin/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    # Previews are shown in a frame of the editor, so the admin may frame itself.
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


def test_the_admin_sign_in_page_gets_the_admin_policy(client):
    directives = policy(client.get("/admin/login/"))
    assert "'unsafe-inline'" in directives["script-src"]


def test_the_looser_policy_is_the_admins_only(client, contributor, draft):
    client.force_login(contributor)
    for url in ["/", "/compendium/", "/contribute/", "/accounts/login/"]:
        directives = policy(client.get(url))
        assert "'unsafe-inline'" not in directives["script-src"], url
        assert "'unsafe-inline'" not in directives["style-src"], url


def test_no_policy_names_another_site(client, reviewer, released):
    responses = [client.get(url) for url in ["/", "/compendium/", "/accounts/login/"]]
    client.force_login(reviewer)
    responses.append(client.get("/admin/"))
    for response in responses:
        for directive, sources in policy(response).items():
            assert set(sources) <= OWN_SOURCES, (directive, sources)
