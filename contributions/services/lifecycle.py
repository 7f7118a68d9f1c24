"""The one owner of an entry's status.

Every change of `PracticeEntry.status`, the organisation's and the Office's,
goes through here: one table says which moves exist and from which statuses,
and each move is made on the entry's locked row, inside the caller's
transaction, with its row in the entry's history. Who may make a move and what
it means (a decision, a notification) stay with the app that makes it.
"""

from collections import deque
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from django.db import connection
from django.utils.translation import gettext_lazy as _

from contributions.choices import EntryAction, EntryStatus
from contributions.models import EntryTransition, PracticeEntry

# Where every entry starts.
INITIAL = EntryStatus.DRAFT


class EntryProblem(Exception):
    """A change the entry's state does not allow, with a message for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Move:
    """One way out of some statuses into another."""

    sources: frozenset
    target: str
    # The organisation's moves make its member the entry's last editor; the
    # Office's do not.
    by_organisation: bool
    # Said when the entry is in none of `sources`; may name its %(status)s.
    refusal: str


_NOTHING_TO_DECIDE = _("This entry is %(status)s: there is nothing to decide now.")

MOVES = {
    EntryAction.READY: Move(
        frozenset({EntryStatus.DRAFT, EntryStatus.CHANGES_REQUESTED}),
        EntryStatus.READY,
        by_organisation=True,
        refusal=_(
            "Only a draft, or an entry with changes requested, can be marked ready."
        ),
    ),
    EntryAction.SUBMIT: Move(
        frozenset(EntryStatus.editable()),
        EntryStatus.SUBMITTED,
        by_organisation=True,
        refusal=_("This entry has already been submitted or decided."),
    ),
    EntryAction.WITHDRAW: Move(
        frozenset(EntryStatus)
        - {EntryStatus.ACCEPTED, EntryStatus.DECLINED, EntryStatus.WITHDRAWN},
        EntryStatus.WITHDRAWN,
        by_organisation=True,
        refusal=_("An entry that has been accepted, declined or withdrawn stays so."),
    ),
    EntryAction.START_REVIEW: Move(
        frozenset({EntryStatus.SUBMITTED}),
        EntryStatus.UNDER_REVIEW,
        by_organisation=False,
        refusal=_("This entry is %(status)s: only a submitted entry awaits review."),
    ),
    # An accepted entry can be sent back to its organisation, as when feedback
    # from a round calls for changes only the contributors can make.
    EntryAction.REQUEST_CHANGES: Move(
        frozenset(
            {EntryStatus.SUBMITTED, EntryStatus.UNDER_REVIEW, EntryStatus.ACCEPTED}
        ),
        EntryStatus.CHANGES_REQUESTED,
        by_organisation=False,
        refusal=_NOTHING_TO_DECIDE,
    ),
    EntryAction.ACCEPT: Move(
        frozenset({EntryStatus.SUBMITTED, EntryStatus.UNDER_REVIEW}),
        EntryStatus.ACCEPTED,
        by_organisation=False,
        refusal=_NOTHING_TO_DECIDE,
    ),
    EntryAction.DECLINE: Move(
        frozenset({EntryStatus.SUBMITTED, EntryStatus.UNDER_REVIEW}),
        EntryStatus.DECLINED,
        by_organisation=False,
        refusal=_NOTHING_TO_DECIDE,
    ),
}


class Step(NamedTuple):
    """A move as the entry's history keeps it."""

    action: str
    from_status: str
    to_status: str


def may_move(entry, action):
    """Whether the entry's status allows the move; an archived entry makes
    none until it is restored."""
    return entry.status in MOVES[action].sources and not entry.is_archived


def refusal(entry, action):
    """The EntryProblem that says why the entry's status does not allow the move."""
    return EntryProblem(
        str(MOVES[action].refusal) % {"status": entry.get_status_display()}
    )


def lock_entry(entry):
    """The entry's row, locked until the transaction ends: state changes from any
    app take it first, so two of them never interleave. An archived entry
    changes no more until it is restored."""
    current = PracticeEntry.objects.select_for_update().get(pk=entry.pk)
    if current.is_archived:
        raise EntryProblem(
            _(
                "This entry is archived and cannot change; an administrator of "
                "the Office can restore it."
            )
        )
    current._locked_by_lifecycle = True
    return current


def change_status(current, action, *, actor, message=""):
    """Make the move on an entry from lock_entry(), in the caller's transaction,
    and keep it in the entry's history; the caller's audit log line and
    notifications go in the same transaction or on its commit. Refuses with
    EntryProblem when the entry's status does not allow the move."""
    if not connection.in_atomic_block or not getattr(
        current, "_locked_by_lifecycle", False
    ):
        raise RuntimeError("Change an entry's status on its locked row only.")
    move = MOVES[action]
    if current.status not in move.sources:
        raise refusal(current, action)
    from_status = current.previous_status = current.status
    current.status = move.target
    fields = ["status", "updated_at"]
    if move.by_organisation:
        current.updated_by = actor
        fields.append("updated_by")
    current.save(update_fields=fields)
    record_transition(current, actor, action, from_status, message)
    return from_status


def record_transition(entry, actor, action, from_status, message=""):
    """Keep a change of status in the entry's history (entry already saved)."""
    EntryTransition.objects.create(
        entry=entry,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=entry.status,
        message=message,
    )


@cache
def path_to(status):
    """The fewest moves that bring a new entry from INITIAL to `status`."""
    paths = {INITIAL: ()}
    waiting = deque([INITIAL])
    while waiting:
        here = waiting.popleft()
        for action, move in MOVES.items():
            if here in move.sources and move.target not in paths:
                paths[move.target] = (*paths[here], Step(action, here, move.target))
                waiting.append(move.target)
    if status not in paths:
        raise ValueError(f"No entry can reach the status {status!r}.")
    return paths[status]


def start_at(entry, status=INITIAL):
    """Give a new, unsaved entry its first status: a draft, or (an import's
    submission, the demo data) a status it reaches by moves of the table.
    Returns those moves, for the caller to write as EntryTransition rows once
    the entry is saved."""
    if entry.pk is not None:
        raise ValueError("Only a new entry starts its life.")
    steps = path_to(status)
    entry.status = status
    return steps
