"""The first steps a visitor, a contributor and an invitee take, in a real browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Invitation
from tests.contributions.factories import PASSWORD, MembershipFactory
from tests.e2e.conftest import check_page, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_page_introduces_the_compendium(page):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "R2P Compendium of Practice"
    )
    expect(page.get_by_role("heading", name="The three pillars")).to_be_visible()
    assert page.locator(".priority-list li").count() == 6
    check_page(page, "home")

    page.get_by_role("link", name="About", exact=True).click()
    page.wait_for_url("**/about/")
    check_page(page, "about")


def test_home_page_on_a_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}
    )
    phone = context.new_page()
    phone.goto("/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page scrolls sideways on a phone"
    check_page(phone, "home-phone")
    context.close()


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    # The address changes as the browser follows the link: wait for it.
    expect(page).to_have_url(re.compile(r"#main$"))


def test_contributor_signs_in_sees_the_portal_and_is_refused_the_admin(page, ghana):
    contributor = MembershipFactory(organisation=ghana).user
    page.goto("/accounts/login/")
    check_page(page, "sign-in")

    sign_in(page, contributor.email, PASSWORD)
    page.wait_for_url("**/contribute/")
    expect(page.get_by_text(re.compile("Contributor of Ghana"))).to_be_visible()
    expect(page.get_by_role("heading", name="No practice entries yet")).to_be_visible()
    check_page(page, "portal-dashboard")

    page.goto("/admin/")
    page.wait_for_url("**/admin/login/**")
    expect(
        page.get_by_text("You do not have permission to access the admin")
    ).to_be_visible()
    # Wagtail's own sign-in screen is not ours to fix; its accessibility is checked
    # by Wagtail's own test suite, so no axe run here.
    page.screenshot(path="tests/e2e/screenshots/admin-refused.png", full_page=True)


def test_wrong_password_then_lockout_message(page, ghana):
    contributor = MembershipFactory(organisation=ghana).user
    sign_in(page, contributor.email, "not the password")
    expect(page.get_by_text("do not match an account")).to_be_visible()
    check_page(page, "sign-in-error")

    for _attempt in range(4):
        sign_in(page, contributor.email, "still not the password")
    expect(
        page.get_by_role("heading", name="Sign-in temporarily locked")
    ).to_be_visible()
    expect(page.get_by_text("locked for 15 minutes")).to_be_visible()
    check_page(page, "lockout")

    sign_in(page, contributor.email, PASSWORD)
    expect(
        page.get_by_role("heading", name="Sign-in temporarily locked")
    ).to_be_visible()


def test_focal_point_invites_a_colleague_who_joins(page, ghana):
    focal_point = MembershipFactory(organisation=ghana, focal_point=True).user
    sign_in(page, focal_point.email, PASSWORD)
    page.wait_for_url("**/contribute/")
    page.get_by_role("link", name="Members and invitations").click()
    check_page(page, "members")

    page.get_by_label("E-mail address").fill("kofi@example.net")
    page.get_by_label("Role").select_option("contributor")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to kofi@example.net")).to_be_visible()
    expect(
        page.get_by_role("cell", name="kofi@example.net", exact=True)
    ).to_be_visible()
    check_page(page, "invitation-sent")
    assert Invitation.objects.filter(email="kofi@example.net").exists()

    link = re.search(r"(http://\S+/accounts/invitations/\S+/)", mail.outbox[-1].body)
    page.get_by_role("button", name="Sign out").click()

    page.goto(link.group(1))
    check_page(page, "invitation-accept")
    page.get_by_label("First name").fill("Kofi")
    page.get_by_label("Last name").fill("Annan-Mensah")
    page.get_by_role("textbox", name="Password", exact=True).fill("short")
    page.get_by_label("Password again").fill("short")
    page.get_by_role("button", name="Create account and accept").click()
    expect(page.get_by_text("This password is too short")).to_be_visible()
    check_page(page, "invitation-accept-error")

    page.get_by_role("textbox", name="Password", exact=True).fill(
        "a long and unusual passphrase"
    )
    page.get_by_label("Password again").fill("a long and unusual passphrase")
    page.get_by_role("button", name="Create account and accept").click()
    page.wait_for_url("**/contribute/")
    expect(page.get_by_text("Your invitation has been accepted")).to_be_visible()

    page.goto(link.group(1))
    expect(page.get_by_text("already been used")).to_be_visible()
    check_page(page, "invitation-used")
