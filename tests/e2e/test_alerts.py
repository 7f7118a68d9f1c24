"""Following a view in a real browser: a member finds "Follow this view" and
"Alert me by e-mail" on a filtered browse page, saves the alert after signing
in, finds it in the portal and deletes it; in English and in Arabic, right to
left, with axe on every page."""

import pytest
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from contributions import alerts
from contributions.models import SavedAlert
from tests.compendium.factories import publish_entry, release_edition
from tests.e2e.conftest import check_page, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def released(publisher):
    publish_entry(title="National early warning committee", countries=["KEN"])
    release_edition(publisher, "1.0")


def test_a_member_follows_a_view_and_saves_it_as_an_alert(
    page, released, contributor, password
):
    page.goto("/compendium/?country=KEN")
    follow = page.get_by_role("link", name="Follow this view")
    expect(follow).to_have_attribute("href", "/compendium/feed/entries/?country=KEN")
    check_page(page, "alerts-browse-follow")

    sign_in(page, contributor.email, password)
    page.goto("/compendium/?country=KEN")
    page.get_by_role("link", name="Alert me by e-mail").click()
    expect(page.get_by_role("heading", name="Alert me by e-mail")).to_be_visible()
    page.get_by_label("Name of the alert").fill("Kenya")
    check_page(page, "alerts-new")
    page.get_by_role("button", name="Save the alert").click()

    expect(page.get_by_role("heading", name="E-mail alerts", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="Kenya", exact=True)).to_be_visible()
    check_page(page, "alerts-list")
    page.set_viewport_size(PHONE)
    check_page(page, "alerts-list-phone")

    page.get_by_role("link", name="Delete Kenya").click()
    check_page(page, "alerts-delete")
    page.get_by_role("button", name="Delete the alert").click()
    expect(page.get_by_text("You have no alerts yet.")).to_be_visible()


def test_the_follow_links_read_right_to_left_in_arabic(page, released):
    page.goto("/ar/compendium/?country=KEN")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("link", name="تابع هذا العرض")).to_have_attribute(
        "href", "/ar/compendium/feed/entries/?country=KEN"
    )
    check_page(page, "alerts-browse-follow-ar")


def test_a_link_from_an_alert_email_stops_it_without_signing_in(
    page, released, contributor
):
    """The page a mail's "Stop this alert" opens asks first; the owner's
    language is Arabic, so it reads right to left."""
    kenya = SavedAlert.objects.create(
        owner=contributor, query="country=KEN", label="كينيا"
    )
    UserProfile.objects.update_or_create(
        user=contributor, defaults={"preferred_language": "ar"}
    )
    page.goto(alerts.stop_path(contributor, [kenya]))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("listitem").filter(has_text="كينيا")).to_be_visible()
    check_page(page, "alerts-stop-confirm-ar")
    page.get_by_role("button").filter(has_text="إيقاف").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "تم إيقاف التنبيه بالبريد الإلكتروني"
    )
    check_page(page, "alerts-stopped-ar")
    assert not SavedAlert.objects.filter(pk=kenya.pk).exists()
