"""A practice entry from first draft to submission, in real browsers."""

import pytest
from playwright.sync_api import expect

from contributions.choices import EntryStatus
from contributions.models import PracticeEntry
from tests.contributions.factories import PASSWORD, MembershipFactory
from tests.e2e.conftest import check_page, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_draft_ready_revise_submit_with_a_refused_stale_edit(new_page, ghana, reviewer):
    contributor = MembershipFactory(organisation=ghana).user
    focal_point = MembershipFactory(organisation=ghana, focal_point=True).user

    # The contributor drafts the entry.
    writer = new_page()
    sign_in(writer, contributor.email, PASSWORD)
    writer.wait_for_url("**/contribute/")
    check_page(writer, "entries-empty-dashboard")
    writer.get_by_role("link", name="New practice entry").click()
    check_page(writer, "entry-new")
    writer.get_by_role("textbox", name="Title", exact=True).fill(
        "National early-warning committee"
    )
    writer.get_by_label("Summary").fill(
        "An inter-ministerial committee that reviews risk factors every month."
    )
    writer.get_by_label("Description").fill(
        "The committee was set up by decree in 2012.\n\nIt reports to parliament."
    )
    writer.get_by_role("group", name="Pillars").get_by_label(
        "Pillar I: The protection responsibilities of the State"
    ).check()
    writer.get_by_role("group", name="Priorities").get_by_label(
        "2. Elevating prevention"
    ).check()
    writer.get_by_label("Start year").fill("2012")
    writer.get_by_label("Source title").first.fill("Decree No. 12 of 2012")
    writer.get_by_label("Web address").first.fill("https://example.gov.gh/decree-12")
    writer.get_by_role("button", name="Save draft").click()
    writer.wait_for_url("**/contribute/entries/CP-0001/")
    expect(writer.get_by_text("Draft CP-0001 saved as version 1.")).to_be_visible()
    check_page(writer, "entry-detail-draft")

    writer.get_by_role("link", name="Mark ready for focal point").click()
    check_page(writer, "entry-mark-ready")
    writer.get_by_role("button", name="Mark ready").click()
    expect(writer.get_by_text("Marked ready").first).to_be_visible()

    # A second browser opens the edit form of version 1 and leaves it open.
    stale = new_page()
    sign_in(stale, contributor.email, PASSWORD)
    stale.goto("/contribute/entries/CP-0001/edit/")
    check_page(stale, "entry-edit")

    # The focal point revises the summary (version 2).
    editor = new_page()
    sign_in(editor, focal_point.email, PASSWORD)
    editor.goto("/contribute/entries/CP-0001/")
    editor.get_by_role("link", name="Edit", exact=True).click()
    editor.get_by_label("Summary").fill(
        "An inter-ministerial committee that reviews risk factors every week."
    )
    editor.get_by_label("What changed (version note)").fill("Meets weekly now")
    editor.get_by_role("button", name="Save new version").click()
    expect(editor.get_by_text("Saved as version 2.")).to_be_visible()

    # The stale browser saves over version 1: refused, its text kept.
    stale.get_by_role("textbox", name="Title", exact=True).fill(
        "Early-warning committee (renamed offline)"
    )
    stale.get_by_role("button", name="Save new version").click()
    expect(
        stale.get_by_role("heading", name="CP-0001 changed while you were editing")
    ).to_be_visible()
    assert stale.get_by_role("textbox", name="Title", exact=True).input_value() == (
        "Early-warning committee (renamed offline)"
    )
    expect(stale.locator("ins", has_text="week").first).to_be_visible()
    check_page(stale, "entry-conflict")
    entry = PracticeEntry.objects.get(reference="CP-0001")
    assert entry.title == "National early-warning committee"

    # The diff between versions 1 and 2 shows the change.
    editor.get_by_role("link", name="Versions and changes").click()
    check_page(editor, "entry-history")
    editor.get_by_role("link", name="Changes in 2").click()
    expect(editor.get_by_text("1 field changed")).to_be_visible()
    expect(editor.locator("del", has_text="month")).to_be_visible()
    expect(editor.locator("ins", has_text="week")).to_be_visible()
    check_page(editor, "entry-diff")

    # The focal point submits.
    editor.goto("/contribute/entries/CP-0001/")
    editor.get_by_role("link", name="Submit to the Office").click()
    check_page(editor, "entry-submit")
    editor.get_by_role("button", name="Submit").click()
    expect(
        editor.get_by_text("Submitted to the Office of the Special Adviser.")
    ).to_be_visible()
    check_page(editor, "entry-detail-submitted")
    entry.refresh_from_db()
    assert (entry.status, entry.version_number) == (EntryStatus.SUBMITTED, 2)

    editor.goto("/contribute/")
    check_page(editor, "entries-dashboard")
