"""From accepted entries to the public compendium, in real browsers: publishing,
releasing editions, and a visitor finding, reading and citing an entry."""

import pytest
from playwright.sync_api import expect

from compendium.models import CompendiumEntry
from contributions import services as contribution_services
from review import services as review_services
from review.choices import DecisionKind
from tests.compendium.factories import revise_entry
from tests.contributions.factories import PASSWORD, MembershipFactory, create_entry
from tests.e2e.conftest import check_page, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 800}


def accepted_entry(organisation, reviewer, **fields):
    contributor = MembershipFactory(organisation=organisation).user
    focal_point = MembershipFactory(organisation=organisation, focal_point=True).user
    entry = create_entry(contributor, organisation, **fields)
    contribution_services.submit(actor=focal_point, entry=entry)
    review_services.decide(actor=reviewer, entry=entry, kind=DecisionKind.ACCEPT)
    return entry


def publish_through_the_admin(office, entry):
    office.goto(f"/admin/practice_entries/inspect/{entry.pk}/")
    office.get_by_role("link", name="Publish to the compendium").click()
    check_page(office, "admin-publish-accepted-entry")
    office.get_by_role("button", name="Create the compendium entry as a draft").click()
    expect(office.get_by_text("is now a draft of compendium entry")).to_be_visible()
    office.get_by_role("button", name="More actions").click()
    office.get_by_role("button", name="Publish").click()
    expect(office.get_by_text("published")).to_be_visible()


def release_through_the_admin(office, label, title, kind):
    office.goto("/admin/edition/new/")
    office.get_by_label("Label").fill(label)
    office.get_by_label("Title").fill(title)
    office.get_by_label("Kind").select_option(kind)
    office.get_by_role("button", name="Create").click()
    expect(office.get_by_text("created.")).to_be_visible()
    # The list of editions offers each one's release in its row.
    office.get_by_role("link", name=f"Release edition {label}").click()
    release = office.get_by_role("button", name=f"Release edition {label}")
    # The confirmation page itself, not the blank one the link leaves behind.
    expect(release).to_be_visible()
    check_page(office, f"admin-release-{label}")
    release.click()
    expect(office.get_by_text(f"Edition {label} is released")).to_be_visible()


def test_publish_release_find_read_cite_revise_and_compare(
    new_page, ghana, denmark, reviewer, publisher
):
    mediation = accepted_entry(
        ghana,
        reviewer,
        title="National mediation council",
        summary="Mediation by trusted elders defuses local disputes before they "
        "turn violent.",
    )
    training = accepted_entry(
        denmark,
        reviewer,
        title="Training on atrocity prevention for diplomats",
        summary="Every new diplomat learns the risk factors of atrocity crimes.",
    )

    # The publisher publishes both accepted entries and releases edition 1.0.
    office = new_page()
    sign_in(office, publisher.email, PASSWORD)
    office.wait_for_url("**/admin/")
    for entry in (mediation, training):
        publish_through_the_admin(office, entry)
    assert CompendiumEntry.objects.filter(live=True).count() == 2
    release_through_the_admin(office, "1.0", "First official version", "official")

    # A visitor finds the mediation entry by search and by facets.
    visitor = new_page()
    visitor.goto("/")
    check_page(visitor, "public-home")
    visitor.get_by_role("link", name="Compendium", exact=True).click()
    check_page(visitor, "public-browse")
    visitor.get_by_label("Search", exact=True).fill("mediation")
    visitor.get_by_role("button", name="Search").click()
    result = visitor.locator(".result").first
    expect(
        result.get_by_role("link", name="National mediation council")
    ).to_be_visible()
    expect(result.locator("mark").first).to_have_text("Mediation", ignore_case=True)
    check_page(visitor, "public-search")
    visitor.goto("/compendium/")
    visitor.locator(".facet").filter(has_text="Contributed by").get_by_role(
        "link", name="Member State"
    ).first.click()
    expect(
        visitor.get_by_role("link", name="National mediation council")
    ).to_be_visible()
    check_page(visitor, "public-browse-filtered")

    # …reads it and follows its citation link.
    visitor.get_by_role("link", name="National mediation council").click()
    expect(
        visitor.get_by_role("heading", name="National mediation council")
    ).to_be_visible()
    check_page(visitor, "public-entry")
    visitor.locator(".cite").get_by_role("link").first.click()
    visitor.wait_for_url(f"**/compendium/editions/1.0/entries/{mediation.reference}/")
    expect(visitor.get_by_text("as released on")).to_be_visible()
    check_page(visitor, "public-entry-in-edition")

    # The publisher revises it and releases 1.1.
    published = CompendiumEntry.objects.get(reference=mediation.reference)
    revise_entry(
        published,
        user=publisher,
        summary="Mediation by trusted elders defuses local disputes and land "
        "conflicts before they turn violent.",
    )
    release_through_the_admin(office, "1.1", "First update", "update")

    visitor.goto("/compendium/editions/1.1/changes/")
    expect(visitor.get_by_text("1 entry revised")).to_be_visible()
    expect(visitor.locator("ins", has_text="land conflicts")).to_be_visible()
    check_page(visitor, "public-changes")
    visitor.goto(f"/compendium/editions/1.0/entries/{mediation.reference}/")
    expect(visitor.get_by_text("land conflicts")).to_have_count(0)
    visitor.goto(f"/compendium/entries/{mediation.reference}/")
    expect(visitor.get_by_text("Revised since edition 1.0")).to_be_visible()
    visitor.goto("/compendium/editions/")
    check_page(visitor, "public-editions")

    # Every public page type at desktop and phone widths.
    pages = {
        "home": "/",
        "browse": "/compendium/",
        "entry": f"/compendium/entries/{mediation.reference}/",
        "country": "/compendium/countries/GHA/",
        "statistics": "/compendium/statistics/",
    }
    phone = new_page()
    phone.set_viewport_size(PHONE)
    for name, url in pages.items():
        visitor.goto(url)
        check_page(visitor, f"desktop-{name}")
        phone.goto(url)
        check_page(phone, f"phone-{name}")
        assert phone.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        ), f"{url} scrolls sideways on a phone"
