"""The Office's answer to a civil society ticket request reaches the
organisation's focal points, each in their language."""

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from dialogues.choices import TicketStatus
from dialogues.models import TicketRequest
from tests.contributions.factories import MembershipFactory

from .factories import dialogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def network_focal_point(civil_society):
    return MembershipFactory(organisation=civil_society, focal_point=True).user


@pytest.fixture
def request_(civil_society, network_focal_point):
    return TicketRequest.objects.create(
        dialogue=dialogue(),
        organisation=civil_society,
        attendees="Jane Doe\nO'Brien <b>&</b> ‫علي‬",
        wishes_to_speak=True,
        subject="Prevention",
    )


def edit(client, request_, **data):
    return client.post(f"/admin/dialogue_tickets/edit/{request_.pk}/", data)


def test_accepting_emails_the_decision_attendees_date_and_room(
    client, reviewer, request_, network_focal_point, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(client, request_, status=TicketStatus.ACCEPTED)
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[network_focal_point.email]]
    message = mail.outbox[0]
    assert message.subject.startswith("Tickets accepted")
    assert "has accepted the request" in message.body
    assert "- Jane Doe" in message.body
    # Plain text: hostile characters arrive as typed, never HTML-escaped.
    assert "- O'Brien <b>&</b> ‫علي‬" in message.body
    assert "Room: Trusteeship Council Chamber" in message.body
    assert "10:00–13:00 New York time" in message.body
    assert ModelLogEntry.objects.filter(action="dialogues.tickets.accepted").exists()


def test_a_decline_carries_its_reason(
    client, reviewer, request_, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        edit(
            client,
            request_,
            status=TicketStatus.DECLINED,
            decision_reason="The gallery is full.",
        )
    request_.refresh_from_db()
    assert request_.status == TicketStatus.DECLINED
    body = mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Tickets declined")
    assert "has declined the request" in body
    assert "Reason: The gallery is full." in body


def test_the_answer_is_written_in_the_focal_points_language(
    client,
    reviewer,
    request_,
    network_focal_point,
    django_capture_on_commit_callbacks,
):
    UserProfile.objects.update_or_create(
        user=network_focal_point, defaults={"preferred_language": "fr"}
    )
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, request_, status=TicketStatus.ACCEPTED)
    assert mail.outbox[0].subject.startswith("Cartes d'accès acceptées")
    assert "Salle : Trusteeship Council Chamber" in mail.outbox[0].body


def test_saving_the_same_answer_again_sends_nothing_more(
    client, reviewer, request_, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, request_, status=TicketStatus.ACCEPTED)
        edit(client, request_, status=TicketStatus.ACCEPTED)
    assert len(mail.outbox) == 1


def test_a_pending_request_sends_nothing(
    client, reviewer, request_, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, request_, status=TicketStatus.PENDING)
    assert mail.outbox == []


def test_members_cannot_answer_a_request(
    client, network_focal_point, request_, django_capture_on_commit_callbacks
):
    client.force_login(network_focal_point)
    with django_capture_on_commit_callbacks(execute=True):
        edit(client, request_, status=TicketStatus.ACCEPTED)
    request_.refresh_from_db()
    assert request_.status == TicketStatus.PENDING
    assert mail.outbox == []
