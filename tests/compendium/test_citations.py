"""Citing an entry or a whole edition: the sentence and BibTeX on the page with
copy buttons only where JavaScript runs, and the files reference managers
import (BibTeX, RIS, CSL-JSON), each pinned to the edition's own address,
whatever characters the entry's title holds."""

import json
import re
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from compendium import citations
from compendium.choices import EditionKind, OrganisationKind
from tests.compendium.factories import publish_entry, release_edition, revise_entry

pytestmark = pytest.mark.django_db

# PostgreSQL stores no NUL: the titles stored hold the other control
# characters, and NUL is tried on a citation made in memory.
HOSTILE = "Braces {} 100% & $5 #1 snake_case ~tilde ^caret back\\slash\x07\x1bbell"


@pytest.fixture
def released(publisher):
    entry = publish_entry(
        title="National early warning committee",
        summary="A committee that monitors risk factors.",
        contributor=("Ghana", OrganisationKind.MEMBER_STATE, "GHA"),
    )
    edition = release_edition(publisher, "1.0")
    return entry, edition


def download(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == content_type
    return response


def bibtex_fields(text):
    """The fields of one BibTeX entry, braces balanced as BibTeX reads them."""
    match = re.match(r"@(\w+)\{([^,]+),\n", text)
    assert match, text
    fields, position = {}, match.end()
    for found in re.finditer(r"  (\w+) = \{", text[position:]):
        start = position + found.end()
        depth, index = 1, start
        while depth:
            char = text[index]
            if char == "\\":
                index += 2
                continue
            depth += {"{": 1, "}": -1}.get(char, 0)
            index += 1
        fields[found.group(1)] = text[start : index - 1]
    assert text.rstrip().endswith("}")
    return match.group(1), match.group(2), fields


def ris_tags(text):
    lines = text.split("\r\n")
    assert lines[-1] == ""
    tags = [re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line) for line in lines[:-1]]
    assert all(tags), lines
    return [(tag.group(1), tag.group(2)) for tag in tags]


def test_an_entry_is_cited_in_bibtex_at_its_edition_address(client, released):
    entry, edition = released
    url = f"/compendium/editions/1.0/entries/{entry.reference}/cite.bib"
    response = download(client, url, "application/x-bibtex; charset=utf-8")
    assert response["Content-Disposition"] == (
        f'attachment; filename="r2p-compendium-1.0-{entry.reference}.bib"'
    )
    kind, key, fields = bibtex_fields(response.content.decode())
    assert kind == "misc"
    assert key == f"r2p-compendium-1-0-{entry.reference.lower()}"
    assert fields["author"] == "{Ghana}"
    assert fields["title"] == "National early warning committee"
    assert fields["edition"] == "1.0"
    assert fields["year"] == str(edition.released_at.year)
    assert fields["date"] == edition.released_at.date().isoformat()
    assert fields["url"] == (
        f"http://testserver/compendium/editions/1.0/entries/{entry.reference}/"
    )
    assert fields["publisher"] == citations.PUBLISHER


def test_an_entry_is_cited_in_ris(client, released):
    entry, edition = released
    url = f"/compendium/editions/1.0/entries/{entry.reference}/cite.ris"
    response = download(
        client, url, "application/x-research-info-systems; charset=utf-8"
    )
    assert response["Content-Disposition"].endswith(f'{entry.reference}.ris"')
    tags = ris_tags(response.content.decode())
    assert tags[0] == ("TY", "ENCYC")
    assert tags[-1] == ("ER", "")
    values = dict(tags)
    assert values["TI"] == "National early warning committee"
    assert values["AU"] == "Ghana"
    assert values["ET"] == "1.0"
    assert values["AN"] == entry.reference
    assert values["DA"] == edition.released_at.strftime("%Y/%m/%d")
    assert values["UR"].endswith(f"/compendium/editions/1.0/entries/{entry.reference}/")


def test_an_entry_is_cited_in_csl_json(client, released):
    entry, edition = released
    url = f"/compendium/editions/1.0/entries/{entry.reference}/cite.json"
    response = download(
        client, url, "application/vnd.citationstyles.csl+json; charset=utf-8"
    )
    [item] = json.loads(response.content)
    assert item["type"] == "entry-encyclopedia"
    assert item["title"] == "National early warning committee"
    assert item["author"] == [{"literal": "Ghana"}]
    assert item["container-title"] == "R2P Compendium of Practice"
    assert item["edition"] == "1.0"
    assert item["number"] == entry.reference
    released_on = edition.released_at.date()
    assert item["issued"] == {
        "date-parts": [[released_on.year, released_on.month, released_on.day]]
    }
    assert item["URL"].endswith(f"/compendium/editions/1.0/entries/{entry.reference}/")


