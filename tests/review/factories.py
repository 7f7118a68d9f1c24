"""Feedback rounds for tests, opened by the rounds service as the Office opens
them: the pre-publication edition is shared and the participants told."""

import datetime

from django.utils import timezone

from accounts.choices import StaffRole
from review import rounds
from review.models import FeedbackRound, RoundParticipant
from tests.compendium.factories import EditionFactory
from tests.contributions.factories import UserFactory


def feedback_round(
    edition,
    organisations=(),
    *,
    title="Feedback on the preliminary version",
    opens=-datetime.timedelta(hours=1),
    closes=datetime.timedelta(days=10),
    instructions="Please comment by entry.",
    opened_by=None,
    **fields,
):
    """A saved round, times from now, organisations taking part; opened if opened_by."""
    now = timezone.now()
    made = FeedbackRound.objects.create(
        edition=edition,
        title=title,
        opens_at=_moment(opens, now),
        closes_at=_moment(closes, now),
        instructions=instructions,
        **fields,
    )
    for organisation in organisations:
        RoundParticipant.objects.create(round=made, organisation=organisation)
    if opened_by is not None:
        rounds.open_round(actor=opened_by, round=made)
        made.refresh_from_db()
    return made


def open_round(organisations, *, publisher=None, edition=None, **fields):
    """A pre-publication edition (a new one unless given) shared in a feedback
    round that is open now, the organisations taking part; opened by the
    publisher (a new one unless given)."""
    return feedback_round(
        edition or EditionFactory(pre_publication=True),
        organisations,
        opened_by=publisher or UserFactory(staff_roles=[StaffRole.PUBLISHER]),
        **fields,
    )


def _moment(when, now):
    if isinstance(when, datetime.timedelta):
        return now + when
    return when
