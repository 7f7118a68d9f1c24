"""The published list of speakers and its numbered versions.

The Office publishes the list once (version 1); from then on every change
that alters what the public reads (an inscription, a change of a speaker's
details, a withdrawal, a late inscription, a move, an accepted request to
speak) records the next version by itself, when the change is saved. Nobody
has to remember to publish an update, and the public list is never behind
the Office's. A save that leaves the rows as they were records nothing.

Numbers are given with the dialogue's row locked (select_for_update), so two
changes at once wait for each other; the unique constraint on (dialogue,
number) is the backstop where a database does not lock rows (SQLite locks the
whole database on write instead).
"""

import difflib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .choices import SpeakerLevel
from .models import Dialogue, ListVersion
from .speakers import civil_society_to_invite, list_of_speakers


def snapshot(dialogue):
    """The rows of the list as the public reads them, in order."""
    rows = []
    for speaker in list_of_speakers(dialogue):
        rows.append(
            {
                "key": f"organisation-{speaker.organisation_id}",
                "organisation": speaker.organisation.name,
                "speaker": speaker.name,
                "title": speaker.title,
                "level": speaker.level,
                "group": speaker.group_name if speaker.on_behalf_of_group else "",
                "late": speaker.late,
                "placed": bool(speaker.placed_at_position),
                "civil_society": False,
            }
        )
    for request in civil_society_to_invite(dialogue):
        key = f"organisation-{request.organisation_id}"
        if any(row["key"] == key for row in rows):
            continue
        rows.append(
            {
                "key": key,
                "organisation": request.organisation.name,
                "speaker": request.subject,
                "title": "",
                "level": "",
                "group": "",
                "late": False,
                "placed": False,
                "civil_society": True,
            }
        )
    for position, row in enumerate(rows, start=1):
        row["position"] = position
    return rows


def is_published(dialogue):
    return dialogue.list_versions.exists()


def _record(dialogue, actor, *, first):
    """The next version, with the dialogue's row locked while it is numbered;
    None when there is nothing new to record."""
    with transaction.atomic():
        Dialogue.objects.select_for_update().filter(pk=dialogue.pk).first()
        latest = dialogue.list_versions.latest_first().first()
        if first and latest is not None:
            return None
        if not first and latest is None:
            return None
        rows = snapshot(dialogue)
        if latest is not None and latest.rows == rows:
            return None
        return ListVersion.objects.create(
            dialogue=dialogue,
            number=(latest.number + 1) if latest else 1,
            recorded_at=timezone.now(),
            recorded_by=actor if actor and actor.is_authenticated else None,
            rows=rows,
        )


def publish(dialogue, actor):
    """Version 1 of the list, or None if it is already published."""
    return _record(dialogue, actor, first=True)


def record_change(dialogue, actor=None):
    """The next version after a change of a published list, if the rows the
    public reads changed."""
    return _record(dialogue, actor, first=False)


LEVELS = dict(SpeakerLevel.choices)


def level_label(row):
    return LEVELS.get(row.get("level"), "")


@dataclass
class ListDiff:
    """What changed between two consecutive versions of the list."""

    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    moved: list = field(default_factory=list)
    changed: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.added or self.removed or self.moved or self.changed)


DETAILS = ("speaker", "title", "level", "group", "late")


def diff(old_rows, new_rows):
    """Rows added, removed, moved (out of their order relative to the others,
    not merely shifted by an addition or removal) and changed in details."""
    old = {row["key"]: row for row in old_rows}
    new = {row["key"]: row for row in new_rows}
    result = ListDiff(
        added=[row for row in new_rows if row["key"] not in old],
        removed=[row for row in old_rows if row["key"] not in new],
    )
    kept_old = [row["key"] for row in old_rows if row["key"] in new]
    kept_new = [row["key"] for row in new_rows if row["key"] in old]
    matcher = difflib.SequenceMatcher(None, kept_old, kept_new, autojunk=False)
    in_order = {
        key
        for block in matcher.get_matching_blocks()
        for key in kept_new[block.b : block.b + block.size]
    }
    for key in kept_new:
        if key not in in_order:
            result.moved.append(
                {
                    **new[key],
                    "from_position": old[key]["position"],
                }
            )
        if any(old[key].get(name) != new[key].get(name) for name in DETAILS):
            result.changed.append({**new[key], "before": old[key]})
    return result
