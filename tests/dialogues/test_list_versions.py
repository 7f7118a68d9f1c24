"""The published list of speakers: version 1 when the Office publishes it,
then a numbered, unchangeable version for every change, each with its diff."""

import pytest
from django.db import IntegrityError, transaction

from dialogues import services, versions
from dialogues.choices import SpeakerLevel, TicketStatus
from dialogues.models import ListVersion, Speaker, TicketRequest

from .factories import dialogue, speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def made():
    made = dialogue(year=2015)
    speaker(made, "GHA", SpeakerLevel.MINISTER, 50)
    speaker(made, "DNK", SpeakerLevel.PERMANENT_REPRESENTATIVE, 40)
    return made


def publish(client, reviewer, made):
    client.force_login(reviewer)
    return client.post(f"/admin/dialogues_admin/{made.pk}/speakers/publish/")


def test_before_publication_the_public_page_shows_none_of_the_inscriptions(
    client, made
):
    page = client.get("/dialogues/2015/").content.decode()
    assert "The list of speakers is not yet published." in page
    assert "Speaker of GHA" not in page
    assert "Ghana" not in page


def test_publishing_records_version_one_with_the_ordered_rows(client, reviewer, made):
    assert publish(client, reviewer, made).status_code == 302
    first = ListVersion.objects.get()
    assert first.number == 1
    assert first.recorded_by == reviewer
    assert [row["position"] for row in first.rows] == [1, 2]
    assert first.rows[0]["organisation"] == "Ghana"
    assert first.rows[0]["speaker"] == "Speaker of GHA"
    assert first.rows[0]["level"] == SpeakerLevel.MINISTER
    assert first.rows[0]["late"] is False
    page = client.get("/dialogues/2015/").content.decode()
    assert "List of speakers — version 1," in page
    assert page.index("Speaker of GHA") < page.index("Speaker of DNK")


def test_publishing_again_records_nothing(client, reviewer, made):
    publish(client, reviewer, made)
    publish(client, reviewer, made)
    assert ListVersion.objects.count() == 1


def test_only_the_office_publishes(client, focal_point, publisher, made):
    for who in (focal_point, publisher):
        client.force_login(who)
        client.post(f"/admin/dialogues_admin/{made.pk}/speakers/publish/")
    assert not ListVersion.objects.exists()


def test_no_version_is_recorded_before_publication(made):
    speaker(made, "CRI")
    assert not ListVersion.objects.exists()


def test_each_change_after_publication_is_the_next_version(client, reviewer, made):
    publish(client, reviewer, made)
    late = speaker(made, "CRI", late=True)  # a late inscription
    assert ListVersion.objects.latest_first().first().number == 2
    late.name = "Another speaker"  # a change of details
    late.save()
    late.withdrawn = True  # a withdrawal
    late.save()
    assert [each.number for each in ListVersion.objects.all()] == [1, 2, 3, 4]
    late.save()  # nothing the public reads changed
    assert ListVersion.objects.count() == 4


def test_an_accepted_request_to_speak_is_a_new_version(
    client, reviewer, made, civil_society
):
    publish(client, reviewer, made)
    request = TicketRequest.objects.create(
        dialogue=made,
        organisation=civil_society,
        attendees="Jane",
        wishes_to_speak=True,
        subject="Prevention",
    )
    assert ListVersion.objects.count() == 1  # pending: not on the list
    services.answer_tickets(
        actor=reviewer, request=request, status=TicketStatus.ACCEPTED
    )
    latest = ListVersion.objects.latest_first().first()
    assert latest.number == 2
    assert latest.rows[-1]["civil_society"] is True


def test_the_public_page_shows_the_diff_and_links_earlier_versions(
    client, reviewer, made
):
    publish(client, reviewer, made)
    denmark = Speaker.objects.get(organisation__country__iso3="DNK")
    client.post(
        f"/admin/dialogues_admin/{made.pk}/speakers/{denmark.pk}/move/",
        {"where": "up", "reason": "R"},
    )
    speaker(made, "CRI")
    client.logout()
    page = client.get("/dialogues/2015/").content.decode()
    assert "List of speakers — version 3," in page
    assert "Changes since version 2" in page
    assert "Added: Costa Rica, at position 3" in page
    assert 'href="/dialogues/2015/speakers/1/"' in page
    second = client.get("/dialogues/2015/speakers/2/").content.decode()
    assert "List of speakers — version 2," in second
    assert "Moved: Denmark, from position 2 to 1" in second
    assert "Costa Rica" not in second


def test_an_unknown_version_is_not_found(client, reviewer, made):
    publish(client, reviewer, made)
    for number in ["0", "9", "99999999999999999999"]:
        assert client.get(f"/dialogues/2015/speakers/{number}/").status_code == 404


def test_a_version_never_changes(client, reviewer, made):
    publish(client, reviewer, made)
    first = ListVersion.objects.get()
    first.rows = []
    with pytest.raises(ValueError):
        first.save()


def test_two_versions_cannot_share_a_number(client, reviewer, made):
    publish(client, reviewer, made)
    with pytest.raises(IntegrityError), transaction.atomic():
        ListVersion.objects.create(dialogue=made, number=1, rows=[])


def test_the_diff_tells_a_move_from_a_shift():
    def rows(*keys):
        return [
            {"key": key, "position": i, "organisation": key}
            for i, key in enumerate(keys, 1)
        ]

    shifted = versions.diff(rows("a", "b", "c"), rows("x", "a", "b", "c"))
    assert [row["key"] for row in shifted.added] == ["x"]
    assert not shifted.moved
    moved = versions.diff(rows("a", "b", "c"), rows("c", "a", "b"))
    assert [row["key"] for row in moved.moved] == ["c"]
    removed = versions.diff(rows("a", "b"), rows("b"))
    assert [row["key"] for row in removed.removed] == ["a"]
    assert not versions.diff(rows("a"), rows("a"))


def test_hostile_names_are_shown_escaped(client, reviewer, made):
    speaker(made, "CRI", name="<script>alert(1)</script> ‮عربي")
    publish(client, reviewer, made)
    page = client.get("/dialogues/2015/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_after_the_day_the_latest_list_reads_as_delivered_versions_as_published(
    client, reviewer, made
):
    publish(client, reviewer, made)
    ghana, denmark = (
        Speaker.objects.get(dialogue=made, organisation__name=name)
        for name in ("Ghana", "Denmark")
    )
    services.record_outcome(actor=reviewer, speaker=ghana, outcome="spoke", seconds=251)
    services.record_outcome(actor=reviewer, speaker=denmark, outcome="absent")
    page = client.get("/dialogues/2015/").content.decode()
    assert "As delivered" in page
    assert 'Spoke <span class="muted">(4:11 min)</span>' in page
    assert "Absent" in page
    number = ListVersion.objects.get().number
    published = client.get(f"/dialogues/2015/speakers/{number}/").content.decode()
    assert "As delivered" not in published


def test_before_the_day_the_list_has_no_delivered_column(client, reviewer, made):
    publish(client, reviewer, made)
    assert "As delivered" not in client.get("/dialogues/2015/").content.decode()