def test_a_whole_edition_is_cited_in_each_format(client, released):
    edition = released[1]
    bib = download(
        client, "/compendium/editions/1.0/cite.bib", citations.FORMATS["bib"]
    )
    assert bib["Content-Disposition"] == (
        'attachment; filename="r2p-compendium-1.0.bib"'
    )
    kind, key, fields = bibtex_fields(bib.content.decode())
    assert (kind, key) == ("book", "r2p-compendium-1-0")
    assert fields["title"] == "R2P Compendium of Practice"
    assert fields["edition"] == "1.0"
    assert fields["author"] == "{" + citations.PUBLISHER + "}"
    assert fields["url"] == "http://testserver/compendium/editions/1.0/"

    ris = download(
        client, "/compendium/editions/1.0/cite.ris", citations.FORMATS["ris"]
    )
    tags = dict(ris_tags(ris.content.decode()))
    assert tags["TY"] == "BOOK"
    assert tags["N1"] == edition.title

    csl = download(
        client, "/compendium/editions/1.0/cite.json", citations.FORMATS["json"]
    )
    [item] = json.loads(csl.content)
    assert item["type"] == "book"
    assert item["URL"] == "http://testserver/compendium/editions/1.0/"


def test_hostile_titles_are_escaped_for_each_format(client, publisher):
    entry = publish_entry(title=HOSTILE, summary="Line one\nline two\rthree")
    release_edition(publisher, "1.0")
    base = f"/compendium/editions/1.0/entries/{entry.reference}/cite"

    bib = client.get(base + ".bib").content.decode()
    _kind, _key, fields = bibtex_fields(bib)
    assert fields["title"] == (
        r"Braces \{\} 100\% \& \$5 \#1 snake\_case \textasciitilde{}tilde "
        r"\textasciicircum{}caret back\textbackslash{}slashbell"
    )
    assert "\x07" not in bib and "\x1b" not in bib

    ris = client.get(base + ".ris").content.decode()
    tags = dict(ris_tags(ris))  # one line per tag: no line break got through
    assert (
        tags["TI"] == "Braces {} 100% & $5 #1 snake_case ~tilde ^caret back\\slashbell"
    )
    assert tags["AB"] == "Line one line two three"

    [item] = json.loads(client.get(base + ".json").content)
    assert item["title"] == tags["TI"]


def test_arabic_and_chinese_titles_stay_in_utf8(client, publisher):
    arabic = publish_entry(
        title="لجنة وطنية للإنذار المبكر",
        contributor=("Egypt", OrganisationKind.MEMBER_STATE, "EGY"),
    )
    chinese = publish_entry(title="国家预警委员会")
    release_edition(publisher, "1.0")
    for entry in (arabic, chinese):
        base = f"/compendium/editions/1.0/entries/{entry.reference}/cite"
        assert f"title = {{{entry.title}}}" in client.get(base + ".bib").content.decode(
            "utf-8"
        )
        assert f"TI  - {entry.title}\r\n" in client.get(base + ".ris").content.decode(
            "utf-8"
        )
        # Written as the characters themselves, not \\u escapes.
        csl = client.get(base + ".json").content.decode("utf-8")
        assert entry.title in csl
        assert json.loads(csl)[0]["title"] == entry.title


def test_unknown_editions_entries_and_formats_are_not_found(
    client, released, publisher
):
    entry = released[0]
    later = publish_entry(title="Added after the first edition")
    for url in (
        "/compendium/editions/9.9/cite.bib",
        f"/compendium/editions/9.9/entries/{entry.reference}/cite.bib",
        "/compendium/editions/1.0/entries/CP-NOPE/cite.ris",
        # Not in edition 1.0: it was published after the release.
        f"/compendium/editions/1.0/entries/{later.reference}/cite.json",
        "/compendium/editions/1.0/cite.pdf",
        f"/compendium/editions/1.0/entries/{entry.reference}/cite.txt",
        "/compendium/editions/1.0/cite.bib%00",
    ):
        assert client.get(url).status_code == 404, url


def test_an_edition_in_preparation_or_shared_is_not_public(client, publisher):
    from tests.compendium.factories import EditionFactory

    entry = publish_entry()
    EditionFactory(label="1.0")  # in preparation
    EditionFactory(pre_publication=True, label="2015-pre", shared=publisher)
    for label in ("1.0", "2015-pre"):
        assert client.get(f"/compendium/editions/{label}/cite.bib").status_code == 404
        url = f"/compendium/editions/{label}/entries/{entry.reference}/cite.bib"
        assert client.get(url).status_code == 404


