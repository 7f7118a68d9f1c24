"""One person per e-mail address, whatever its case or surrounding spaces.

Every place that takes an address from someone (sign-in, the sign-in lockout,
invitations, password resets, the admin's user forms, the import command) reduces
it with `normalise_email` before storing or comparing it, so "Ama@Example.net "
and "ama@example.net" are the same account everywhere. Accounts are stored in
that form, and the database refuses two addresses equal but for their case.
"""

from collections import defaultdict

from django.conf import settings


def normalise_email(address):
    """The form of an e-mail address an account is known by: without surrounding
    spaces, in lower case."""
    return (address or "").strip().lower()


def email_collisions(addresses):
    """Groups of distinct addresses that are one address once normalised: each
    group sorted, the groups in the order of their normalised address."""
    groups = defaultdict(set)
    for address in addresses:
        groups[normalise_email(address)].add(address)
    return [sorted(group) for _key, group in sorted(groups.items()) if len(group) > 1]


class EmailCollisionError(Exception):
    """Accounts that would become one if their addresses were normalised."""

    def __init__(self, collisions):
        self.collisions = collisions
        listed = "; ".join(
            " and ".join(repr(address) for address in group) for group in collisions
        )
        super().__init__(
            "These accounts have one e-mail address once case and surrounding "
            f"spaces are ignored: {listed}. Nothing was changed. Decide which "
            "account each person keeps, give the others another address or "
            "remove them, then migrate again."
        )


def check_no_collisions(addresses):
    """Raise EmailCollisionError naming every colliding address, if any."""
    collisions = email_collisions(addresses)
    if collisions:
        raise EmailCollisionError(collisions)


def axes_username(request, credentials=None):
    """The address django-axes counts sign-in failures against, so a lockout
    holds whichever way the address is typed (AXES_USERNAME_CALLABLE)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        value = getattr(request, "data", request.POST).get(field)
    return normalise_email(value) if value else value
