"""Error reports to Sentry, or to any service speaking its protocol, when
SENTRY_DSN is set in production and sentry-sdk is installed. sentry-sdk is not
in the requirements: a site that reports errors installs it (pip install
sentry-sdk). Reports carry the request id of the log lines beside them and
nobody's personal data."""

import logging
import os

from .request_ids import current_request_id

logger = logging.getLogger(__name__)


def _with_request_id(event, hint):
    request_id = current_request_id.get()
    if request_id is not None:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def start_error_reports(dsn):
    """Start reporting errors to `dsn`; False, with a warning, when sentry-sdk
    is not installed (the site runs all the same)."""
    try:
        import sentry_sdk
    except ImportError:
        logger.warning("SENTRY_DSN is set but sentry-sdk is not installed.")
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=0.0,
        before_send=_with_request_id,
    )
    return True