def test_citation_files_are_cached_like_the_edition_pages(client, released):
    entry = released[0]
    url = f"/compendium/editions/1.0/entries/{entry.reference}/cite.bib"
    response = client.get(url)
    assert "public" in response["Cache-Control"]
    assert "s-maxage" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_a_citation_stays_pinned_to_the_edition_it_names(client, released, publisher):
    entry, _edition = released
    revise_entry(entry, title="Early warning and response committee")
    release_edition(publisher, "1.1", kind=EditionKind.UPDATE)
    old = client.get(f"/compendium/editions/1.0/entries/{entry.reference}/cite.bib")
    new = client.get(f"/compendium/editions/1.1/entries/{entry.reference}/cite.bib")
    assert "title = {National early warning committee}" in old.content.decode()
    assert "/editions/1.0/entries/" in old.content.decode()
    assert "title = {Early warning and response committee}" in new.content.decode()
    assert "/editions/1.1/entries/" in new.content.decode()
    # The current edition's page cites the edition it shows, by its label.
    page = client.get(f"/compendium/entries/{entry.reference}/").content.decode()
    assert (
        f"http://testserver/compendium/editions/1.1/entries/{entry.reference}/" in page
    )
    assert f'href="/compendium/editions/1.1/entries/{entry.reference}/cite.bib"' in page


def test_entry_page_offers_the_citation_with_copy_buttons_hidden_without_script(
    client, released
):
    entry = released[0]
    body = client.get(f"/compendium/editions/1.0/entries/{entry.reference}/")
    html = body.content.decode()
    assert "Cite this entry" in html
    # The text is on the page, to select without JavaScript…
    assert re.search(
        r'<pre class="citation" id="cite-entry-text"[^>]*>Ghana\. National early '
        r"warning committee\. In: R2P Compendium of Practice, edition 1\.0",
        html,
    )
    assert "@misc{r2p-compendium-1-0-" in html
    # …and the buttons show only when the script runs.
    buttons = re.findall(r"<button [^>]*data-copy=[^>]*>", html)
    assert len(buttons) == 2
    assert all(" hidden" in button for button in buttons)
    assert 'data-copied="Copied"' in html
    assert html.count('role="status" aria-live="polite"') >= 2
    assert re.search(
        r'<script src="/static/compendium/js/copy\.[0-9a-f.]*js"', html
    ) or ('<script src="/static/compendium/js/copy.js"' in html)
    for extension in ("bib", "ris", "json"):
        assert (
            f'href="/compendium/editions/1.0/entries/{entry.reference}/cite.{extension}"'
            in html
        )


def test_edition_pages_offer_cite_this_edition(client, released):
    for url in ("/compendium/", "/compendium/editions/1.0/"):
        html = client.get(url).content.decode()
        assert "Cite this edition" in html, url
        assert (
            "United Nations Office on Genocide Prevention and the Responsibility to "
            "Protect. R2P Compendium of Practice, edition 1.0" in html
        )
        assert 'href="/compendium/editions/1.0/cite.bib"' in html
    listing = client.get("/compendium/editions/").content.decode()
    assert "Cite an edition" in listing
    assert 'href="/compendium/editions/1.0/cite.ris"' in listing
    assert 'rel="license"' in listing


def test_the_citation_reads_in_the_pages_language(client, released):
    entry = released[0]
    html = client.get(f"/fr/compendium/entries/{entry.reference}/").content.decode()
    assert "Bureau des Nations Unies pour la prévention du génocide" in html


def test_nul_and_line_breaks_never_reach_a_citation_file():
    edition = SimpleNamespace(
        label="1.0",
        title="First\x00 official\nversion",
        released_at=datetime(2015, 9, 8, tzinfo=UTC),
    )
    row = SimpleNamespace(
        reference="CP-0042",
        title="Title\x00 with\r\nbreaks\u0085and NEL",
        contributor_name="Org\x00\x0b name",
        language="en",
        summary="Sum\x00mary",
    )
    for citation in (
        citations.for_entry(edition, row, "https://example.org/e/"),
        citations.for_edition(edition, "https://example.org/"),
    ):
        for write in citations.WRITERS.values():
            text = write(citation)
            assert "\x00" not in text and "\x0b" not in text and "\x85" not in text
        tags = dict(ris_tags(citations.as_ris(citation)))
        assert tags["TI"] in ("Title with breaks and NEL", "R2P Compendium of Practice")
    entry = citations.for_entry(edition, row, "https://example.org/e/")
    assert entry.author == "Org name"
    assert json.loads(citations.as_csl_json(entry))[0]["abstract"] == "Summary"
