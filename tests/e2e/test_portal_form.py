"""The entry form in a real browser: countries found by typing and chosen with
the keyboard, the description formatted in the editor, saved as exactly the
HTML the sanitiser keeps."""

import re

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from compendium.formatted_text import ALLOWED_TAGS
from contributions.models import PracticeEntry
from contributions.richtext import sanitise
from tests.contributions.factories import PASSWORD, MembershipFactory
from tests.e2e.conftest import check_page, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# More than the toolbar offers, and things it must not keep: whatever the
# editor is given, it writes only what the sanitiser keeps.
EVERYTHING = (
    "<h1>Title</h1><h2>Heading</h2><h3>Sub</h3><h4>Minor</h4>"
    '<p style="color:red">A <strong>bold</strong> <b>b</b> <em>em</em> <i>i</i> '
    "<u>under</u> <s>struck</s> <code>code</code> <span>span</span> "
    '<a href="https://example.org/?a=1&amp;b=2" target="_blank" class="x">web</a> '
    '<a href="mailto:desk@example.org">mail</a> '
    '<a href="javascript:alert(1)">script</a>'
    "<br>next line &amp; x &lt; y</p>"
    "<ul><li>one<ul><li>nested</li></ul></li></ul>"
    '<ol start="5" type="a"><li>five</li></ol>'
    "<blockquote>quoted</blockquote><pre>pre</pre><hr>"
    '<img src="https://example.org/x.png" alt="x">'
    "<table><tr><td>cell</td></tr></table><p></p>"
)


def test_contributor_picks_ghana_by_keyboard_and_formats_the_description(page, ghana):
    contributor = MembershipFactory(organisation=ghana).user
    sign_in(page, contributor.email, PASSWORD)
    page.wait_for_url("**/contribute/")
    page.goto("/contribute/entries/new/")

    # The label names the editor; the textarea behind it is hidden.
    editor = page.get_by_role("textbox", name="Description")
    assert page.get_by_label("Description").count() == 1
    expect(page.locator('textarea[name="description"]')).to_be_hidden()

    # The editor writes only what the sanitiser keeps, whatever is pasted
    # into it (with no report from the content security policy).
    written = page.evaluate(
        """(html) => {
            const editor = document.querySelector('.richtext').richTextEditor;
            const data = new DataTransfer();
            data.setData('text/html', html);
            editor.view.dom.dispatchEvent(new ClipboardEvent('paste', {
                clipboardData: data, bubbles: true, cancelable: true,
            }));
            return document.querySelector('textarea[name="description"]').value;
        }""",
        EVERYTHING,
    )
    tags = {tag.name for tag in BeautifulSoup(written, "html.parser").find_all(True)}
    assert tags <= ALLOWED_TAGS, written
    assert {"h2", "h3", "h4", "strong", "em", "a", "br", "ul", "ol", "li"} <= tags
    assert "blockquote" in tags
    assert sanitise(written) == written
    assert "javascript:" not in written
    assert "<p></p>" not in written
    page.evaluate(
        "() => document.querySelector('.richtext').richTextEditor"
        ".commands.clearContent(true)"
    )

    page.get_by_role("textbox", name="Title", exact=True).fill(
        "National early-warning committee"
    )
    page.get_by_label("Summary").fill(
        "An inter-ministerial committee that reviews risk factors every month."
    )

    # The description: bold from the toolbar, a list from the toolbar.
    editor.click()
    page.keyboard.type("The committee is ")
    toolbar = page.get_by_role("toolbar", name="Formatting")
    toolbar.get_by_role("button", name="Bold").click()
    page.keyboard.type("independent")
    toolbar.get_by_role("button", name="Bold").click()
    page.keyboard.type(". It:")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Bulleted list").click()
    page.keyboard.type("monitors risk factors")
    page.keyboard.press("Enter")
    page.keyboard.type("reports to parliament")
    assert (
        toolbar.get_by_role("button", name="Bulleted list").get_attribute(
            "aria-pressed"
        )
        == "true"
    )

    # Countries: type "gha", choose Ghana with the keyboard.
    countries = page.get_by_role("combobox", name="Countries concerned")
    countries.click()
    page.keyboard.type("gha")
    listbox = page.get_by_role("listbox", name="Countries concerned")
    option = listbox.get_by_role("option", name="Ghana", exact=True)
    # The list narrows as one types, the best match first and active.
    expect(option).to_have_attribute("aria-selected", "true")
    expect(listbox.get_by_role("option").first).to_have_text("Ghana")
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Ghana chosen.").wait_for()
    page.keyboard.press("Escape")

    page.get_by_role("group", name="Pillars").get_by_label(
        "Pillar I: The protection responsibilities of the State"
    ).check()
    page.get_by_role("group", name="Priorities").get_by_label(
        "2. Elevating prevention"
    ).check()
    page.get_by_label("Start year").fill("2012")
    page.get_by_label("Source title").first.fill("Decree No. 12 of 2012")
    # The row in use now marks its web address required; the next row does not.
    rows = page.locator("[data-source-row]")
    expect(rows.nth(0).locator("[data-required-mark]").first).to_be_visible()
    expect(rows.nth(1).locator("[data-required-mark]").first).not_to_be_visible()
    page.get_by_label("Web address").first.fill("https://example.gov.gh/decree-12")
    check_page(page, "portal-form-filled")

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r".*/contribute/entries/CP-\d+/$"))
    check_page(page, "portal-form-saved")

    entry = PracticeEntry.objects.get()
    assert entry.description == (
        "<p>The committee is <strong>independent</strong>. It:</p>"
        "<ul><li><p>monitors risk factors</p></li>"
        "<li><p>reports to parliament</p></li></ul>"
    )
    assert sanitise(entry.description) == entry.description
    assert [country.name for country in entry.countries.all()] == ["Ghana"]
    assert page.locator(".rich-text strong").inner_text() == "independent"
    assert page.locator(".rich-text li").count() == 2

    # Editing shows the same formatting in the editor, and saving keeps it.
    page.goto(f"/contribute/entries/{entry.reference}/edit/")
    assert page.get_by_role("textbox", name="Description").locator(
        "strong"
    ).inner_text() == ("independent")
    assert page.locator(".ts-control .item").all_inner_texts()[0].startswith("Ghana")
    page.get_by_role("button", name="Save new version").click()
    page.wait_for_url(f"**/contribute/entries/{entry.reference}/")
    entry.refresh_from_db()
    assert entry.version_number == 2
    assert entry.description == (
        "<p>The committee is <strong>independent</strong>. It:</p>"
        "<ul><li><p>monitors risk factors</p></li>"
        "<li><p>reports to parliament</p></li></ul>"
    )
