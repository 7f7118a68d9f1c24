"""The informal interactive dialogue in real browsers: two delegations inscribe
their speakers in the portal, the public page publishes the list in the rule's
order, and the moderator runs the four-minute timer and records the first
intervention with the time it took, which the room's screen follows. On the
day, a delegation uploads its statement, the Office publishes it, and the
public page offers it for download."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.documents import text_pdf
from dialogues.models import NEW_YORK, Dialogue, Session, Speaker, Statement
from tests.contributions.factories import PASSWORD, MembershipFactory
from tests.e2e.conftest import check_page, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


PHONE = {"width": 390, "height": 844}


def test_registration_list_of_speakers_the_moderators_timer_and_statements(
    new_page, ghana, denmark, reviewer, tmp_path
):
    dialogue = Dialogue.objects.create(
        title="Informal interactive dialogue on the responsibility to protect",
        date=(timezone.now() + datetime.timedelta(days=10)).date(),
        room="Trusteeship Council Chamber",
        registration_deadline=timezone.now() + datetime.timedelta(days=7),
    )
    Session.objects.create(
        dialogue=dialogue, starts=datetime.time(10), ends=datetime.time(13)
    )
    ghana_focal = MembershipFactory(organisation=ghana, focal_point=True).user
    denmark_focal = MembershipFactory(organisation=denmark, focal_point=True).user

    # Ghana inscribes its minister; Denmark speaks for a group.
    for person, organisation, name, level, group in (
        (ghana_focal, ghana, "Ama Mensah", "Minister", ""),
        (denmark_focal, denmark, "Ib Petersen", "Permanent Representative", "Nordic"),
    ):
        page = new_page()
        sign_in(page, person.email, PASSWORD)
        page.goto("/contribute/dialogues/")
        page.get_by_role("link", name=dialogue.title).click()
        expect(page.get_by_text("Registration is open.")).to_be_visible()
        page.get_by_label("Name of the speaker").fill(name)
        page.get_by_label("Level").select_option(label=level)
        if group:
            page.get_by_label("The statement is made on behalf of a group").check()
            page.get_by_label("Name of the group").fill(group)
        page.get_by_role("button", name="Inscribe the speaker").click()
        expect(page.get_by_text("Your speaker is inscribed")).to_be_visible()
        check_page(page, f"dialogue-registration-{organisation.pk}")

    # The Office publishes the list: version 1, the group statement first.
    office = new_page()
    office.clock.install()
    sign_in(office, reviewer.email, PASSWORD)
    office.goto(f"/admin/dialogues_admin/{dialogue.pk}/speakers/")
    check_page(office, "dialogue-list-before-publication")
    office.get_by_role("button", name="Publish the list of speakers").click()
    expect(
        office.get_by_text("Published: version 1 is on the public page.")
    ).to_be_visible()

    public = new_page()
    public.goto(f"/dialogues/{dialogue.year}/")
    expect(public.get_by_role("heading", name=re.compile("version 1"))).to_be_visible()
    rows = public.locator("#speakers tbody tr")
    expect(rows.nth(0)).to_contain_text("Ib Petersen")
    expect(rows.nth(1)).to_contain_text("Ama Mensah")
    check_page(public, "dialogue-public-page")

    # The room's screen shows who speaks; it follows the moderator unreloaded.
    room = new_page()
    room.goto(f"/dialogues/{dialogue.year}/room/")
    expect(room.locator("[data-room-now]")).to_contain_text("Ib Petersen")
    check_page(room, "dialogue-room-screen")

    # The moderator runs the timer: a warning at 30 seconds, then the overrun.
    office.goto(f"/admin/dialogues_admin/{dialogue.pk}/moderator/")
    timer = office.locator("[data-timer]")
    expect(office.locator("[data-timer-display]")).to_have_text("4:00")
    office.get_by_role("button", name="Start").click()
    office.clock.run_for(211_000)
    expect(timer).to_have_class(re.compile(r"\btimer--warning\b"))
    expect(office.locator("[data-timer-status]")).to_have_text("30 seconds left.")
    office.clock.run_for(40_000)
    expect(office.locator("[data-timer-display]")).to_have_text("+0:11")
    expect(timer).to_have_class(re.compile(r"\btimer--overrun\b"))
    expect(timer).not_to_have_class(re.compile(r"\btimer--warning\b"))
    check_page(office, "dialogue-moderator-overrun")
    office.get_by_role("button", name="Pause").click()
    office.get_by_role("button", name="Spoke", exact=True).click()
    expect(office.locator(".moderator-now")).to_contain_text("Ama Mensah")
    expect(room.locator("[data-room-now]")).to_contain_text(
        "Ama Mensah", timeout=15_000
    )
    first = Speaker.objects.get(organisation=denmark)
    assert first.outcome == "spoke"
    assert 251 <= first.seconds_spoken < 270  # the clock runs on between steps

    # The day of the dialogue: Ghana's focal point uploads its statement.
    Dialogue.objects.filter(pk=dialogue.pk).update(
        date=timezone.localtime(timezone.now(), NEW_YORK).date()
    )
    dialogue.refresh_from_db()
    statement_file = Path(tmp_path) / "Ghana statement.pdf"
    statement_file.write_bytes(
        text_pdf(
            "Statement by the Minister for Foreign Affairs of Ghana",
            ["Mr. President, Ghana thanks the Secretary-General for his report."],
        )
    )
    ghana_page = new_page()
    sign_in(ghana_page, ghana_focal.email, PASSWORD)
    ghana_page.goto("/contribute/dialogues/")
    ghana_page.get_by_role("link", name=dialogue.title).click()
    ghana_page.get_by_role("link", name="Your statements").click()
    ghana_page.get_by_label("Language of the statement").select_option(label="French")
    ghana_page.get_by_label("Title (optional)").fill("Déclaration du Ghana")
    ghana_page.get_by_label(re.compile(r"^Statement\W*$")).set_input_files(
        statement_file
    )
    ghana_page.get_by_role("button", name="Upload the statement").click()
    expect(ghana_page.get_by_text("Ghana statement.pdf is uploaded")).to_be_visible()
    expect(ghana_page.get_by_text("awaiting publication")).to_be_visible()
    check_page(ghana_page, "dialogue-statement-uploaded")

    # Until the Office publishes it, the public page has none.
    public.goto(f"/dialogues/{dialogue.year}/")
    expect(public.get_by_text("No statement is published yet.")).to_be_visible()

    # The Office reads it and publishes it.
    office.goto("/admin/dialogue_statements/")
    office.get_by_role("link", name="Ghana", exact=True).click()
    office.get_by_role("link", name="Publish", exact=True).click()
    check_page(office, "dialogue-statement-publish")
    office.get_by_role("button", name="Publish this statement").click()
    expect(office.get_by_text("is published on the dialogue's page")).to_be_visible()
    assert Statement.objects.get().is_published

    # The public page lists it, and it downloads.
    public.goto(f"/dialogues/{dialogue.year}/")
    row = public.locator("#statements tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Ghana")
    expect(row).to_contain_text("Ama Mensah")
    expect(row).to_contain_text("French")
    check_page(public, "dialogue-public-statements")
    with public.expect_download() as download:
        public.get_by_role("link", name="Déclaration du Ghana").click()
    saved = download.value
    assert saved.suggested_filename == "Ghana statement.pdf"
    assert Path(saved.path()).read_bytes().startswith(b"%PDF-")
    public.goto(f"/ar/dialogues/{dialogue.year}/")
    expect(public.locator("#statements")).to_contain_text("الفرنسي")
    check_page(public, "dialogue-public-statements-arabic")
    public.set_viewport_size(PHONE)
    check_page(public, "dialogue-public-statements-arabic-phone")
    ghana_page.set_viewport_size(PHONE)
    ghana_page.reload()
    check_page(ghana_page, "dialogue-statement-uploaded-phone")
