"""E-mail alerts: members save a view of the public compendium (a search, a
country, a pillar…) and, at each public release, are e-mailed the entries the
release added or revised in it, the same ones its Atom feed announces
(compendium.following).

One e-mail per person and release, in the language of their profile, listing
each of their alerts that the release changed; nothing when none did. Each
alert remembers the last release it was considered for, and a person's alerts
are read with their rows locked, so a release never e-mails anyone twice.

Each e-mail can be stopped without signing in, as mail programs offer
(List-Unsubscribe with one-click POST, RFC 8058): its links carry a signed
token naming the alerts they stop, all of the person's or one, as they were
when it was sent; an alert saved later is not stopped by an older e-mail.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.models import Membership, User
from compendium import following
from compendium.languages import language_of
from compendium.models import Edition
from compendium.signals import edition_released
from compendium.site_address import site_url
from compendium.text import one_line, render_plain

from .models import SavedAlert
from .models.alerts import QUERY_MAX_LENGTH

MAX_ALERTS_PER_PERSON = 50
# The entries an e-mail lists for one alert; the rest are a link away.
ENTRIES_PER_ALERT = 20
STOP_SALT = "contributions.alerts.stop"


def may_have_alerts(user):
    """Members of an active organisation: the portal's people."""
    return bool(
        user.is_authenticated
        and user.is_active
        and Membership.objects.filter(user=user, organisation__active=True).exists()
    )


def view_or_error(query_string):
    """The followed view a query string names, or ValidationError saying in
    plain words what is wrong with it."""
    view = following.view_of(QueryDict(query_string or ""))
    if view.problems:
        raise ValidationError(view.problems)
    if len(view.query_string) > QUERY_MAX_LENGTH:
        raise ValidationError(
            _("This view has too many filters to follow. Choose fewer.")
        )
    return view


def view_of_alert(alert):
    return following.view_of(QueryDict(alert.query))


def save_alert(*, owner, view, label):
    """Save a view as one of the owner's alerts, within the limit per person."""
    with transaction.atomic():
        # Two saves at once must not both pass the limit.
        User.objects.select_for_update().filter(pk=owner.pk).first()
        mine = SavedAlert.objects.filter(owner=owner)
        if mine.filter(query=view.query_string).exists():
            raise ValidationError(_("You already have an alert for this view."))
        if mine.count() >= MAX_ALERTS_PER_PERSON:
            raise ValidationError(
                _(
                    "You have %(limit)s alerts, as many as one person may have. "
                    "Delete one you no longer need, then save this one."
                )
                % {"limit": MAX_ALERTS_PER_PERSON}
            )
        try:
            with transaction.atomic():
                return SavedAlert.objects.create(
                    owner=owner,
                    query=view.query_string,
                    label=label,
                    # Only releases from now on are news.
                    last_sent_edition=following.public_releases().first(),
                )
        except IntegrityError:
            # Saved a moment ago, where the database takes no row lock (SQLite).
            raise ValidationError(
                _("You already have an alert for this view.")
            ) from None


def stop_path(owner, stopped):
    """The address that stops these alerts of their owner, for an e-mail."""
    token = signing.dumps(
        {"owner": owner.pk, "alerts": sorted(alert.pk for alert in stopped)},
        salt=STOP_SALT,
        compress=True,
    )
    return reverse("contributions:alert_stop", args=[token])


def alerts_to_stop(token):
    """(owner, their alerts the token names that still exist) for a token made
    by stop_path, or None for anything else."""
    try:
        named = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    if not (
        isinstance(named, dict)
        and isinstance(named.get("owner"), int)
        and isinstance(named.get("alerts"), list)
        and all(isinstance(pk, int) for pk in named["alerts"])
    ):
        return None
    owner = User.objects.filter(pk=named["owner"]).first()
    if owner is None:
        return None
    return owner, SavedAlert.objects.filter(
        owner=owner, pk__in=named["alerts"]
    ).order_by("label", "pk")


def _with_query(path, query_string):
    return f"{path}?{query_string}" if query_string else path


def browse_path(query_string):
    return _with_query(reverse("compendium_public:browse"), query_string)


def feed_path(query_string):
    return _with_query(reverse("compendium_entries_feed"), query_string)


def _entry_path(change):
    return reverse(
        "compendium_public:edition_entry",
        args=[change.edition.label, change.row.reference],
    )


@receiver(edition_released)
def alert_members(sender, edition, **kwargs):
    if edition.is_public:
        send_alerts.enqueue(edition.pk)


@task()
def send_alerts(edition_id):
    """E-mail every member whose alerts a public release changed; gives how
    many e-mails were sent."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None or not edition.is_public:
        return 0
    owners = (
        SavedAlert.objects.exclude(last_sent_edition=edition)
        .filter(owner__is_active=True)
        .values_list("owner_id", flat=True)
        .distinct()
        .order_by("owner_id")
    )
    return sum(_alert_owner(owner_id, edition) for owner_id in list(owners))


def _alert_owner(owner_id, edition):
    """One person's e-mail for one release (1), or none (0)."""
    with transaction.atomic():
        alerts = list(
            SavedAlert.objects.select_for_update()
            .filter(owner_id=owner_id)
            .exclude(last_sent_edition=edition)
            .select_related("owner")
            .order_by("label", "pk")
        )
        if not alerts:
            return 0
        owner = alerts[0].owner
        sent = 0
        if may_have_alerts(owner):
            language = language_of(owner)
            with translation.override(language):
                found = []
                for alert in alerts:
                    view = view_of_alert(alert)
                    if view.problems:
                        continue  # a filter the compendium no longer has
                    changes = following.changes_in_view(edition, view.query, limit=None)
                    if changes:
                        found.append(
                            {
                                "alert": alert,
                                "more": max(0, len(changes) - ENTRIES_PER_ALERT),
                                "view_link": site_url(browse_path(alert.query)),
                                "stop_link": site_url(stop_path(owner, [alert])),
                                "entries": [
                                    (change, site_url(_entry_path(change)))
                                    for change in changes[:ENTRIES_PER_ALERT]
                                ],
                            }
                        )
                if found:
                    stop_every_alert = site_url(
                        stop_path(owner, SavedAlert.objects.filter(owner=owner))
                    )
                    context = {
                        "stop_link": stop_every_alert,
                        "recipient": owner,
                        "edition": edition,
                        "alerts": found,
                        "manage_link": site_url(reverse("contributions:alerts")),
                    }
                    subject = render_plain(
                        "contributions/email/alerts_subject.txt", context
                    )
                    text = render_plain("contributions/email/alerts.txt", context)
                    EmailMessage(
                        one_line(subject),
                        text,
                        None,
                        [owner.email],
                        headers={
                            "List-Unsubscribe": f"<{stop_every_alert}>",
                            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                        },
                    ).send(fail_silently=False)
                    sent = 1
        SavedAlert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(
            last_sent_edition=edition
        )
    return sent
