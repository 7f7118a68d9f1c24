from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    OPENING = "opening", _("opening remarks")
    MODERATOR = "moderator", _("moderator")
    FLOOR = "floor", _("floor open to delegations")
    CLOSING = "closing", _("concluding remarks")


class SpeakerLevel(models.TextChoices):
    """In the order of precedence the list of speakers follows."""

    HEAD_OF_STATE = "head-of-state", _("Head of State")
    VICE_PRESIDENT = "vice-president", _("Vice-President or Crown Prince")
    HEAD_OF_GOVERNMENT = "head-of-government", _("Head of Government")
    MINISTER = "minister", _("Minister")
    VICE_MINISTER = "vice-minister", _("Vice-Minister")
    PERMANENT_REPRESENTATIVE = "permanent-representative", _("Permanent Representative")
    DEPUTY_PERMANENT_REPRESENTATIVE = (
        "deputy-permanent-representative",
        _("Deputy Permanent Representative"),
    )
    OTHER = "other", _("other")


class TicketStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class SpeakerOutcome(models.TextChoices):
    """What became of a speaker on the day, as the moderator records it."""

    SPOKE = "spoke", _("spoke")
    ABSENT = "absent", _("absent")


class DialogueFormat(models.TextChoices):
    """How the General Assembly took up the Secretary-General's report."""

    PLENARY_DEBATE = "plenary-debate", _("plenary debate")
    INFORMAL_INTERACTIVE_DIALOGUE = (
        "informal-interactive-dialogue",
        _("informal interactive dialogue"),
    )


class StatementStatus(models.TextChoices):
    """A delegation's statement is its own until the Office publishes it."""

    SUBMITTED = "submitted", _("awaiting publication")
    PUBLISHED = "published", _("published")
