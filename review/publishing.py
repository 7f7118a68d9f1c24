"""The act of publishing an accepted entry into the compendium.

An accepted version becomes a draft revision of the compendium's own entry (new,
or the next revision of the one already published); the publisher then reads it,
previews it and publishes it in Wagtail like any other revision.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from compendium import classification, diff
from compendium.choices import EntryOrigin
from compendium.editions import FIELDS, content_of
from compendium.models import CompendiumEntry, CompendiumSource
from compendium.models.content import shared_fields
from contributions.choices import EntryStatus
from contributions.services.entries import EntryProblem, lock_entry


def may_publish(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("compendium.change_compendiumentry")
    )


def existing_entry(entry):
    return CompendiumEntry.objects.filter(reference=entry.reference).first()


def draft_from(entry, existing=None):
    """The compendium entry as the accepted version would make it: the latest
    revision of an existing one with the contributed text laid over it, or a new
    one. Not saved."""
    if existing is not None:
        # A fresh copy: without unpublished changes Wagtail hands back the live
        # instance itself, which must stay as it is.
        target = CompendiumEntry.objects.get(
            pk=existing.pk
        ).get_latest_revision_as_object()
    else:
        target = CompendiumEntry(reference=entry.reference, live=False)
    for name in shared_fields():
        setattr(target, name, getattr(entry, name))
    target.description = entry.description
    target.language = entry.language
    organisation = entry.organisation
    target.contributor_name = organisation.name
    target.contributor_kind = organisation.kind
    target.contributor_country_id = organisation.country_id
    target.origin = EntryOrigin.CONTRIBUTED
    target.source_version = entry.version_number
    for facet in classification.published():
        getattr(target, facet.field).set(list(getattr(entry, facet.field).all()))
    target.sources = [
        CompendiumSource(title=source.title, url=source.url, sort_order=index)
        for index, source in enumerate(entry.sources.all())
    ]
    return target


def preview_changes(entry):
    """(existing compendium entry or None, Changes) for the publisher to read
    before publishing the accepted version."""
    existing = existing_entry(entry)
    draft = draft_from(entry, existing)
    before = content_of(existing.get_latest_revision_as_object()) if existing else {}
    return existing, diff.compare(before, content_of(draft), FIELDS)


def publish(*, actor, entry):
    """Make the accepted version a draft revision of the compendium entry."""
    if not may_publish(actor):
        raise PermissionDenied
    with transaction.atomic():
        current = lock_entry(entry)
        if current.status != EntryStatus.ACCEPTED:
            raise EntryProblem(_("Only an accepted entry can be published."))
        existing = (
            CompendiumEntry.objects.select_for_update()
            .filter(reference=current.reference)
            .first()
        )
        if existing is not None:
            if existing.locked and existing.locked_by_id != actor.pk:
                raise EntryProblem(
                    _("%(person)s is editing the compendium entry; try again later.")
                    % {"person": existing.locked_by}
                )
            latest = existing.get_latest_revision_as_object()
            if latest.source_version == current.version_number:
                return existing
        draft = draft_from(current, existing)
        if existing is None:
            draft.save()
        draft.save_revision(user=actor, log_action=True)
        log(
            current,
            "review.publish",
            user=actor,
            data={"version": current.version_number, "compendium_entry": draft.pk},
        )
    return CompendiumEntry.objects.get(pk=draft.pk)
