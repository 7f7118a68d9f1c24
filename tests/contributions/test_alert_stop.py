"""Stopping e-mail alerts from the e-mail itself, without signing in: the
List-Unsubscribe header with one-click POST (RFC 8058) stops every alert of
the person, and a link under each alert stops that one. The links carry a
signed token; nothing else in them is trusted."""

import re

import pytest
from django.core import mail, signing
from django.test import Client
from wagtail.users.models import UserProfile

from compendium.choices import EditionKind
from contributions import alerts
from contributions.models import SavedAlert
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


@pytest.fixture
def first_edition(publisher):
    publish_entry(title="Early warning committee", countries=("GHA",))
    publish_entry(title="Truth commission", countries=("KEN",))
    return release_edition(publisher, "1.0")


def save(client, person, query, label):
    client.force_login(person)
    response = client.post("/contribute/alerts/new/", {"query": query, "label": label})
    assert response.status_code == 302
    client.logout()
    return SavedAlert.objects.get(owner=person, label=label)


@pytest.fixture
def emailed(
    client, contributor, publisher, first_edition, django_capture_on_commit_callbacks
):
    """The contributor's alert e-mail for release 1.1, which matched both of
    their alerts."""
    save(client, contributor, "country=GHA", "Ghana")
    save(client, contributor, "country=KEN", "Kenya")
    publish_entry(title="Mediation unit", countries=("GHA", "KEN"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        release_edition(publisher, "1.1", kind=EditionKind.UPDATE)
    (message,) = mail.outbox
    return message


def path_of(link):
    assert link.startswith(SITE + "/contribute/alerts/stop/"), link
    return link.removeprefix(SITE)


def stop_every_alert(message):
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">")
    return path_of(header[1:-1])


def stop_one(message, label):
    section = message.body.split(f"--- {label}\n", 1)[1]
    link = re.search(r"Stop this alert: (\S+)", section).group(1)
    return path_of(link)


def one_click(path):
    """What a mail program sends: a POST with this body, no session, no CSRF
    cookie."""
    return Client(enforce_csrf_checks=True).post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )


def test_the_email_says_how_to_stop_it_in_its_headers_and_its_text(emailed):
    assert emailed.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    every = stop_every_alert(emailed)
    assert SITE + every in emailed.body
    assert stop_one(emailed, "Ghana") != stop_one(emailed, "Kenya") != every
    assert "/contribute/alerts/\n" in emailed.body  # managing them, signed in


def test_a_mail_programs_one_click_stops_every_alert(emailed, contributor):
    response = one_click(stop_every_alert(emailed))
    assert response.status_code == 200
    assert not SavedAlert.objects.filter(owner=contributor).exists()
    page = response.content.decode()
    assert "2 e-mail alerts stopped" in page
    assert "Ghana" in page and "Kenya" in page


def test_the_link_asks_before_it_stops(emailed, contributor):
    """Opening the link (or a mail scanner fetching it) stops nothing; the
    page's button does."""
    path = stop_one(emailed, "Kenya")
    confirm = Client().get(path)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Stop this e-mail alert?" in page
    assert "Kenya" in page and "Ghana" not in page
    assert '<form method="post"' in page
    assert SavedAlert.objects.filter(owner=contributor).count() == 2

    stopped = Client().post(path)
    assert stopped.status_code == 200
    assert "E-mail alert stopped" in stopped.content.decode()
    assert list(
        SavedAlert.objects.filter(owner=contributor).values_list("label", flat=True)
    ) == ["Ghana"]


def test_a_link_used_again_says_the_alerts_are_already_stopped(emailed):
    path = stop_one(emailed, "Ghana")
    one_click(path)
    again = Client().get(path)
    assert again.status_code == 200
    assert "Already stopped" in again.content.decode()
    assert "Stop the alert" not in again.content.decode()
    twice = one_click(path)
    assert twice.status_code == 200
    assert "Already stopped" in twice.content.decode()


def test_the_page_counts_the_alerts_it_stops(emailed):
    every = Client().get(stop_every_alert(emailed)).content.decode()
    assert "Stop these 2 e-mail alerts?" in every
    assert "Stop the 2 alerts" in every
    one = Client().get(stop_one(emailed, "Ghana")).content.decode()
    assert "Stop this e-mail alert?" in one and "Stop the alert" in one


def test_an_alert_saved_after_the_email_is_not_stopped_by_it(
    client, emailed, contributor
):
    later = save(client, contributor, "country=DNK", "Denmark")
    one_click(stop_every_alert(emailed))
    assert list(SavedAlert.objects.filter(owner=contributor)) == [later]


def test_a_changed_or_made_up_link_stops_nothing(emailed, contributor):
    path = stop_every_alert(emailed)
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = [
        path.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B")),
        path.replace(token, token[: len(token) // 2]),
        "/contribute/alerts/stop/not-a-token/",
        # Well formed, signed for something else.
        path.replace(token, signing.dumps({"owner": contributor.pk, "alerts": []})),
    ]
    for address in forged:
        response = one_click(address)
        assert response.status_code == 400, address
        assert "This link does not work" in response.content.decode()
        assert Client().get(address).status_code == 400
    assert SavedAlert.objects.filter(owner=contributor).count() == 2


def test_a_token_never_reaches_another_persons_alerts(
    client, emailed, contributor, other_focal_point
):
    """Even a token signed with the site's key (which only the site has)
    stops only its owner's alerts: another person's alert named in it stays."""
    theirs = save(client, other_focal_point, "country=KEN", "Kenya (Denmark)")
    token = signing.dumps(
        {"owner": contributor.pk, "alerts": [theirs.pk]},
        salt=alerts.STOP_SALT,
        compress=True,
    )
    response = one_click(f"/contribute/alerts/stop/{token}/")
    assert response.status_code == 200
    assert SavedAlert.objects.filter(pk=theirs.pk).exists()
    assert SavedAlert.objects.filter(owner=contributor).count() == 2


@pytest.mark.parametrize(
    "named",
    [["a", "b"], {"owner": "1", "alerts": [1]}, {"owner": 1, "alerts": "1"}, 7],
)
def test_a_signed_token_of_another_shape_is_refused(named):
    token = signing.dumps(named, salt=alerts.STOP_SALT)
    response = one_click(f"/contribute/alerts/stop/{token}/")
    assert response.status_code == 400


def test_the_page_is_in_the_language_the_emails_are_sent_in(emailed, contributor):
    UserProfile.objects.update_or_create(
        user=contributor, defaults={"preferred_language": "fr"}
    )
    page = Client().get(stop_every_alert(emailed)).content.decode()
    assert 'lang="fr"' in page
    assert "Arrêter ces 2 alertes par courriel ?" in page


def test_other_methods_are_refused(emailed):
    path = stop_every_alert(emailed)
    assert Client().put(path).status_code == 405
    assert Client().delete(path).status_code == 405
