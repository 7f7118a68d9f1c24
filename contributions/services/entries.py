"""Writing, versioning and moving practice entries between states."""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import Membership
from compendium.references import next_reference
from contributions import notifications, signals, versions
from contributions.choices import EntryAction, EntryStatus
from contributions.models import Attachment, PracticeEntry, RevisionInfo
from contributions.uploads import (
    clean_display_name,
    generated_storage_name,
    validate_attachment,
)

from . import lifecycle
from .lifecycle import EntryProblem, lock_entry

# What no form and no restored version may change: these always come from the
# entry as it stands in the database.
KEPT_FROM_DATABASE = (
    "reference",
    "organisation_id",
    "status",
    "version_number",
    "created_by_id",
    "created_at",
    "archived_at",
    "archived_by_id",
    "archive_reason",
)


class StaleEntry(Exception):
    """The entry changed since the editor opened it."""

    def __init__(self, entry, started_from):
        super().__init__(entry.reference)
        self.entry = entry
        self.started_from = started_from


# Who may do what ---------------------------------------------------------------


def membership(user, entry):
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(
            user=user, organisation_id=entry.organisation_id, organisation__active=True
        )
        .only("role")
        .first()
    )


def can_edit(user, entry, member=None):
    found = member if member is not None else membership(user, entry)
    return bool(found and found.can_contribute and entry.is_editable)


def can_mark_ready(user, entry, member=None):
    found = member if member is not None else membership(user, entry)
    return bool(
        found
        and found.can_contribute
        and not found.is_focal_point
        and lifecycle.may_move(entry, EntryAction.READY)
    )


def can_submit(user, entry, member=None):
    found = member if member is not None else membership(user, entry)
    return bool(
        found and found.is_focal_point and lifecycle.may_move(entry, EntryAction.SUBMIT)
    )


def can_withdraw(user, entry, member=None):
    found = member if member is not None else membership(user, entry)
    return bool(
        found
        and found.is_focal_point
        and lifecycle.may_move(entry, EntryAction.WITHDRAW)
    )


# Versions ----------------------------------------------------------------------


def _sources_after_save(formset):
    """The entry's sources as the formset has just left them in the database."""
    deleted = {source.pk for source in formset.deleted_objects}
    return sorted(
        (
            form.instance
            for form in formset.forms
            if form.instance.pk is not None and form.instance.pk not in deleted
        ),
        key=lambda source: (source.sort_order, source.pk),
    )


def _record_version(entry, actor, action, message, known_relations=None):
    """Save the entry as its next numbered version.

    Called inside create_revision(manage_manually=True) once every write to the
    entry, its classifications and its sources is done, so reversion reads the
    entry once rather than on every save and m2m signal (measured: 2.7× the cost
    of an unversioned save on SQLite, 3.3× on PostgreSQL, against a 1.5× budget;
    see tests/benchmarks). `known_relations` are the classifications and sources
    just written, handed to reversion so it need not read them back.
    """
    entry.version_number += 1
    entry.updated_by = actor
    entry.save()
    if known_relations is not None:
        # Django's serializer and reversion's follow read relations through the
        # prefetch cache when it is there.
        entry._prefetched_objects_cache = dict(known_relations)
    try:
        reversion.add_to_revision(entry)
    finally:
        entry._prefetched_objects_cache = {}
    reversion.set_user(actor)
    reversion.set_comment(message or "")
    reversion.add_meta(
        RevisionInfo, entry=entry, number=entry.version_number, action=action
    )


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def save_entry(*, actor, form, sources_formset, message="", expected_version=None):
    """Create or update an entry from its validated form and sources, as a new
    version. Refuses with StaleEntry if someone saved since `expected_version`."""
    entry = form.save(commit=False)
    is_new = entry.pk is None
    with transaction.atomic():
        if is_new:
            found = (
                Membership.objects.filter(
                    user=actor,
                    organisation=entry.organisation,
                    organisation__active=True,
                )
                .only("role")
                .first()
            )
            _require(found and found.can_contribute)
            entry.reference = next_reference()
            entry.created_by = actor
            lifecycle.start_at(entry)
            entry.version_number = 0
        else:
            current = lock_entry(entry)
            _require(can_edit(actor, current))
            if expected_version is not None and expected_version != (
                current.version_number
            ):
                raise StaleEntry(current, started_from=expected_version)
            for field in KEPT_FROM_DATABASE:
                setattr(entry, field, getattr(current, field))

        with reversion.create_revision(manage_manually=True, atomic=False):
            if is_new:
                entry.save()
            form.save_m2m()
            sources_formset.instance = entry
            sources_formset.save()
            _record_version(
                entry,
                actor,
                EntryAction.CREATE if is_new else EntryAction.EDIT,
                message,
                known_relations={
                    **{
                        field.name: form.cleaned_data[field.name]
                        for field in entry._meta.many_to_many
                        if field.name in form.cleaned_data
                    },
                    "sources": _sources_after_save(sources_formset),
                },
            )
        log(
            entry,
            "contributions.entry.create" if is_new else "wagtail.edit",
            user=actor,
        )
    return entry


