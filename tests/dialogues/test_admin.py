"""The Office sets up the dialogue, inscribes late speakers and answers ticket
requests in the admin; no one else may."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from dialogues.choices import SpeakerLevel, TicketStatus
from dialogues.models import Dialogue, Speaker, TicketRequest

from .factories import dialogue, new_york

pytestmark = pytest.mark.django_db


def dialogue_post(**overrides):
    data = {
        "title": "Informal interactive dialogue on the responsibility to protect",
        "date": "2015-09-08",
        "room": "Trusteeship Council Chamber",
        "registration_deadline": "2015-09-04 13:00",
        "intervention_minutes": "4",
        "webcast_url": "",
        "sessions": inline_formset(
            [
                {"starts": "10:00", "ends": "13:00"},
                {"starts": "15:00", "ends": "18:00"},
            ]
        ),
        "programme": inline_formset(
            [
                {
                    "kind": "opening",
                    "role": "President of the General Assembly",
                    "speaker_name": "",
                },
                {"kind": "closing", "role": "Moderator", "speaker_name": ""},
            ]
        ),
    }
    data.update(overrides)
    form = nested_form_data(data)
    form["open_to"] = ["member-state", "observer-state", "civil-society"]
    return form


def test_the_office_sets_up_a_dialogue_its_deadline_in_new_york_time(client, reviewer):
    client.force_login(reviewer)
    response = client.post("/admin/dialogues_admin/new/", dialogue_post())
    assert response.status_code == 302, response.context["form"].errors
    made = Dialogue.objects.get()
    assert made.registration_deadline == new_york(2015, 9, 4, 13)
    assert made.registration_deadline == datetime.datetime(
        2015, 9, 4, 17, tzinfo=datetime.UTC
    )
    assert [str(session) for session in made.sessions.all()] == [
        "10:00–13:00",
        "15:00–18:00",
    ]
    assert list(made.programme.values_list("kind", flat=True)) == [
        "opening",
        "closing",
    ]
    assert made.open_to == ["member-state", "observer-state", "civil-society"]
    edit = client.get(f"/admin/dialogues_admin/edit/{made.pk}/").content.decode()
    assert "2015-09-04 13:00" in edit


def test_a_session_ends_after_it_starts(client, reviewer):
    client.force_login(reviewer)
    data = dialogue_post(
        sessions=inline_formset([{"starts": "13:00", "ends": "10:00"}])
    )
    response = client.post("/admin/dialogues_admin/new/", data)
    assert response.status_code == 200
    assert not Dialogue.objects.exists()


def test_one_dialogue_a_year(client, reviewer):
    dialogue(year=2015)
    client.force_login(reviewer)
    response = client.post("/admin/dialogues_admin/new/", dialogue_post())
    assert response.status_code == 200
    assert Dialogue.objects.count() == 1


def test_the_office_inscribes_a_late_speaker_marked_late(client, reviewer, ghana):
    made = dialogue(deadline=-datetime.timedelta(hours=1))
    client.force_login(reviewer)
    response = client.post(
        "/admin/dialogue_speakers/new/",
        {
            "dialogue": made.pk,
            "organisation": ghana.pk,
            "name": "Ama Mensah",
            "title": "",
            "level": SpeakerLevel.MINISTER,
            "group_name": "",
            "extra_minutes": "0",
        },
    )
    assert response.status_code == 302
    assert Speaker.objects.get().late


def test_a_speaker_the_office_inscribes_before_the_deadline_is_not_late(
    client, reviewer, ghana
):
    made = dialogue()
    client.force_login(reviewer)
    client.post(
        "/admin/dialogue_speakers/new/",
        {
            "dialogue": made.pk,
            "organisation": ghana.pk,
            "name": "Ama Mensah",
            "title": "",
            "level": SpeakerLevel.MINISTER,
            "group_name": "",
            "on_behalf_of_group": "on",
            "extra_minutes": "2",
        },
    )
    assert not Speaker.objects.exists()  # a group statement names its group


def test_the_office_accepts_a_ticket_request(client, reviewer, civil_society):
    made = dialogue()
    request = TicketRequest.objects.create(
        dialogue=made, organisation=civil_society, attendees="Jane Doe"
    )
    client.force_login(reviewer)
    response = client.post(
        f"/admin/dialogue_tickets/edit/{request.pk}/",
        {"status": TicketStatus.ACCEPTED, "attendees": "Someone else"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == TicketStatus.ACCEPTED
    assert request.attendees == "Jane Doe"


def test_the_menu_shows_dialogues_to_the_office(client, reviewer):
    client.force_login(reviewer)
    assert "Dialogues" in client.get("/admin/").content.decode()


def test_a_publisher_reads_but_cannot_set_up_a_dialogue(client, publisher):
    client.force_login(publisher)
    assert client.get("/admin/dialogues_admin/").status_code == 200
    client.post("/admin/dialogues_admin/new/", dialogue_post())
    assert not Dialogue.objects.exists()


def test_members_of_organisations_never_reach_the_admin(client, focal_point):
    client.force_login(focal_point)
    response = client.get("/admin/dialogues_admin/")
    assert response.status_code in (302, 403)
    client.post("/admin/dialogues_admin/new/", dialogue_post())
    assert not Dialogue.objects.exists()


def test_the_office_screens_render(client, reviewer, ghana, civil_society):
    made = dialogue()
    Speaker.objects.create(
        dialogue=made, organisation=ghana, name="Ama Mensah", level="minister"
    )
    TicketRequest.objects.create(
        dialogue=made, organisation=civil_society, attendees="Jane Doe"
    )
    client.force_login(reviewer)
    for url in (
        "/admin/dialogues_admin/",
        "/admin/dialogues_admin/new/",
        f"/admin/dialogues_admin/inspect/{made.pk}/",
        "/admin/dialogue_speakers/",
        "/admin/dialogue_speakers/new/",
        "/admin/dialogue_tickets/",
        "/admin/dialogue_tickets/?export=csv",
    ):
        assert client.get(url).status_code == 200, url


def test_the_secretariat_may_choose_the_letter_and_information_note(client, reviewer):
    Document.objects.create(
        title="Letter of the President of the General Assembly",
        file=ContentFile(b"%PDF-1.4", name="letter.pdf"),
    )
    client.force_login(reviewer)
    page = client.get("/admin/documents/chooser/").content.decode()
    assert "Letter of the President of the General Assembly" in page


def test_the_secretariat_chooses_documents_without_the_documents_screens(
    client, reviewer
):
    """Reviewers choose the letter the editors uploaded; the documents' own
    screens, and the sidebar search that comes with them, stay the editors'."""
    client.force_login(reviewer)
    assert client.get("/admin/documents/").status_code == 302
    assert client.get("/admin/documents/multiple/add/").status_code == 302


def test_the_dashboards_page_search_is_named_beside_the_sidebars(client, publisher):
    client.force_login(publisher)
    page = client.get("/admin/").content.decode()
    assert re.search(r'role="search"\s+aria-label="Search pages"', page)
