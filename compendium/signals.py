"""What the compendium tells whoever keeps what it shows: editions that
changed, and pages whose URL may have changed (kept page URLs are forgotten)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.models import Page, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from .templatetags.site_links import forget_page_urls

# What some editions show changed, once it is committed: a release (the edition
# released and those it superseded; which edition is current may change too), a
# search index made again, a migration that rewrote their rows. Sent with
# sender=Edition and labels=[...]. Migrations send it too, so its receivers only
# forget what they keep, and never query.
editions_changed = Signal()

# An edition was released, once committed: sender=Edition, edition=the
# edition. Sent by a release only (never by migrations), so its receivers may
# read the database and queue work, such as the members' e-mail alerts.
edition_released = Signal()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def page_urls_may_have_changed(sender, **kwargs):
    forget_page_urls()


# Deleting a page of any type deletes its Page row too, which sends this with
# sender=Page. A receiver for every model would turn each queryset.delete() in
# the project from one DELETE into a signal per row.
@receiver(post_delete, sender=Page)
def page_deleted(sender, **kwargs):
    forget_page_urls()
