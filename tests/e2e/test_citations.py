"""Citing and reusing in a real browser: a visitor copies an entry's citation
and sees it confirmed, downloads its BibTeX, cites a whole edition, reads the
citation without JavaScript, and reads the API's page; desktop and phone
widths, in English and Arabic, with axe and under the site's policy."""

import pytest
from playwright.sync_api import expect

from compendium.choices import OrganisationKind
from tests.compendium.factories import publish_entry, release_edition
from tests.e2e.conftest import check_page

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def released(publisher):
    entry = publish_entry(
        title="National early warning committee",
        contributor=("Ghana", OrganisationKind.MEMBER_STATE, "GHA"),
    )
    release_edition(publisher, "1.0")
    return entry


def test_a_visitor_copies_and_downloads_an_entrys_citation(page, live_server, released):
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    page.goto(f"/compendium/entries/{released.reference}/")
    cite = page.get_by_role("region", name="Cite this entry")
    expect(cite.get_by_role("heading", name="Cite this entry")).to_be_visible()
    citation = page.locator("#cite-entry-text")
    expected = citation.inner_text()
    assert expected.startswith("Ghana. National early warning committee. In: R2P")
    assert f"/compendium/editions/1.0/entries/{released.reference}/" in expected

    cite.get_by_role("button", name="Copy the citation").click()
    expect(page.locator("#cite-entry-text-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == expected

    cite.get_by_role("button", name="Copy the BibTeX").click()
    expect(page.locator("#cite-entry-bibtex-status")).to_have_text("Copied")
    # Only the latest copy is confirmed.
    expect(page.locator("#cite-entry-text-status")).to_have_text("")
    assert page.evaluate("navigator.clipboard.readText()").startswith(
        "@misc{r2p-compendium-1-0-"
    )
    check_page(page, "citation-entry-copied")

    with page.expect_download() as download:
        cite.get_by_role("link", name="BibTeX (.bib)").click()
    assert (
        download.value.suggested_filename
        == f"r2p-compendium-1.0-{released.reference}.bib"
    )
    with open(download.value.path(), encoding="utf-8") as bib:
        content = bib.read()
    assert content.startswith("@misc{r2p-compendium-1-0-")
    assert "  title = {National early warning committee},\n" in content
    assert "  edition = {1.0},\n" in content

    page.set_viewport_size(PHONE)
    page.reload()
    expect(cite.get_by_role("button", name="Copy the citation")).to_be_visible()
    check_page(page, "citation-entry-phone")
    page.goto(f"/ar/compendium/entries/{released.reference}/")
    expect(page.get_by_role("heading", name="الاستشهاد بهذا البند")).to_be_visible()
    check_page(page, "citation-entry-arabic-phone")


def test_a_visitor_cites_a_whole_edition(page, live_server, released):
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    page.goto("/compendium/editions/1.0/")
    cite = page.get_by_role("region", name="Cite this edition")
    cite.get_by_role("button", name="Copy the citation").click()
    expect(page.locator("#cite-edition-text-status")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(
        "United Nations Office on Genocide Prevention and the Responsibility to "
        "Protect. R2P Compendium of Practice, edition 1.0"
    )
    check_page(page, "citation-edition")
    with page.expect_download() as download:
        cite.get_by_role("link", name="RIS (.ris)").click()
    assert download.value.suggested_filename == "r2p-compendium-1.0.ris"

    page.goto("/compendium/editions/")
    expect(page.get_by_role("heading", name="Cite an edition")).to_be_visible()
    check_page(page, "citation-editions-list")


def test_without_javascript_the_citation_is_there_to_select(
    browser, live_server, released
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/compendium/entries/{released.reference}/")
    expect(page.locator("#cite-entry-text")).to_contain_text(
        "Ghana. National early warning committee."
    )
    expect(page.get_by_role("button", name="Copy the citation")).to_be_hidden()
    context.close()


def test_the_api_page_draws_the_schema(page, released):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Open data API").click()
    expect(
        page.get_by_role("heading", name="The open-data API", level=1)
    ).to_be_visible()
    # Swagger UI draws the schema's endpoints, grouped by their tags.
    endpoints = page.get_by_role("region", name="Endpoints")
    expect(endpoints.get_by_role("heading", name="editions", level=3)).to_be_visible()
    expect(
        endpoints.get_by_text("/api/v1/editions/{label}/entries/", exact=True)
    ).to_be_visible()
    check_page(page, "api-docs")
    page.set_viewport_size(PHONE)
    page.reload()
    expect(endpoints.get_by_role("heading", name="taxonomy", level=3)).to_be_visible()
    check_page(page, "api-docs-phone")
