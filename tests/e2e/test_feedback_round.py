"""The compendium's own sequence in real browsers, as the Office, two Member
States and the public: the Office opens a feedback round on 2015-pre, two States
send feedback, one completes, the Office triages and revises, the round closes
and official edition 1.0 is released with the revision; then 1.1-pre goes to
Ghana alone, Ghana finds it from the portal and reads what it changes since
1.0, Denmark never meets it, and the update 1.1 is released for everyone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from compendium import editions
from compendium.choices import EditionKind
from compendium.models import CompendiumEntry, Edition
from review.models import Feedback, FeedbackRound
from tests.compendium.factories import publish_entry, revise_entry
from tests.contributions.factories import PASSWORD, MembershipFactory
from tests.e2e.conftest import check_page, sign_in
from tests.e2e.test_public_compendium import release_through_the_admin
from tests.review.factories import feedback_round

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_seed_sequence_from_pre_publication_to_the_update(
    new_page, ghana, denmark, publisher, reviewer
):
    entry = publish_entry(
        title="National early warning committee",
        summary="A committee that monitors risk factors.",
        reference="CP-0001",
    )
    pre = Edition.objects.create(
        label="2015-pre", title="Preliminary version", kind=EditionKind.PRE_PUBLICATION
    )
    round_ = feedback_round(
        pre,
        [ghana, denmark],
        opens=-datetime.timedelta(minutes=5),
        closes=datetime.timedelta(days=7),
        instructions="Please say what is missing or out of date.",
    )
    ghana_focal = MembershipFactory(organisation=ghana, focal_point=True).user
    denmark_focal = MembershipFactory(organisation=denmark, focal_point=True).user

    # The Office opens the round (sharing 2015-pre).
    office = new_page()
    sign_in(office, publisher.email, PASSWORD)
    office.wait_for_url("**/admin/")
    office.goto(f"/admin/feedback_round/inspect/{round_.pk}/")
    check_page(office, "admin-round-before-opening")
    office.get_by_role(
        "button", name="Open the round and tell the participants"
    ).click()
    expect(office.get_by_text("The round is open")).to_be_visible()

    # Two Member States read the edition and send feedback; Ghana completes.
    for person, text in (
        (ghana_focal, "Add that the committee reports to parliament."),
        (denmark_focal, "Mention the regional cooperation."),
    ):
        page = new_page()
        sign_in(page, person.email, PASSWORD)
        page.goto(f"/contribute/rounds/{round_.pk}/")
        expect(page.get_by_text("Open for feedback.")).to_be_visible()
        check_page(page, f"portal-round-{person.pk}")
        page.get_by_role(
            "link", name="Read the pre-publication edition 2015-pre"
        ).click()
        expect(page.get_by_text("Pre-publication version.")).to_be_visible()
        check_page(page, "pre-publication-browse")
        page.go_back()
        page.get_by_role("combobox", name="Entry").select_option(entry.reference)
        page.get_by_label("On", exact=True).select_option("summary")
        page.get_by_role("textbox", name="Your feedback").fill(text)
        page.get_by_role("button", name="Send feedback").click()
        expect(page.get_by_text("your feedback has reached the Office")).to_be_visible()
        if person == ghana_focal:
            page.get_by_label("Closing message to the Office (optional)").fill(
                "Ghana has no further comments."
            )
            page.get_by_role("button", name="Mark our review complete").click()
            expect(
                page.get_by_text("Your organisation's review is marked complete.")
            ).to_be_visible()
            check_page(page, "portal-round-completed")

    # The Office triages Ghana's item as incorporated and revises the entry.
    item = Feedback.objects.get(organisation=ghana)
    office.goto(f"/admin/feedback_round/inspect/{round_.pk}/")
    expect(
        office.get_by_text("1 marked their review complete", exact=False)
    ).to_be_visible()
    check_page(office, "admin-round-dashboard")
    office.goto(f"/admin/feedback/edit/{item.pk}/")
    check_page(office, "admin-feedback-triage")
    office.locator("#id_outcome").select_option("incorporated")
    office.locator("#id_outcome_reason").fill("The summary now says so.")
    office.get_by_role("button", name="Save").click()
    item.refresh_from_db()
    assert item.outcome == "incorporated"
    revise_entry(
        CompendiumEntry.objects.get(reference=entry.reference),
        user=publisher,
        summary="A committee that monitors risk factors and reports to parliament.",
    )

    # The round closes; official edition 1.0 is released with the revision.
    FeedbackRound.objects.filter(pk=round_.pk).update(closes_at=timezone.now())
    late = new_page()
    sign_in(late, denmark_focal.email, PASSWORD)
    late.goto(f"/contribute/rounds/{round_.pk}/")
    expect(late.get_by_text("This round is closed.")).to_be_visible()
    expect(late.get_by_role("button", name="Send feedback")).to_have_count(0)
    editions.release(actor=publisher, edition=pre)
    official = Edition.objects.create(
        label="1.0", title="First official version", kind=EditionKind.OFFICIAL
    )
    editions.release(actor=publisher, edition=official)
    # The public meets 1.0 as the first public edition; Ghana, who took part,
    # sees what the official version changed since the edition it read.
    visitor = new_page()
    visitor.goto("/compendium/editions/1.0/changes/")
    expect(visitor.get_by_text("is the first public edition")).to_be_visible()
    expect(visitor.get_by_text("2015-pre")).to_have_count(0)
    check_page(visitor, "changes-after-round-public")
    ghana_page = new_page()
    sign_in(ghana_page, ghana_focal.email, PASSWORD)
    ghana_page.goto("/compendium/editions/1.0/changes/")
    ghana_page.get_by_role("link", name="Since edition 2015-pre").click()
    expect(ghana_page.get_by_text("1 entry revised")).to_be_visible()
    expect(ghana_page.locator("ins", has_text="reports to parliament")).to_be_visible()
    check_page(ghana_page, "changes-after-round")

    # A later pre-publication edition, with a new entry, goes to Ghana alone.
    publish_entry(
        title="Community early warning network",
        summary="Villages report signs of tension to a national hotline.",
        reference="CP-0007",
    )
    later = Edition.objects.create(
        label="1.1-pre", title="Preliminary update", kind=EditionKind.PRE_PUBLICATION
    )
    feedback_round(
        later,
        [ghana],
        title="Feedback on the preliminary update",
        opens=-datetime.timedelta(minutes=5),
        closes=datetime.timedelta(days=14),
        instructions="",
    )
    office.goto("/admin/feedback_round/")
    office.get_by_role(
        "link", name="Dashboard of Feedback on the preliminary update"
    ).click()
    office.get_by_role(
        "button", name="Open the round and tell the participants"
    ).click()
    expect(office.get_by_text("The round is open")).to_be_visible()

    # Ghana finds the round from the portal and reads what changed since 1.0.
    ghana_page.goto("/contribute/")
    expect(ghana_page.get_by_role("link", name="Feedback rounds")).to_contain_text(
        "1 open"
    )
    expect(ghana_page.get_by_text("Feedback on the preliminary update")).to_be_visible()
    check_page(ghana_page, "portal-dashboard-open-round")
    ghana_page.goto("/compendium/editions/1.1-pre/changes/")
    expect(ghana_page.get_by_text("since edition 1.0")).to_be_visible()
    expect(ghana_page.get_by_text("1 entry added")).to_be_visible()
    expect(
        ghana_page.get_by_role("link", name="Community early warning network")
    ).to_be_visible()
    check_page(ghana_page, "pre-publication-changes-since-official")

    # Denmark, outside this round, never meets 1.1-pre.
    late.goto("/compendium/editions/1.1-pre/")
    expect(late.get_by_role("heading", name="Page not found")).to_be_visible()

    # The Office releases the update; the public reads it against 1.0.
    editions.release(actor=publisher, edition=later)
    release_through_the_admin(office, "1.1", "First update", "update")
    visitor.goto("/compendium/editions/1.1/changes/")
    expect(visitor.get_by_text("since edition 1.0")).to_be_visible()
    expect(visitor.get_by_text("1 entry added")).to_be_visible()
    expect(visitor.get_by_text("1.1-pre")).to_have_count(0)
    check_page(visitor, "public-changes-of-the-update")
    visitor.goto("/compendium/entries/CP-0007/")
    expect(visitor.get_by_text("New in edition 1.1")).to_be_visible()
    assert "1.1-pre" not in visitor.content()
