"""Delegations inscribe one speaker in the portal until the deadline; civil
society asks for tickets. Only a focal point of an organisation the dialogue
is open to may do either, and only for their own organisation."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from compendium.choices import OrganisationKind
from dialogues.choices import SpeakerLevel, TicketStatus
from dialogues.models import Speaker, TicketRequest
from tests.contributions.factories import MembershipFactory, OrganisationFactory

from .factories import dialogue

pytestmark = pytest.mark.django_db

SPEAKER = {
    "name": "Ama Mensah",
    "title": "Minister for Foreign Affairs",
    "level": SpeakerLevel.MINISTER,
}


def register_url(made, organisation):
    return reverse("dialogues:register", args=[made.pk, organisation.pk])


def test_a_focal_point_inscribes_the_speaker_and_the_focal_points_are_told(
    client, focal_point, ghana, django_capture_on_commit_callbacks
):
    made = dialogue()
    client.force_login(focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(made, ghana), SPEAKER, follow=True)
    assert response.status_code == 200
    speaker = Speaker.objects.get(dialogue=made, organisation=ghana)
    assert speaker.name == "Ama Mensah"
    assert speaker.level == SpeakerLevel.MINISTER
    assert speaker.inscribed_by == focal_point
    assert not speaker.late
    assert [message.to for message in mail.outbox] == [[focal_point.email]]
    assert "Ama Mensah" in mail.outbox[0].body
    assert ModelLogEntry.objects.filter(
        action="dialogues.speaker.inscribe", object_id=str(speaker.pk)
    ).exists()


def test_changing_the_speaker_keeps_the_place_and_one_speaker(
    client, focal_point, ghana
):
    made = dialogue()
    client.force_login(focal_point)
    client.post(register_url(made, ghana), SPEAKER)
    first = Speaker.objects.get(organisation=ghana).inscribed_at
    client.post(
        register_url(made, ghana),
        {**SPEAKER, "name": "Kofi Boateng", "level": "permanent-representative"},
    )
    speaker = Speaker.objects.get(dialogue=made, organisation=ghana)
    assert speaker.name == "Kofi Boateng"
    assert speaker.inscribed_at == first


def test_a_group_statement_names_the_group(client, focal_point, ghana):
    made = dialogue()
    client.force_login(focal_point)
    response = client.post(
        register_url(made, ghana), {**SPEAKER, "on_behalf_of_group": "on"}
    )
    assert response.status_code == 200
    assert not Speaker.objects.exists()
    client.post(
        register_url(made, ghana),
        {**SPEAKER, "on_behalf_of_group": "on", "group_name": "Group of Friends"},
    )
    assert Speaker.objects.get().group_name == "Group of Friends"


def test_a_focal_point_withdraws_the_speaker(client, focal_point, ghana):
    made = dialogue()
    client.force_login(focal_point)
    client.post(register_url(made, ghana), SPEAKER)
    client.post(reverse("dialogues:withdraw", args=[made.pk, ghana.pk]))
    assert Speaker.objects.get().withdrawn
    page = client.get(reverse("dialogues_public:dialogue", args=[made.year]))
    assert "Ama Mensah" not in page.content.decode()


def test_after_the_deadline_the_form_is_closed_with_a_clear_message(
    client, focal_point, ghana
):
    made = dialogue(deadline=-datetime.timedelta(minutes=1))
    client.force_login(focal_point)
    page = client.get(register_url(made, ghana))
    assert "Registration is closed." in page.content.decode()
    assert 'name="name"' not in page.content.decode()
    response = client.post(register_url(made, ghana), SPEAKER, follow=True)
    assert "Registration closed on" in response.content.decode()
    assert not Speaker.objects.exists()


def test_no_withdrawal_after_the_deadline(focal_point, ghana):
    made = dialogue(deadline=-datetime.timedelta(minutes=1))
    Speaker.objects.create(
        dialogue=made, organisation=ghana, name="A", level=SpeakerLevel.MINISTER
    )
    from django.test import Client

    client = Client()
    client.force_login(focal_point)
    client.post(reverse("dialogues:withdraw", args=[made.pk, ghana.pk]))
    assert not Speaker.objects.get().withdrawn


def test_a_focal_point_cannot_register_for_another_organisation(
    client, focal_point, denmark
):
    made = dialogue()
    client.force_login(focal_point)
    assert client.get(register_url(made, denmark)).status_code == 404
    assert client.post(register_url(made, denmark), SPEAKER).status_code == 404
    withdraw = reverse("dialogues:withdraw", args=[made.pk, denmark.pk])
    assert client.post(withdraw).status_code == 404
    assert not Speaker.objects.exists()


def test_forged_fields_do_not_reach_another_organisation_or_the_office_marks(
    client, focal_point, ghana, denmark
):
    made = dialogue()
    client.force_login(focal_point)
    client.post(
        register_url(made, ghana),
        {
            **SPEAKER,
            "organisation": denmark.pk,
            "dialogue": 999,
            "late": "on",
            "extra_minutes": "30",
            "inscribed_at": "2000-01-01 00:00",
        },
    )
    speaker = Speaker.objects.get()
    assert speaker.organisation == ghana
    assert speaker.dialogue == made
    assert not speaker.late
    assert speaker.extra_minutes == 0
    assert speaker.inscribed_at.year != 2000


def test_contributors_and_observers_cannot_register(
    client, contributor, observer, ghana
):
    made = dialogue()
    for user in (contributor, observer):
        client.force_login(user)
        assert client.post(register_url(made, ghana), SPEAKER).status_code == 404
    assert not Speaker.objects.exists()


def test_an_organisation_the_dialogue_is_not_open_to_cannot_register(
    client, focal_point, ghana
):
    made = dialogue(open_to=[OrganisationKind.CIVIL_SOCIETY])
    client.force_login(focal_point)
    assert client.post(register_url(made, ghana), SPEAKER).status_code == 404
    assert not Speaker.objects.exists()


def test_a_un_entity_cannot_register():
    made = dialogue()
    entity = OrganisationFactory(name="UNDP", kind=OrganisationKind.UN_ENTITY)
    user = MembershipFactory(organisation=entity, focal_point=True).user
    from django.test import Client

    client = Client()
    client.force_login(user)
    assert client.post(register_url(made, entity), SPEAKER).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, ghana):
    made = dialogue()
    response = client.post(register_url(made, ghana), SPEAKER)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Speaker.objects.exists()


def test_civil_society_requests_tickets_and_may_wish_to_speak(client, civil_society):
    made = dialogue()
    user = MembershipFactory(organisation=civil_society, focal_point=True).user
    client.force_login(user)
    response = client.post(
        register_url(made, civil_society),
        {"attendees": "Jane Doe\nJohn Roe\n", "wishes_to_speak": "on"},
    )
    assert response.status_code == 200  # the subject is missing
    assert not TicketRequest.objects.exists()
    client.post(
        register_url(made, civil_society),
        {
            "attendees": "Jane Doe\nJohn Roe\n",
            "wishes_to_speak": "on",
            "subject": "Early warning in practice",
            "status": "accepted",
        },
    )
    request = TicketRequest.objects.get()
    assert request.attendee_names == ["Jane Doe", "John Roe"]
    assert request.subject == "Early warning in practice"
    assert request.status == TicketStatus.PENDING


def test_civil_society_cannot_inscribe_a_speaker_nor_a_state_ask_for_tickets(
    client, civil_society, focal_point, ghana
):
    made = dialogue()
    user = MembershipFactory(organisation=civil_society, focal_point=True).user
    client.force_login(user)
    client.post(register_url(made, civil_society), SPEAKER)
    assert not Speaker.objects.exists()
    client.force_login(focal_point)
    client.post(register_url(made, ghana), {"attendees": "Jane Doe"})
    assert not TicketRequest.objects.exists()


def test_an_answered_ticket_request_cannot_be_changed(client, civil_society):
    made = dialogue()
    user = MembershipFactory(organisation=civil_society, focal_point=True).user
    TicketRequest.objects.create(
        dialogue=made,
        organisation=civil_society,
        attendees="Jane Doe",
        status=TicketStatus.DECLINED,
    )
    client.force_login(user)
    client.post(register_url(made, civil_society), {"attendees": "John Roe"})
    assert TicketRequest.objects.get().attendees == "Jane Doe"


def test_the_deadline_is_shown_in_new_york_and_the_readers_time(
    client, focal_point, ghana
):
    made = dialogue()
    focal_point.time_zone = "Pacific/Kiritimati"
    focal_point.save(update_fields=["time_zone"])
    client.force_login(focal_point)
    page = client.get(register_url(made, ghana)).content.decode()
    assert "New York time" in page
    assert "(UTC+14:00)" in page


def test_the_portal_lists_the_dialogues_a_focal_point_may_register_for(
    client, focal_point, contributor, ghana
):
    made = dialogue()
    client.force_login(focal_point)
    page = client.get(reverse("dialogues:list")).content.decode()
    assert register_url(made, ghana) in page
    assert reverse("dialogues:list") in client.get("/contribute/").content.decode()
    client.force_login(contributor)
    page = client.get(reverse("dialogues:list")).content.decode()
    assert register_url(made, ghana) not in page


def test_the_confirmation_is_written_in_each_focal_points_language(
    client, focal_point, ghana, django_capture_on_commit_callbacks
):
    UserProfile.objects.update_or_create(
        user=focal_point, defaults={"preferred_language": "fr"}
    )
    made = dialogue()
    client.force_login(focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(made, ghana), SPEAKER)
    assert mail.outbox[0].subject.startswith("Orateur inscrit")
    assert "Ministre" in mail.outbox[0].body
