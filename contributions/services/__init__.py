"""State changes: each one checks who may do it, runs in one transaction and
leaves a trail. Views call these and nothing else."""

from .entries import (
    EntryProblem,
    StaleEntry,
    add_attachment,
    archive,
    can_edit,
    can_mark_ready,
    can_submit,
    can_withdraw,
    mark_ready,
    may_archive,
    purge,
    remove_attachment,
    restore,
    restore_version,
    save_entry,
    start_entry,
    submit,
    withdraw,
)

__all__ = [
    "EntryProblem",
    "StaleEntry",
    "add_attachment",
    "archive",
    "can_edit",
    "can_mark_ready",
    "can_submit",
    "can_withdraw",
    "mark_ready",
    "may_archive",
    "purge",
    "remove_attachment",
    "restore",
    "restore_version",
    "save_entry",
    "start_entry",
    "submit",
    "withdraw",
]
