"""State changes: each one checks who may do it, runs in one transaction and
leaves a trail. Views call these and nothing else."""

from .entries import (
    EntryProblem,
    StaleEntry,
    add_attachment,
    can_edit,
    can_mark_ready,
    can_submit,
    can_withdraw,
    mark_ready,
    remove_attachment,
    restore_version,
    save_entry,
    submit,
    withdraw,
)
from .invitations import (
    InvitationProblem,
    accept_invitation,
    can_invite,
    find_invitation,
    invite,
    revoke_invitation,
)

__all__ = [
    "EntryProblem",
    "InvitationProblem",
    "StaleEntry",
    "accept_invitation",
    "add_attachment",
    "can_edit",
    "can_invite",
    "can_mark_ready",
    "can_submit",
    "can_withdraw",
    "find_invitation",
    "invite",
    "mark_ready",
    "remove_attachment",
    "restore_version",
    "revoke_invitation",
    "save_entry",
    "submit",
    "withdraw",
]
