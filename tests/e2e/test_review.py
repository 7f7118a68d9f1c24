"""The review loop between the Office and a contributor, in real browsers."""

import datetime

import pytest
from playwright.sync_api import expect

from contributions import services as contribution_services
from contributions.choices import EntryStatus
from review.models import Comment
from tests.contributions.factories import PASSWORD, MembershipFactory, create_entry
from tests.e2e.conftest import check_page, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_comment_request_changes_reply_revise_resubmit_resolve_accept(
    new_page, ghana, reviewer
):
    contributor = MembershipFactory(organisation=ghana).user
    focal_point = MembershipFactory(organisation=ghana, focal_point=True).user
    entry = create_entry(
        contributor,
        ghana,
        summary="An inter-ministerial committee that reviews risk factors.",
    )
    contribution_services.submit(actor=focal_point, entry=entry)

    # The reviewer comments on the summary and requests changes.
    office = new_page()
    sign_in(office, reviewer.email, PASSWORD)
    office.wait_for_url("**/admin/")
    check_page(office, "admin-dashboard-queue-counts")
    office.get_by_role("link", name="Review queue").first.click()
    expect(office.get_by_role("heading", name="Review queue")).to_be_visible()
    check_page(office, "review-queue")
    office.get_by_role("link", name=entry.title).click()
    check_page(office, "review-screen")
    office.get_by_label("Reviewer", exact=True).select_option(str(reviewer.pk))
    office.get_by_label("Due on").fill(
        (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    )
    office.get_by_role("button", name="Save assignment").click()
    expect(office.get_by_text(f"Assigned to {reviewer}.")).to_be_visible()
    office.get_by_label("On", exact=True).select_option("summary")
    office.get_by_label("Quoted passage (optional)").fill("reviews risk factors")
    office.get_by_label("Comment", exact=True).fill("Add how often it meets.")
    office.get_by_role("button", name="Add comment").click()
    expect(
        office.locator("#field-summary p").filter(has_text="Add how often it meets")
    ).to_be_visible()
    office.get_by_label("Changes requested").check()
    office.get_by_label("Message to the contributors").fill(
        "Please say how often the committee meets."
    )
    office.get_by_role("button", name="Record decision").click()
    expect(office.get_by_text("Decision recorded: changes requested.")).to_be_visible()
    check_page(office, "review-changes-requested")

    # The contributor sees it, replies and revises.
    writer = new_page()
    sign_in(writer, contributor.email, PASSWORD)
    expect(writer.get_by_role("link", name="1 open comment")).to_be_visible()
    check_page(writer, "portal-dashboard-open-comments")
    writer.get_by_role("link", name="1 unread notification").click()
    expect(
        writer.get_by_text("Please say how often the committee meets.")
    ).to_be_visible()
    check_page(writer, "portal-notifications")
    writer.get_by_role("link", name="Changes requested", exact=False).first.click()
    writer.wait_for_url(f"**/contribute/entries/{entry.reference}/")
    expect(writer.locator(".decision", has_text="Please say how often")).to_be_visible()
    expect(
        writer.locator(".thread").get_by_text("Add how often it meets")
    ).to_be_visible()
    check_page(writer, "portal-review-panel")
    writer.get_by_label("Your reply").fill("Monthly. The summary now says so.")
    writer.get_by_role("button", name="Reply").click()
    expect(writer.get_by_text("Your reply has been added.")).to_be_visible()
    writer.get_by_role("link", name="Edit", exact=True).click()
    writer.get_by_label("Summary").fill(
        "An inter-ministerial committee that reviews risk factors every month."
    )
    writer.get_by_role("button", name="Save new version").click()
    expect(writer.get_by_text("Saved as version 2.")).to_be_visible()
    expect(writer.get_by_text("this field has changed since")).to_be_visible()
    check_page(writer, "portal-after-revision")

    # The focal point resubmits.
    focal = new_page()
    sign_in(focal, focal_point.email, PASSWORD)
    focal.goto(f"/contribute/entries/{entry.reference}/submit/")
    focal.get_by_role("button", name="Submit").click()
    expect(
        focal.get_by_text("Submitted to the Office of the Special Adviser.")
    ).to_be_visible()

    # The assigned reviewer is told, and sees what changed since the comment,
    # resolves it and accepts.
    office.goto("/admin/notifications/")
    check_page(office, "admin-notifications")
    office.get_by_role(
        "link", name=f"Resubmitted after your comments: {entry.reference}"
    ).click()
    office.wait_for_url(f"**/admin/review/{entry.pk}/")
    expect(
        office.get_by_text("Changes since you last reviewed it (version 1 to 2)")
    ).to_be_visible()
    expect(office.locator("ins", has_text="every month").first).to_be_visible()
    expect(office.get_by_text("Monthly. The summary now says so.")).to_be_visible()
    check_page(office, "review-after-resubmission")
    office.get_by_role("button", name="Resolve").click()
    expect(office.get_by_text("Thread resolved.")).to_be_visible()
    office.get_by_label("Accepted").check()
    office.get_by_role("button", name="Record decision").click()
    expect(office.get_by_text("Decision recorded: accepted.")).to_be_visible()
    check_page(office, "review-accepted")

    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACCEPTED
    assert Comment.objects.get(parent__isnull=True).resolved_at is not None
