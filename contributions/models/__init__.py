from .alerts import SavedAlert
from .entries import (
    Attachment,
    EntryTransition,
    PracticeEntry,
    RevisionInfo,
    Source,
)
from .imports import ImportJob
from .notifications import Notification

__all__ = [
    "Attachment",
    "EntryTransition",
    "ImportJob",
    "Notification",
    "PracticeEntry",
    "RevisionInfo",
    "SavedAlert",
    "Source",
]
