"""Kept page URLs are forgotten whenever a page's URL may have changed."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from .templatetags.site_links import forget_page_urls


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