def start_entry(
    *, actor, organisation, title, summary, start_year, language, message=""
):
    """Begin a draft from something the organisation already holds (such as its
    statement at a dialogue), as version 1, for its members to complete in the
    entry form: the classification is left to them."""
    with transaction.atomic():
        found = (
            Membership.objects.filter(
                user=actor, organisation=organisation, organisation__active=True
            )
            .only("role")
            .first()
        )
        _require(found and found.can_contribute)
        entry = PracticeEntry(
            organisation=organisation,
            title=title,
            summary=summary,
            start_year=start_year,
            language=language,
            reference=next_reference(),
            created_by=actor,
            version_number=0,
        )
        lifecycle.start_at(entry)
        with reversion.create_revision(manage_manually=True, atomic=False):
            entry.save()
            _record_version(entry, actor, EntryAction.CREATE, message)
        log(entry, "contributions.entry.create", user=actor)
    return entry


def restore_version(*, actor, entry, number):
    """Make an earlier version the newest one; history is never rewritten.

    The entry returned has `left_out`: a sentence for each item of the
    version's classification that no longer exists, which it could not have."""
    with transaction.atomic():
        current = lock_entry(entry)
        _require(can_edit(actor, current))
        info = (
            RevisionInfo.objects.select_related("revision")
            .filter(entry=current, number=number)
            .first()
        )
        if info is None:
            raise EntryProblem(
                _("There is no version %(number)s.") % {"number": number}
            )
        kept = {field: getattr(current, field) for field in KEPT_FROM_DATABASE}
        # Items deleted since the version was saved are left out, and said so;
        # retired ones still exist and come back with the rest.
        missing = versions.missing_classification(versions.entry_data(info.revision))
        with reversion.create_revision(manage_manually=True, atomic=False):
            info.revision.revert(delete=True)
            restored = PracticeEntry.objects.get(pk=current.pk)
            for name, ids in missing.items():
                getattr(restored, name).remove(*ids)
            for field, value in kept.items():
                setattr(restored, field, value)
            _record_version(
                restored,
                actor,
                EntryAction.RESTORE,
                _("Restored version %(number)s") % {"number": number},
            )
        restored.left_out = versions.left_out(missing)
        log(
            restored,
            "contributions.entry.restore",
            user=actor,
            data={"from": number, "left_out": restored.left_out},
        )
    return restored


def add_attachment(*, actor, entry, uploaded_file):
    """Attach a checked file under a generated name, as a new version."""
    kind = validate_attachment(uploaded_file)
    with transaction.atomic():
        current = lock_entry(entry)
        _require(can_edit(actor, current))
        attachment = Attachment(
            entry=current,
            display_name=clean_display_name(uploaded_file.name, kind),
            kind=kind.code,
            content_type=kind.content_type,
            size=uploaded_file.size,
            uploaded_by=actor,
        )
        uploaded_file.seek(0)
        attachment.file.save(generated_storage_name(kind), uploaded_file, save=False)
        stored_name = attachment.file.name
        # Nothing is left behind if the database refuses the row.
        try:
            attachment.save()
            with reversion.create_revision(manage_manually=True, atomic=False):
                _record_version(
                    current,
                    actor,
                    EntryAction.ATTACH,
                    _("Attached %(name)s") % {"name": attachment.display_name},
                )
        except Exception:
            attachment.file.storage.delete(stored_name)
            raise
        log(current, "contributions.entry.attach", user=actor)
    return attachment


def remove_attachment(*, actor, entry, attachment):
    """Take an attachment off the entry; earlier versions still have it."""
    with transaction.atomic():
        current = lock_entry(entry)
        _require(can_edit(actor, current))
        if attachment.entry_id != current.pk:
            raise PermissionDenied
        name = attachment.display_name
        attachment.delete()
        with reversion.create_revision(manage_manually=True, atomic=False):
            _record_version(
                current,
                actor,
                EntryAction.DETACH,
                _("Removed %(name)s") % {"name": name},
            )
        log(current, "contributions.entry.detach", user=actor)
    return current


# States ------------------------------------------------------------------------


def _transition(*, actor, entry, action, allowed, message=""):
    with transaction.atomic():
        current = lock_entry(entry)
        found = membership(actor, current)
        if found is None:
            raise PermissionDenied
        if not allowed(actor, current, found):
            if _role_allows(action, found):
                raise lifecycle.refusal(current, action)
            raise PermissionDenied
        from_status = lifecycle.change_status(
            current, action, actor=actor, message=message
        )
        log(
            current,
            f"contributions.entry.{action}",
            user=actor,
            data={"from": from_status, "to": current.status, "message": message},
        )
    return current


def _role_allows(action, found):
    """Whether the member's role could do this at all; if so, a refusal is about
    the entry's state and gets a message rather than a 403."""
    if action == EntryAction.READY:
        return found.can_contribute and not found.is_focal_point
    return found.is_focal_point


def mark_ready(*, actor, entry, message=""):
    """A contributor hands a draft to the organisation's focal point."""
    entry = _transition(
        actor=actor,
        entry=entry,
        action=EntryAction.READY,
        allowed=can_mark_ready,
        message=message,
    )
    transaction.on_commit(lambda: notifications.entry_ready(entry, actor, message))
    return entry


