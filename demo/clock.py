"""The demo's clock: the demo tells a story that took months, so each step runs
through the real services at the time it happened."""

from contextlib import contextmanager
from unittest import mock


@contextmanager
def as_of(moment):
    """Run what follows as if it were `moment`: services, Wagtail and Django read
    the time from `timezone.now`, so versions, decisions, revisions, logs and
    notifications all say when the story's step happened. Demo data only."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
