from .accounts import (
    Invitation,
    Membership,
    Organisation,
    User,
    UserManager,
)
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
    "Invitation",
    "Membership",
    "Notification",
    "Organisation",
    "PracticeEntry",
    "RevisionInfo",
    "Source",
    "User",
    "UserManager",
]
