"""Notifications: kept for each person's list on the site, e-mailed at once or in
a daily digest, and never leading anyone astray."""

import pytest
from django.core import mail
from django.core.management import call_command

from contributions.models import Notification
from review import services
from review.choices import DecisionKind, Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes_requested(submitted, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            actor=reviewer,
            entry=submitted,
            kind=DecisionKind.REQUEST_CHANGES,
            message="Please name the ministries involved.",
        )
    return submitted


def test_a_decision_is_kept_for_each_recipient_and_e_mailed_at_once(
    changes_requested, focal_point, contributor, observer
):
    kept = list(Notification.objects.all())
    assert len(kept) == 2
    assert {item.recipient_id for item in kept} == {focal_point.pk, contributor.pk}
    assert all(item.emailed_at is not None for item in kept)
    assert all(item.read_at is None for item in kept)
    assert all(item.path == "/contribute/entries/CP-0001/" for item in kept)
    assert sorted(address for message in mail.outbox for address in message.to) == (
        sorted([focal_point.email, contributor.email])
    )
    assert not Notification.objects.filter(recipient=observer).exists()


def test_the_portal_lists_unread_notifications_and_opening_one_marks_it_read(
    client, changes_requested, contributor
):
    client.force_login(contributor)
    page = client.get("/contribute/notifications/").content.decode()
    assert "Unread (1)" in page
    assert "Please name the ministries involved." in page
    assert "1 unread notification" in client.get("/contribute/").content.decode()

    notification = Notification.objects.get(recipient=contributor)
    response = client.get(f"/contribute/notifications/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/contribute/entries/CP-0001/"
    notification.refresh_from_db()
    assert notification.read_at is not None

    page = client.get("/contribute/notifications/").content.decode()
    assert "Nothing unread." in page
    assert (
        "Please name the ministries"
        in client.get("/contribute/notifications/?show=all").content.decode()
    )


def test_mark_all_read(client, changes_requested, contributor, focal_point):
    client.force_login(contributor)
    response = client.post("/contribute/notifications/read/", follow=True)
    assert "All notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=contributor).unread().exists()
    # Only one's own: the focal point's stay unread.
    assert Notification.objects.filter(recipient=focal_point).unread().exists()


def test_someone_elses_notification_is_not_found_and_stays_unread(
    client, changes_requested, contributor, focal_point, other_focal_point
):
    theirs = Notification.objects.get(recipient=focal_point)
    for intruder in (contributor, other_focal_point):
        client.force_login(intruder)
        assert client.get(f"/contribute/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/contribute/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_notification_never_redirects_off_the_site(client, contributor):
    notification = Notification.objects.create(
        recipient=contributor, subject="Odd", body="Odd", path="//evil.example/"
    )
    client.force_login(contributor)
    response = client.get(f"/contribute/notifications/{notification.pk}/")
    assert response["Location"] == "/"


def test_comment_text_is_escaped_in_the_list(
    client, submitted, reviewer, contributor, django_capture_on_commit_callbacks
):
    thread = services.add_comment(actor=reviewer, entry=submitted, body="Which decree?")
    services.add_comment(
        actor=contributor, entry=submitted, parent=thread, body="No. 12"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            actor=reviewer,
            entry=submitted,
            parent=thread,
            body="<script>alert(1)</script> thanks",
        )
    client.force_login(contributor)
    page = client.get("/contribute/notifications/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; thanks" in page


def test_internal_comments_never_become_a_contributors_notification(
    submitted, reviewer, contributor, django_capture_on_commit_callbacks
):
    from accounts.choices import StaffRole
    from tests.contributions.factories import UserFactory

    colleague = UserFactory(staff_roles=[StaffRole.REVIEWER])
    thread = services.add_comment(
        actor=reviewer,
        entry=submitted,
        body="Internal: is this a duplicate?",
        visibility=Visibility.INTERNAL,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            actor=colleague, entry=submitted, parent=thread, body="Yes, of CP-0002."
        )
    assert list(Notification.objects.values_list("recipient", flat=True)) == [
        reviewer.pk
    ]
    assert (
        not Notification.objects.filter(body__contains="CP-0002")
        .exclude(recipient=reviewer)
        .exists()
    )


def test_a_daily_digest_gathers_notifications_into_one_e_mail(
    submitted,
    reviewer,
    focal_point,
    contributor,
    django_capture_on_commit_callbacks,
):
    contributor.daily_digest = True
    contributor.save()
    thread = services.add_comment(actor=reviewer, entry=submitted, body="Which year?")
    services.add_comment(actor=contributor, entry=submitted, parent=thread, body="2012")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            actor=reviewer, entry=submitted, parent=thread, body="Thank you, noted."
        )
        services.decide(
            actor=reviewer,
            entry=submitted,
            kind=DecisionKind.REQUEST_CHANGES,
            message="Please add the decree.",
        )
    # The focal point gets single e-mails; the contributor none yet.
    assert contributor.email not in [a for m in mail.outbox for a in m.to]
    assert Notification.objects.filter(recipient=contributor).count() == 2
    mail.outbox.clear()

    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert [message.to for message in mail.outbox] == [[contributor.email]]
    digest = mail.outbox[0]
    assert digest.subject == "R2P Compendium: 2 new notifications"
    assert "Thank you, noted." in digest.body
    assert "Please add the decree." in digest.body
    assert "http://testserver/contribute/notifications/" in digest.body

    # Nothing is sent twice.
    mail.outbox.clear()
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert mail.outbox == []


def test_the_digest_leaves_out_what_was_already_read_on_the_site(
    client, changes_requested, contributor
):
    contributor.daily_digest = True
    contributor.save()
    Notification.objects.filter(recipient=contributor).update(emailed_at=None)
    Notification.objects.create(
        recipient=contributor, subject="Unread one", body="Unread body", path="/"
    )
    client.force_login(contributor)
    client.post("/contribute/notifications/read/")
    Notification.objects.create(
        recipient=contributor, subject="Fresh one", body="Fresh body", path="/"
    )
    mail.outbox.clear()
    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    assert "Fresh body" in mail.outbox[0].body
    assert "Unread body" not in mail.outbox[0].body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_choosing_the_digest_in_the_portal(client, contributor):
    client.force_login(contributor)
    response = client.post(
        "/contribute/notifications/digest/", {"daily_digest": "1"}, follow=True
    )
    assert "one e-mail a day" in response.content.decode()
    contributor.refresh_from_db()
    assert contributor.daily_digest is True

    response = client.post(
        "/contribute/notifications/digest/", {"daily_digest": "weekly"}, follow=True
    )
    assert response.status_code == 200
    assert "Choose how you would like to be e-mailed." in response.content.decode()
    contributor.refresh_from_db()
    assert contributor.daily_digest is True


def test_staff_read_their_notifications_in_the_admin(
    client, submitted, reviewer, contributor, django_capture_on_commit_callbacks
):
    thread = services.add_comment(actor=reviewer, entry=submitted, body="Which year?")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(
            actor=contributor, entry=submitted, parent=thread, body="It was 2012."
        )
    notification = Notification.objects.get(recipient=reviewer)
    assert notification.path == f"/admin/review/{submitted.pk}/#comment-{thread.pk}"
    client.force_login(reviewer)
    page = client.get("/admin/notifications/").content.decode()
    assert "It was 2012." in page
    assert "Unread (1)" in page
    response = client.get(f"/admin/notifications/{notification.pk}/")
    assert response["Location"] == notification.path
    response = client.post("/admin/notifications/digest/", {"daily_digest": "1"})
    assert response["Location"] == "/admin/notifications/"
    reviewer.refresh_from_db()
    assert reviewer.daily_digest


def test_members_cannot_open_the_admin_notifications(client, contributor):
    client.force_login(contributor)
    response = client.get("/admin/notifications/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# The worker commits and closes its connection as in production, so the test
# runs on committed data rather than inside one rolled-back transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_production_e_mails_wait_for_the_database_worker(
    settings, submitted, reviewer, contributor
):
    """With the database task backend, nothing is mailed until `db_worker` runs
    the queued tasks; then each notification goes out once."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    thread = services.add_comment(actor=reviewer, entry=submitted, body="Which year?")
    services.add_comment(actor=contributor, entry=submitted, parent=thread, body="2012")
    services.add_comment(
        actor=reviewer, entry=submitted, parent=thread, body="Thank you."
    )
    assert mail.outbox == []
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
    # One e-mail per reply, queued after each commit. (The first comment also
    # starts the review, and saving the entry queues Wagtail's reference index.)
    mailing = DBTaskResult.objects.filter(
        task_path="contributions.notifications.email_notifications"
    )
    assert mailing.count() == 2

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        [reviewer.email, contributor.email]
    )
    assert "Thank you." in next(
        m.body for m in mail.outbox if m.to == [contributor.email]
    )
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 2


def test_choosing_a_time_zone(client, contributor):
    client.force_login(contributor)
    response = client.post(
        "/contribute/notifications/time-zone/",
        {"time_zone": "Pacific/Kiritimati"},
        follow=True,
    )
    assert "now shown in Pacific/Kiritimati" in response.content.decode()
    contributor.refresh_from_db()
    assert contributor.time_zone == "Pacific/Kiritimati"
    response = client.post(
        "/contribute/notifications/time-zone/",
        {"time_zone": "Mars/Olympus"},
        follow=True,
    )
    assert "Choose a time zone from the list." in response.content.decode()
    contributor.refresh_from_db()
    assert contributor.time_zone == "Pacific/Kiritimati"
