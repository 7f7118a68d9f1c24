"""Who may read which edition on the public site, and the edition a request
reads: the views, the downloads and the open-data API all answer by these
rules, so that a pre-publication edition never leaks through one of them."""

from django.http import Http404
from wagtail import hooks

from . import editions
from .choices import EditionKind, EditionStatus
from .models import Edition


def may_read(user, edition):
    """Released official versions and updates are public; a pre-publication
    edition, once shared, only for the Office and the round's participants."""
    if edition.kind != EditionKind.PRE_PUBLICATION:
        return edition.is_released
    if edition.status == EditionStatus.IN_PREPARATION:
        return False
    # The open-data API authenticates nobody: its requests carry no user.
    if user is None or not user.is_authenticated:
        return False
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    return any(
        hook(user, edition) for hook in hooks.get_hooks("compendium_may_read_edition")
    )


def edition_of(request, label=None):
    """The edition a page reads, by label or the current one (None if there is
    none), looked up once per request: the page's scope in the page cache and
    the view ask for the same edition."""
    known = request.__dict__.setdefault("_compendium_editions", {})
    if label not in known:
        known[label] = (
            editions.current()
            if label is None
            else Edition.objects.filter(label=label).first()
        )
    return known[label]


def readable_edition(request, label):
    """The edition a public page reads: the current one (None before the first
    release), or one by label that this person may read."""
    edition = edition_of(request, label)
    if label is None:
        return edition
    if edition is None or not may_read(request.user, edition):
        raise Http404
    return edition


def released_edition_or_404(request, label):
    """An edition by label for its data (downloads, API): released, and one this
    person may read."""
    edition = Edition.objects.filter(label=label).first()
    if (
        edition is None
        or not edition.is_released
        or not may_read(request.user, edition)
    ):
        raise Http404
    return edition
