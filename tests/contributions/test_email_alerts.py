"""E-mail alerts: a member saves a view of the public compendium from its
browse page, lists and deletes their alerts in the portal, and at each public
release is e-mailed, in the language of their profile, the entries the release
added or revised in those views."""

import pytest
from django.core import mail
from wagtail.users.models import UserProfile

from compendium.choices import EditionKind
from contributions import alerts
from contributions.models import SavedAlert
from tests.compendium.factories import publish_entry, release_edition, revise_entry
from tests.compendium.test_entry_translations import translate
from tests.contributions.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = "/contribute/alerts/new/"
LIST = "/contribute/alerts/"


def save(client, query, label="Kenya"):
    return client.post(NEW, {"query": query, "label": label})


@pytest.fixture
def first_edition(publisher):
    early_warning = publish_entry(
        title="Early warning committee", reference="CP-0001", countries=("GHA",)
    )
    publish_entry(title="Truth commission", reference="CP-0002", countries=("KEN",))
    release_edition(publisher, "1.0")
    return early_warning


def release(publisher, label, capture, kind=EditionKind.UPDATE):
    with capture(execute=True):
        return release_edition(publisher, label, kind=kind)


# Saving ------------------------------------------------------------------------


def test_a_member_saves_the_browse_view_as_an_alert(client, contributor):
    client.force_login(contributor)
    page = client.get(NEW, {"country": "KEN", "q": "mediation", "page": "2"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Country concerned: Kenya" in text
    assert 'name="query" value="q=mediation&amp;country=KEN"' in text

    response = save(client, "q=mediation&country=KEN", "Mediation in Kenya")
    assert response.status_code == 302
    alert = SavedAlert.objects.get(owner=contributor)
    assert alert.query == "q=mediation&country=KEN"
    assert alert.label == "Mediation in Kenya"
    listing = client.get(LIST).content.decode()
    assert "Mediation in Kenya" in listing
    assert "/compendium/feed/entries/?q=mediation&amp;country=KEN" in listing


def test_every_browse_page_offers_an_alert_for_its_view(client, first_edition):
    page = client.get("/fr/compendium/", {"country": "KEN"}).content.decode()
    assert 'href="/contribute/alerts/new/?country=KEN"' in page
    assert "alerter par courriel" in page


def test_signing_in_comes_first(client):
    response = client.get(NEW, {"country": "KEN"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_someone_without_a_membership_cannot_save_alerts(client):
    client.force_login(UserFactory())
    assert client.get(NEW, {"country": "KEN"}).status_code == 403
    assert save(client, "country=KEN").status_code == 403
    assert client.get(LIST).status_code == 403
    assert not SavedAlert.objects.exists()


@pytest.mark.parametrize(
    "query, problem",
    [
        ("contry=KEN", "“contry” is not a filter of the compendium"),
        ("year_from=soon", "“year_from” must be a year from 1945"),
        ("pillar=" + "I" * 100, "“pillar” has a value no entry can have"),
        ("country=K%1BEN", "“country” has a value no entry can have"),
    ],
)
def test_a_view_the_compendium_does_not_have_is_refused_in_plain_words(
    client, contributor, query, problem
):
    client.force_login(contributor)
    shown = client.get(f"{NEW}?{query}")
    assert shown.status_code == 400
    assert problem in shown.content.decode()
    forged = save(client, query)
    assert forged.status_code == 200
    assert problem in forged.content.decode()
    assert not SavedAlert.objects.exists()


def test_a_name_with_control_characters_or_too_long_is_refused(client, contributor):
    client.force_login(contributor)
    assert "invisible control character" in (
        save(client, "country=KEN", "Kenya\x1b").content.decode()
    )
    assert save(client, "country=KEN", "K" * 201).status_code == 200
    assert not SavedAlert.objects.exists()
    # Arabic, right to left, is a name like any other.
    save(client, "country=KEN", "\u202bكينيا\u202c")
    assert SavedAlert.objects.get().label == "\u202bكينيا\u202c"


def test_the_same_view_is_saved_once(client, contributor):
    client.force_login(contributor)
    save(client, "country=KEN")
    again = save(client, "country=KEN&page=3")
    assert "You already have an alert for this view." in again.content.decode()
    assert SavedAlert.objects.count() == 1


def test_one_person_may_keep_so_many_alerts(client, contributor, monkeypatch):
    monkeypatch.setattr(alerts, "MAX_ALERTS_PER_PERSON", 2)
    client.force_login(contributor)
    save(client, "country=KEN")
    save(client, "country=GHA")
    refused = save(client, "country=DNK")
    assert "You have 2 alerts, as many as one person may have." in (
        refused.content.decode()
    )
    assert SavedAlert.objects.filter(owner=contributor).count() == 2


# Listing and deleting ------------------------------------------------------------


def test_the_portal_header_leads_members_to_their_alerts(client, observer):
    client.force_login(observer)
    assert f'href="{LIST}"' in client.get("/contribute/").content.decode()


def test_a_member_sees_only_their_own_alerts(client, contributor, other_focal_point):
    SavedAlert.objects.create(owner=other_focal_point, query="country=DNK", label="D")
    SavedAlert.objects.create(owner=contributor, query="country=GHA", label="Mine")
    client.force_login(contributor)
    listing = client.get(LIST).content.decode()
    assert "Mine" in listing
    assert "country=DNK" not in listing


def test_deleting_asks_first_then_deletes(client, contributor):
    alert = SavedAlert.objects.create(owner=contributor, query="", label="All")
    client.force_login(contributor)
    confirm = client.get(f"/contribute/alerts/{alert.pk}/delete/")
    assert confirm.status_code == 200
    assert "Delete the alert?" in confirm.content.decode()
    assert SavedAlert.objects.filter(pk=alert.pk).exists()
    response = client.post(f"/contribute/alerts/{alert.pk}/delete/")
    assert response.status_code == 302
    assert not SavedAlert.objects.filter(pk=alert.pk).exists()


def test_nobody_sees_or_deletes_another_persons_alert(
    client, contributor, other_focal_point
):
    theirs = SavedAlert.objects.create(
        owner=other_focal_point, query="country=DNK", label="Denmark"
    )
    client.force_login(contributor)
    assert client.get(f"/contribute/alerts/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"/contribute/alerts/{theirs.pk}/delete/").status_code == 404
    assert SavedAlert.objects.filter(pk=theirs.pk).exists()


# E-mails at a release --------------------------------------------------------------


def test_a_release_emails_the_entries_it_added_or_revised_in_the_view(
    client,
    contributor,
    publisher,
    first_edition,
    django_capture_on_commit_callbacks,
):
    client.force_login(contributor)
    save(client, "country=GHA", "Ghana")
    save(client, "country=KEN", "Kenya")
    save(client, "country=DNK", "Denmark")
    revise_entry(first_edition, summary="Now meets every week.")
    publish_entry(title="Mediation unit", reference="CP-0003", countries=("KEN",))
    mail.outbox.clear()

    release(publisher, "1.1", django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == [contributor.email]
    assert "1.1" in message.subject
    body = message.body
    assert "--- Ghana" in body and "--- Kenya" in body
    assert "Revised: Early warning committee" in body
    assert "New: Mediation unit" in body
    assert "/compendium/editions/1.1/entries/CP-0003/" in body
    # Nothing changed in Denmark, and the unchanged truth commission is no news.
    assert "Denmark" not in body
    assert "Truth commission" not in body
    # Where to stop them.
    assert "/contribute/alerts/" in body


def test_nothing_is_sent_when_no_alert_matches(
    client, contributor, publisher, first_edition, django_capture_on_commit_callbacks
):
    client.force_login(contributor)
    save(client, "country=DNK", "Denmark")
    publish_entry(title="Mediation unit", reference="CP-0003", countries=("KEN",))
    mail.outbox.clear()
    release(publisher, "1.1", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_each_person_is_emailed_once_in_their_own_language(
    client,
    contributor,
    other_focal_point,
    publisher,
    first_edition,
    django_capture_on_commit_callbacks,
):
    for person, label in ((contributor, "Ghana"), (other_focal_point, "Ghana FR")):
        client.force_login(person)
        save(client, "country=GHA", label)
    UserProfile.objects.update_or_create(
        user=other_focal_point, defaults={"preferred_language": "fr"}
    )
    translate(
        first_edition,
        fr=("Comité d'alerte précoce", "Un comité.", "<p>Un comité.</p>"),
    )
    revise_entry(first_edition, summary="Now meets every week.")
    mail.outbox.clear()

    release(publisher, "1.1", django_capture_on_commit_callbacks)

    by_person = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 2
    french = by_person[other_focal_point.email]
    assert "Comité d'alerte précoce" in french.body
    assert "/fr/compendium/editions/1.1/entries/CP-0001/" in french.body
    assert "Bonjour" in french.body
    english = by_person[contributor.email]
    assert "Revised: Early warning committee" in english.body

    # Releasing is done once; running the task again sends nothing twice.
    mail.outbox.clear()
    edition = SavedAlert.objects.first().last_sent_edition
    assert alerts.send_alerts.call(edition.pk) == 0
    assert mail.outbox == []


def test_pre_publication_releases_send_nothing(
    client, contributor, publisher, first_edition, django_capture_on_commit_callbacks
):
    client.force_login(contributor)
    save(client, "country=KEN", "Kenya")
    publish_entry(title="Mediation unit", reference="CP-0003", countries=("KEN",))
    mail.outbox.clear()
    release(
        publisher,
        "1.1-pre",
        django_capture_on_commit_callbacks,
        kind=EditionKind.PRE_PUBLICATION,
    )
    assert mail.outbox == []


def test_someone_who_left_their_organisation_is_not_emailed(
    client, contributor, publisher, first_edition, django_capture_on_commit_callbacks
):
    client.force_login(contributor)
    save(client, "country=KEN", "Kenya")
    contributor.memberships.all().delete()
    publish_entry(title="Mediation unit", reference="CP-0003", countries=("KEN",))
    mail.outbox.clear()
    release(publisher, "1.1", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_long_list_ends_with_a_link_to_the_view(
    client,
    contributor,
    publisher,
    first_edition,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(alerts, "ENTRIES_PER_ALERT", 1)
    client.force_login(contributor)
    save(client, "country=KEN", "Kenya")
    publish_entry(title="Mediation unit", reference="CP-0003", countries=("KEN",))
    publish_entry(title="Peace committee", reference="CP-0004", countries=("KEN",))
    mail.outbox.clear()
    release(publisher, "1.1", django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert "New: Mediation unit" in message.body
    assert "Peace committee" not in message.body
    assert "And 1 more entry in this view:" in message.body
    assert "/compendium/?country=KEN" in message.body
