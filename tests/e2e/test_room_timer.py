"""The list of speakers and the room's timer in real browsers: the Office
publishes the list and moves a speaker with a reason, the public page shows
version 2 with its diff, and the room's screen follows the moderator's timer
without reloading, down to the warning 30 seconds before the limit."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dialogues.models import Dialogue, RoomTimer, Session, Speaker
from tests.contributions.factories import PASSWORD
from tests.e2e.conftest import check_page, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def test_publish_move_and_the_rooms_timer(new_page, ghana, denmark, reviewer):
    from accounts.models import Organisation

    dialogue = Dialogue.objects.create(
        title="Informal interactive dialogue on the responsibility to protect",
        date=(timezone.now() + datetime.timedelta(days=10)).date(),
        room="Trusteeship Council Chamber",
        registration_deadline=timezone.now() + datetime.timedelta(days=7),
    )
    Session.objects.create(
        dialogue=dialogue, starts=datetime.time(10), ends=datetime.time(13)
    )
    costa_rica = Organisation.objects.get(country__iso3="CRI")
    for minutes, organisation, name, level in (
        (50, ghana, "Ama Mensah", "minister"),
        (40, denmark, "Ib Petersen", "permanent-representative"),
        (30, costa_rica, "Ana Solís", "permanent-representative"),
    ):
        Speaker.objects.create(
            dialogue=dialogue,
            organisation=organisation,
            name=name,
            level=level,
            inscribed_at=timezone.now() - datetime.timedelta(minutes=minutes),
        )

    # Before publication the public page shows none of the inscriptions.
    public = new_page()
    public.goto(f"/dialogues/{dialogue.year}/")
    expect(
        public.get_by_text("The list of speakers is not yet published.")
    ).to_be_visible()
    expect(public.get_by_text("Ama Mensah")).to_have_count(0)

    # The Office publishes the list, then moves Costa Rica up with a reason.
    office = new_page()
    sign_in(office, reviewer.email, PASSWORD)
    office.goto(f"/admin/dialogues_admin/{dialogue.pk}/speakers/")
    office.get_by_role("button", name="Publish the list of speakers").click()
    expect(office.get_by_text("published as version 1")).to_be_visible()
    check_page(office, "speakers-admin-list")
    office.get_by_role("link", name="Move Ana Solís").click()
    expect(office.get_by_text("is at position 3 of 3")).to_be_visible()
    office.get_by_label("one place up").check()
    office.get_by_label("Reason").fill("The minister's flight lands at noon.")
    check_page(office, "speakers-admin-move")
    office.get_by_role("button", name="Yes, move the speaker").click()
    expect(office.get_by_text("is placed at position 2")).to_be_visible()

    # The public page: version 2 with its diff, the reason not shown.
    public.goto(f"/dialogues/{dialogue.year}/")
    expect(
        public.get_by_role("heading", name=re.compile(r"List of speakers — version 2"))
    ).to_be_visible()
    expect(
        public.get_by_text("Moved: Costa Rica, from position 3 to 2")
    ).to_be_visible()
    expect(public.get_by_text("flight")).to_have_count(0)
    rows = public.locator("#speakers tbody tr")
    expect(rows.nth(1)).to_contain_text("Ana Solís")
    expect(rows.nth(1)).to_contain_text("placed by the Office")
    check_page(public, "speakers-public-version-2")
    public.set_viewport_size(PHONE)
    check_page(public, "speakers-public-version-2-phone")
    public.get_by_role("link", name=re.compile(r"Version 1,")).click()
    expect(
        public.get_by_role("heading", name=re.compile(r"List of speakers — version 1"))
    ).to_be_visible()

    # The room's screen, open beside the moderator's, shows no timer yet.
    room = new_page()
    room.goto(f"/dialogues/{dialogue.year}/room/")
    clock = room.locator("[data-room-clock]")
    expect(clock).to_be_hidden()

    # The moderator starts the timer: the room counts down without reloading.
    office.goto(f"/admin/dialogues_admin/{dialogue.pk}/moderator/")
    office.get_by_role("button", name="Start").click()
    expect(clock).to_be_visible(timeout=8_000)
    expect(clock).to_have_text(re.compile(r"^3:5\d$"), timeout=8_000)
    first = clock.inner_text()
    expect(clock).not_to_have_text(first, timeout=5_000)
    check_page(room, "room-timer-running")

    # 215 seconds into the four minutes, as the server counts: the warning.
    timer = RoomTimer.objects.get(dialogue=dialogue)
    timer.started_at = timezone.now() - datetime.timedelta(seconds=215)
    timer.save()
    box = room.locator("[data-room-timer]")
    expect(box).to_have_class(re.compile(r"\broom__timer--warning\b"), timeout=8_000)
    expect(room.get_by_text("30 seconds left.")).to_be_visible()
    expect(clock).to_have_text(re.compile(r"^0:[0-2]\d$"))
    check_page(room, "room-timer-warning")
    room.set_viewport_size(PHONE)
    check_page(room, "room-timer-warning-phone")

    # Paused by the moderator: the room's clock stops.
    office.get_by_role("button", name="Pause").click()
    expect(room.get_by_text("Paused.")).to_be_visible(timeout=8_000)
