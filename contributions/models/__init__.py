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
    ReferenceSequence,
    RevisionInfo,
    Source,
)

__all__ = [
    "Attachment",
    "EntryTransition",
    "Invitation",
    "Membership",
    "Organisation",
    "PracticeEntry",
    "ReferenceSequence",
    "RevisionInfo",
    "Source",
    "User",
    "UserManager",
]
