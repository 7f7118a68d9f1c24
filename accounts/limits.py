"""How many e-mails the site sends at anyone's request: password resets and
invitations, counted per address and per client or inviting person in the shared
cache (Redis in production), so every web process counts together.

The rates are settings ("N/s", "N/m", "N/h" or "N/d"), each with an environment
override; see "Limits" in the README.
"""

import logging

from django.conf import settings
from django_ratelimit.core import is_ratelimited

from .identity import normalise_email

logger = logging.getLogger(__name__)


def _spend(group, rate, *, value=None, request=None):
    """Count one more use in `group`, under `value` or else the request's client
    address, and say whether it stays within `rate`."""
    key = "ip" if value is None else (lambda _group, _request: value)
    return not is_ratelimited(request, group=group, key=key, rate=rate, increment=True)


def password_reset_allowed(request, email):
    """Whether a password-reset e-mail may go out for this request. A refusal is
    logged, never shown: the page must not tell whether the address has an
    account, nor that it was limited."""
    address = normalise_email(email)
    client = request.META.get("REMOTE_ADDR", "")
    if not _spend(
        "password-reset:client",
        settings.PASSWORD_RESET_LIMIT_PER_CLIENT,
        request=request,
    ):
        logger.warning(
            "No password-reset e-mail for %s: %s asked too often (limit %s).",
            address,
            client,
            settings.PASSWORD_RESET_LIMIT_PER_CLIENT,
        )
        return False
    if not _spend(
        "password-reset:address",
        settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        value=address,
    ):
        logger.warning(
            "No password-reset e-mail for %s, asked for by %s: the address was "
            "asked for too often (limit %s).",
            address,
            client,
            settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        )
        return False
    return True


def invitation_limit_reached(actor, email):
    """Which limit another invitation from `actor` to `email` would pass:
    "inviter", "address" or None. Counts the invitation when it is allowed."""
    address = normalise_email(email)
    if not _spend(
        "invitation:inviter",
        settings.INVITATION_LIMIT_PER_INVITER,
        value=str(actor.pk),
    ):
        logger.warning(
            "Invitation to %s refused: user %s invited too often (limit %s).",
            address,
            actor.pk,
            settings.INVITATION_LIMIT_PER_INVITER,
        )
        return "inviter"
    if not _spend(
        "invitation:address", settings.INVITATION_LIMIT_PER_ADDRESS, value=address
    ):
        logger.warning(
            "Invitation to %s by user %s refused: the address was invited too "
            "often (limit %s).",
            address,
            actor.pk,
            settings.INVITATION_LIMIT_PER_ADDRESS,
        )
        return "address"
    return None
