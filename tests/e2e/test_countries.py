"""A visitor's research tools in a real browser: the country index, a country
profile and the statistics, at desktop and phone widths, with axe."""

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
def two_editions(publisher):
    publish_entry(title="National early warning committee", countries=["KEN"])
    publish_entry(
        title="Regional mediation support",
        pillars=["II"],
        priorities=["3"],
        countries=["KEN", "GHA"],
        contributor=("African Union", OrganisationKind.REGIONAL, None),
        start_year=2016,
    )
    release_edition(publisher, "1.0")
    publish_entry(title="Community radio", pillars=["III"], countries=["KEN"])
    release_edition(publisher, "1.1")


def test_a_visitor_compares_countries_and_reads_the_figures(page, two_editions):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Countries"
    ).click()
    expect(page.get_by_role("heading", name="Countries", level=1)).to_be_visible()
    kenya = page.get_by_role("row", name="Kenya")
    expect(kenya.get_by_role("cell").first).to_have_text("3")
    check_page(page, "countries-index")

    page.get_by_label("Region").select_option(label="Africa")
    page.get_by_label("Only countries with entries").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("heading", name="Europe")).to_have_count(0)
    expect(page.get_by_text("2 of ")).to_be_visible()
    check_page(page, "countries-index-filtered")

    page.get_by_role("link", name="Kenya", exact=True).click()
    expect(page.get_by_text("3 entries about Kenya")).to_be_visible()
    page.get_by_text("Show the figures as a table").first.click()
    expect(page.get_by_role("heading", name="In each edition")).to_be_visible()
    check_page(page, "country-profile")

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Statistics"
    ).click()
    expect(page.get_by_text("Edition 1.1 holds 3 entries.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="What grew since edition 1.0")
    ).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").filter(
            has_text="Priorities covered"
        ).click()
    assert download.value.suggested_filename == "compendium-1.1-priorities.csv"
    page.get_by_label("Figures of edition").select_option("1.0")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Edition 1.0 holds 2 entries.")).to_be_visible()
    check_page(page, "statistics-edition-1.0")

    page.set_viewport_size(PHONE)
    for url, name in (
        ("/compendium/countries/", "countries-index-phone"),
        ("/compendium/countries/KEN/", "country-profile-phone"),
        ("/compendium/statistics/", "statistics-phone"),
        ("/ar/compendium/countries/?region=002", "countries-index-arabic-phone"),
    ):
        page.goto(url)
        # The navigation wraps: nothing is wider than the phone.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (url, width)
        check_page(page, name)


def focus_the_map_by_keyboard(page, before):
    """Tab from `before` until a country on the map has the focus; its name."""
    before.focus()
    for _step in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.world-map')"):
            return page.evaluate("document.activeElement.getAttribute('aria-label')")
    raise AssertionError("Tab never reached the map")


def test_a_keyboard_user_reaches_a_country_on_the_map_and_opens_it(page, two_editions):
    page.goto("/compendium/countries/")
    world = page.get_by_role("figure", name="Entries about each country")
    expect(world.get_by_role("link", name="Kenya: 3 entries")).to_be_visible()
    expect(world.get_by_text("do not imply official endorsement")).to_be_visible()

    name = focus_the_map_by_keyboard(page, page.get_by_role("button", name="Filter"))
    # Countries in the order the map draws them: Ghana, then Kenya.
    assert name == "Ghana: 1 entry"
    outline = page.evaluate(
        "getComputedStyle(document.activeElement.querySelector('path')).strokeWidth"
    )
    assert outline == "3px"  # the focused country stands out from the others
    check_page(page, "countries-map-focus")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Kenya: 3 entries"
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        f"{page.url.split('/compendium')[0]}/compendium/countries/KEN/"
    )
    expect(page.get_by_text("3 entries about Kenya")).to_be_visible()

    page.goto("/compendium/statistics/")
    world = page.get_by_role("figure", name="Entries about each country")
    expect(world.get_by_role("link", name="Kenya: 3 entries")).to_be_visible()
    world.get_by_role("link", name="The same figures as a table").click()
    expect(
        page.get_by_role("region", name="Entries by country").get_by_role(
            "row", name="Kenya"
        )
    ).to_be_visible()
    check_page(page, "statistics-map")

    page.goto("/ar/compendium/countries/")
    world = page.get_by_role("figure").first
    expect(world.get_by_role("link", name="كينيا", exact=False)).to_be_visible()
    legend = world.locator(".world-map__legend")
    direction = legend.evaluate("element => getComputedStyle(element).direction")
    assert direction == "rtl"
    check_page(page, "countries-map-arabic")

    page.set_viewport_size(PHONE)
    page.goto("/compendium/countries/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    box = page.locator(".world-map__svg").bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    check_page(page, "countries-map-phone")