def submit(*, actor, entry, message=""):
    """The focal point submits the entry to the Office on the organisation's behalf.

    `signals.entry_submitted` goes out once the change is committed; the review
    app tells the Office (the assigned reviewer on a resubmission)."""
    entry = _transition(
        actor=actor,
        entry=entry,
        action=EntryAction.SUBMIT,
        allowed=can_submit,
        message=message,
    )
    transaction.on_commit(
        lambda: signals.entry_submitted.send(
            sender=PracticeEntry,
            entry=entry,
            actor=actor,
            message=message,
            resubmission=entry.previous_status == EntryStatus.CHANGES_REQUESTED,
        )
    )
    return entry


def withdraw(*, actor, entry, message=""):
    """The focal point withdraws the entry, at any time before a decision."""
    return _transition(
        actor=actor,
        entry=entry,
        action=EntryAction.WITHDRAW,
        allowed=can_withdraw,
        message=message,
    )


# Archiving ---------------------------------------------------------------------


def may_archive(user):
    """Administrators of the Office archive and restore entries."""
    return user.is_active and user.has_perm("contributions.archive_practiceentry")


def _lock_for_archiving(actor, entry):
    if not may_archive(actor):
        raise PermissionDenied
    current = (
        PracticeEntry.objects.seen_by_office(with_archived=True)
        .select_for_update()
        .filter(pk=entry.pk)
        .first()
    )
    # The organisation's drafts are not the Office's to archive.
    if current is None:
        raise PermissionDenied
    return current


def archive(*, actor, entry, reason):
    """Take an entry out of the Office's work, in place of deleting it: lists,
    the review queue and exports leave it out, nobody changes it, and its
    versions and files are kept until it is restored or purged. Its text does
    not change, so this makes no version; the audit log keeps who, when and
    why."""
    with transaction.atomic():
        current = _lock_for_archiving(actor, entry)
        if current.is_archived:
            raise EntryProblem(_("This entry is already archived."))
        current.archived_at = timezone.now()
        current.archived_by = actor
        current.archive_reason = reason
        current.save(update_fields=["archived_at", "archived_by", "archive_reason"])
        log(
            current,
            "contributions.entry.archive",
            user=actor,
            data={"reason": reason, "status": current.status},
        )
    return current


def restore(*, actor, entry):
    """Bring an archived entry back, as it was when archived."""
    with transaction.atomic():
        current = _lock_for_archiving(actor, entry)
        if not current.is_archived:
            raise EntryProblem(_("This entry is not archived."))
        archived_at = current.archived_at
        current.archived_at = None
        current.archived_by = None
        current.archive_reason = ""
        current.save(update_fields=["archived_at", "archived_by", "archive_reason"])
        log(
            current,
            "contributions.entry.unarchive",
            user=actor,
            data={"archived_at": archived_at.isoformat()},
        )
    return current


def _stored_files(entries):
    """The names in storage of every attachment the entries have or had: those
    attached now and those only earlier versions hold."""
    from reversion.models import Version

    names = set(
        Attachment.objects.filter(entry__in=entries).values_list("file", flat=True)
    )
    revisions = RevisionInfo.objects.filter(entry__in=entries).values("revision")
    for version in Version.objects.get_for_model(Attachment).filter(
        revision__in=revisions
    ):
        stored = version.field_dict.get("file")
        names.add(getattr(stored, "name", stored) or "")
    names.discard("")
    # A file another entry still holds is left alone.
    kept = set(
        Attachment.objects.exclude(entry__in=entries)
        .filter(file__in=names)
        .values_list("file", flat=True)
    )
    return sorted(names - kept)


def purge(entries, *, note=""):
    """Remove archived entries for good: each entry with its versions, sources,
    attachments, comments and decisions in one transaction, then their files
    from storage once it is committed. Only archived entries are purged; the
    audit log keeps a line for each. Returns the names of the files removed."""
    from reversion.models import Revision

    storage = Attachment._meta.get_field("file").storage
    with transaction.atomic():
        doomed = list(
            PracticeEntry.objects.archived()
            .select_for_update()
            .filter(pk__in=[entry.pk for entry in entries])
        )
        if len(doomed) != len(entries):
            raise EntryProblem(_("Only archived entries can be purged."))
        files = _stored_files(doomed)
        revisions = list(
            RevisionInfo.objects.filter(entry__in=doomed).values_list(
                "revision", flat=True
            )
        )
        for entry in doomed:
            log(
                entry,
                "contributions.entry.purge",
                data={
                    "reference": entry.reference,
                    "title": entry.title,
                    "archived_at": entry.archived_at.isoformat(),
                    "note": note,
                },
            )
        PracticeEntry.objects.filter(pk__in=[entry.pk for entry in doomed]).delete()
        # Each revision holds one entry's version (RevisionInfo is one to one).
        Revision.objects.filter(pk__in=revisions).delete()

        def remove_files():
            for name in files:
                storage.delete(name)

        transaction.on_commit(remove_files)
    return files
