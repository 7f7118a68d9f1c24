"""Two-factor sign-in in a real browser: a new reviewer sets up an app from the
key on the page, keeps the recovery codes, signs out and signs in with a code;
an administrator resets a lost device."""

from base64 import b32decode

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.contributions.factories import PASSWORD
from tests.e2e.conftest import check_page, sign_in
from tests.second_factor import code_for_key, current_code

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_new_reviewer_sets_up_an_app_then_signs_in_with_its_code(page, reviewer):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(reviewer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(
        page.get_by_role("heading", name="Set up two-factor sign-in")
    ).to_be_visible()
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    check_page(page, "two-factor-enrol")
    secret = b32decode(page.locator("#two-factor-secret").inner_text().replace(" ", ""))
    page.get_by_label("Code from the app").fill(code_for_key(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a text file").click()
    assert "recovery codes" in download.value.path().read_text()
    check_page(page, "two-factor-recovery-codes")
    page.get_by_role("button", name="I have kept my recovery codes").click()
    page.wait_for_url("**/admin/")

    page.goto("/accounts/two-factor/")
    expect(page.get_by_text("You have 10 unused recovery codes.")).to_be_visible()
    check_page(page, "two-factor-manage")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/")

    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(reviewer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    expect(page.locator("#two-factor-secret")).to_have_count(0)
    check_page(page, "two-factor-verify")
    device = TOTPDevice.objects.get(user=reviewer, confirmed=True)
    page.locator("#id_code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/admin/")
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()


def test_an_administrator_resets_a_reviewers_lost_device(page, administrator, reviewer):
    TOTPDevice.objects.create(user=reviewer, name="Lost phone", confirmed=True)
    sign_in(page, administrator.email, PASSWORD)
    page.wait_for_url("**/admin/")

    page.goto("/admin/users/")
    row = page.get_by_role("row").filter(has_text=reviewer.email)
    row.get_by_role("button", name="More options").click()
    row.get_by_role("link", name="Reset two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Reset two-factor sign-in")).to_be_visible()
    check_page(page, "two-factor-admin-reset")
    page.get_by_role("button", name="Reset two-factor sign-in").click()
    expect(
        page.get_by_text("They set up a new app at their next sign-in.")
    ).to_be_visible()
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
