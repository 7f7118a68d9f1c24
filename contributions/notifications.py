"""E-mails about entries, through Django's mail framework: one message per
recipient, so no one sees who else was told."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse


def site_url(path):
    """An absolute link for e-mails, which are sent outside any request."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_to_each(template, recipients, context):
    """One plain-text message per recipient from `<template>_subject.txt` and
    `<template>.txt`, each rendered with its own `recipient`."""
    messages = []
    for recipient in recipients:
        personal = {**context, "recipient": recipient}
        subject = render_to_string(f"{template}_subject.txt", personal)
        body = render_to_string(f"{template}.txt", personal)
        messages.append((" ".join(subject.split()), body, None, [recipient.email]))
    if messages:
        send_mass_mail(messages, fail_silently=False)


def entry_ready(entry, actor, message):
    """Tell the organisation's focal points that a contributor marked an entry ready."""
    recipients = entry.organisation.focal_points.exclude(pk=actor.pk)
    send_to_each(
        "contributions/email/entry_ready",
        recipients,
        {
            "entry": entry,
            "actor": actor,
            "message": message,
            "link": site_url(reverse("contributions:entry", args=[entry.reference])),
        },
    )


def entry_submitted(entry, actor, reviewers_group, message):
    """Tell the Office's reviewers that an entry is waiting for review."""
    if reviewers_group is None:
        return
    recipients = get_user_model().objects.filter(groups=reviewers_group, is_active=True)
    send_to_each(
        "contributions/email/entry_submitted",
        recipients,
        {
            "entry": entry,
            "actor": actor,
            "message": message,
            "link": site_url(reverse("practice_entries:inspect", args=[entry.pk])),
        },
    )
