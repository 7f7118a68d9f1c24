"""Telling people what happened.

Each notification is kept for the person's list on the site and e-mailed through
Django's mail framework by a background task (django-tasks): at once, or in the
daily digest the person chose. One message per recipient, so no one sees who else
was told. Tasks take ids, not objects, so they can wait in the database queue;
each sends and marks its notifications with the rows locked, so two workers never
e-mail the same notification twice.
"""

from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.access import is_staff_user
from accounts.models import User
from compendium.languages import language_of, languages_of
from compendium.site_address import site_url
from compendium.text import one_line, render_plain

from .models import Notification


def list_path(user):
    """Where this person reads their notifications: the admin for staff."""
    if is_staff_user(user):
        return reverse("notifications_admin:index")
    return reverse("contributions:notifications")


def notify(template, recipients, context, *, path, entry=None):
    """Notify each recipient from `<template>_subject.txt` and `<template>.txt`,
    plain text (compendium.text.render_plain), the subject on one line.

    `path` is where the notification leads on the site, or a function of the
    recipient when staff and members are sent to different screens. Each template
    is rendered with its own `recipient`; the e-mail adds the link (see
    `email_text`), the list on the site links the subject.
    """
    notifications = []
    recipients = list(recipients)
    # Each in the language the person chose on their profile.
    languages = languages_of(recipients)
    for recipient in recipients:
        where = path(recipient) if callable(path) else path
        personal = {**context, "recipient": recipient}
        with translation.override(languages[recipient.pk]):
            subject = render_plain(f"{template}_subject.txt", personal)
            body = render_plain(f"{template}.txt", personal).strip()
        notifications.append(
            Notification(
                recipient=recipient,
                entry=entry,
                subject=one_line(subject)[:255],
                body=body,
                path=where,
            )
        )
    Notification.objects.bulk_create(notifications)
    at_once = [item.pk for item in notifications if not item.recipient.daily_digest]
    if at_once:
        transaction.on_commit(lambda: email_notifications.enqueue(at_once))
    return notifications


def email_text(notification):
    return "{body}\n\n{lead}\n{link}\n".format(
        body=notification.body,
        lead=_("Open it on the compendium's site:"),
        link=site_url(notification.path),
    )


@task()
def email_notifications(notification_ids):
    """E-mail each notification on its own to its recipient."""
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .filter(pk__in=notification_ids, emailed_at__isnull=True)
            .select_related("recipient")
        )
        languages = languages_of([item.recipient for item in pending])
        messages = []
        for item in pending:
            with translation.override(languages[item.recipient.pk]):
                text = email_text(item)
            messages.append(
                (one_line(item.subject), text, None, [item.recipient.email])
            )
        send_mass_mail(messages, fail_silently=False)
        Notification.objects.filter(pk__in=[item.pk for item in pending]).update(
            emailed_at=timezone.now()
        )
    return len(pending)


@task()
def send_digest(user_id):
    """One e-mail with everything this person has not yet read or been sent.

    Notifications already read on the site are left out of the e-mail but count
    as dealt with.
    """
    with transaction.atomic():
        recipient = User.objects.get(pk=user_id)
        pending = list(
            Notification.objects.select_for_update()
            .filter(recipient=recipient, emailed_at__isnull=True)
            .order_by("created_at", "pk")
        )
        unread = [item for item in pending if item.read_at is None]
        if unread and recipient.is_active:
            context = {
                "recipient": recipient,
                "notifications": unread,
                "list_link": site_url(list_path(recipient)),
                "site": site_url(""),
            }
            with translation.override(language_of(recipient)):
                subject = render_plain(
                    "contributions/email/digest_subject.txt", context
                )
                text = render_plain("contributions/email/digest.txt", context)
            send_mail(
                one_line(subject),
                text,
                None,
                [recipient.email],
                fail_silently=False,
            )
        Notification.objects.filter(pk__in=[item.pk for item in pending]).update(
            emailed_at=timezone.now()
        )
    return len(unread) if recipient.is_active else 0


def entry_ready(entry, actor, message):
    """Tell the organisation's focal points that a contributor marked an entry ready."""
    notify(
        "contributions/email/entry_ready",
        entry.organisation.focal_points.exclude(pk=actor.pk),
        {"entry": entry, "actor": actor, "message": message},
        path=reverse("contributions:entry", args=[entry.reference]),
        entry=entry,
    )
