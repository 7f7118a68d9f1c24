"""Dialogues for tests: one on a date, its deadline some time from now."""

import datetime

from django.utils import timezone

from dialogues.models import NEW_YORK, Dialogue, Session


def dialogue(*, deadline=datetime.timedelta(days=7), year=None, **fields):
    """A saved dialogue with the two sessions, the deadline that far from now."""
    now = timezone.now()
    date = datetime.date(year, 9, 8) if year else (now + deadline).date()
    made = Dialogue.objects.create(
        title=fields.pop("title", "Informal interactive dialogue"),
        date=date,
        room="Trusteeship Council Chamber",
        registration_deadline=now + deadline,
        **fields,
    )
    Session.objects.create(
        dialogue=made, starts=datetime.time(10), ends=datetime.time(13)
    )
    Session.objects.create(
        dialogue=made, starts=datetime.time(15), ends=datetime.time(18)
    )
    return made


def new_york(*args):
    return datetime.datetime(*args, tzinfo=NEW_YORK)


def speaker(made, iso3, level="permanent-representative", minutes_ago=60, **fields):
    """A State's speaker inscribed that many minutes ago."""
    from django.utils import timezone

    from accounts.models import Organisation
    from dialogues.models import Speaker

    return Speaker.objects.create(
        dialogue=made,
        organisation=Organisation.objects.get(country__iso3=iso3),
        name=fields.pop("name", f"Speaker of {iso3}"),
        level=level,
        inscribed_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **fields,
    )
