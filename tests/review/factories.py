import datetime

from django.utils import timezone

from review import rounds
from review.models import FeedbackRound, RoundParticipant


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


def _moment(when, now):
    if isinstance(when, datetime.timedelta):
        return now + when
    return when
