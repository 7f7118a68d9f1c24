"""Statements after the dialogue: a delegation on the list of speakers
uploads what its speaker said, one document per language, and may replace or
withdraw it until the Office publishes it; published statements are public
downloads. Each function checks who may act, runs in one transaction and
leaves a line in the audit log; the views only call these.

Uploads open on the day of the dialogue (its date in New York, where it
meets), not after it: delegations hand their statements to the secretariat
as they deliver them, and one delivered in the morning session should not
wait for the evening. The Office publishes each statement after a look
(nothing uploaded is public before): a file on the United Nations' page is
the Organization's publication, and the Office answers for what it shows."""

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import Membership
from contributions import services as entry_services
from contributions.uploads import (
    clean_display_name,
    generated_storage_name,
    validate_document_with_text,
)

from .choices import StatementStatus, TicketStatus
from .models import NEW_YORK, Speaker, Statement, TicketRequest
from .services import is_secretariat


class StatementProblem(Exception):
    """Why a statement cannot be changed now: a message for the delegation."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def uploads_open(dialogue, now=None):
    """From the day of the dialogue, in New York."""
    today = timezone.localtime(now or timezone.now(), NEW_YORK).date()
    return today >= dialogue.date


def speaker_of(dialogue, organisation):
    """The organisation's speaker on the list, if it has one."""
    return Speaker.objects.filter(
        dialogue=dialogue, organisation=organisation, withdrawn=False
    ).first()


def is_on_the_list(dialogue, organisation):
    """A delegation whose speaker is inscribed, or civil society the Office
    accepted to speak."""
    return (
        speaker_of(dialogue, organisation) is not None
        or TicketRequest.objects.filter(
            dialogue=dialogue,
            organisation=organisation,
            status=TicketStatus.ACCEPTED,
            wishes_to_speak=True,
        ).exists()
    )


def stating_membership(user, dialogue, organisation_id):
    """The user's focal-point membership of an active organisation on the
    dialogue's list of speakers, or None."""
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(
            user=user, organisation_id=organisation_id, organisation__active=True
        )
        .select_related("organisation")
        .first()
    )
    if (
        membership is None
        or not membership.is_focal_point
        or not is_on_the_list(dialogue, membership.organisation)
    ):
        return None
    return membership


def _refuse_before_the_day(dialogue):
    if not uploads_open(dialogue):
        raise StatementProblem(
            _("Statements can be uploaded from the day of the dialogue, %(date)s.")
            % {"date": date_format(dialogue.date, "DATE_FORMAT")}
        )


def _refuse_once_published(statement):
    if statement.is_published:
        raise StatementProblem(
            _(
                "The Office has published this statement. To change it, write to "
                "the Office of the Special Adviser."
            )
        )


def _delete_after_commit(storage, name):
    transaction.on_commit(lambda: storage.delete(name))


def upload(*, actor, dialogue, organisation_id, uploaded_file, language, title=""):
    """Upload the organisation's statement in a language, or replace the one
    it has in that language, until the Office publishes it. The file is
    checked like an entry's attachment and must be a PDF or DOCX with text."""
    membership = stating_membership(actor, dialogue, organisation_id)
    if membership is None:
        raise PermissionDenied
    _refuse_before_the_day(dialogue)
    kind = validate_document_with_text(uploaded_file)
    organisation = membership.organisation
    with transaction.atomic():
        statement = (
            Statement.objects.select_for_update()
            .filter(dialogue=dialogue, organisation=organisation, language=language)
            .first()
        )
        replaced = statement is not None
        if replaced:
            _refuse_once_published(statement)
            old_name = statement.file.name
        else:
            statement = Statement(
                dialogue=dialogue, organisation=organisation, language=language
            )
        statement.speaker = speaker_of(dialogue, organisation)
        statement.title = title
        statement.display_name = clean_display_name(uploaded_file.name, kind)
        statement.kind = kind.code
        statement.content_type = kind.content_type
        statement.size = uploaded_file.size
        statement.uploaded_by = actor
        statement.uploaded_at = timezone.now()
        uploaded_file.seek(0)
        statement.file.save(generated_storage_name(kind), uploaded_file, save=False)
        stored_name = statement.file.name
        try:
            statement.save()
        except Exception:
            statement.file.storage.delete(stored_name)
            raise
        if replaced:
            _delete_after_commit(statement.file.storage, old_name)
        log(
            statement,
            "dialogues.statement.replace" if replaced else "dialogues.statement.upload",
            user=actor,
        )
    return statement


def withdraw(*, actor, statement):
    """Take back a statement the Office has not published; its file goes."""
    if stating_membership(actor, statement.dialogue, statement.organisation_id) is None:
        raise PermissionDenied
    with transaction.atomic():
        current = Statement.objects.select_for_update().get(pk=statement.pk)
        _refuse_once_published(current)
        log(current, "dialogues.statement.withdraw", user=actor)
        _delete_after_commit(current.file.storage, current.file.name)
        current.delete()
    return current


def _set_status(actor, statement, status, action):
    if not is_secretariat(actor):
        raise PermissionDenied
    with transaction.atomic():
        current = Statement.objects.select_for_update().get(pk=statement.pk)
        current.status = status
        if status == StatementStatus.PUBLISHED:
            current.published_at = timezone.now()
            current.published_by = actor
        else:
            current.published_at = current.published_by = None
        current.save(update_fields=["status", "published_at", "published_by"])
        log(current, action, user=actor)
    return current


def publish(*, actor, statement):
    """The Office makes the statement a public download on the dialogue's page."""
    return _set_status(
        actor, statement, StatementStatus.PUBLISHED, "dialogues.statement.publish"
    )


def unpublish(*, actor, statement):
    """The Office takes the statement off the public page; the delegation may
    then replace or withdraw it again."""
    return _set_status(
        actor, statement, StatementStatus.SUBMITTED, "dialogues.statement.unpublish"
    )


def start_entry(*, actor, statement):
    """A draft practice entry of the organisation, begun from its statement
    with the statement attached; the same draft on a second start. Returns
    the entry and whether it is new."""
    if stating_membership(actor, statement.dialogue, statement.organisation_id) is None:
        raise PermissionDenied
    with transaction.atomic():
        # Only the statement's row is locked: two starts at once make one draft.
        current = (
            Statement.objects.select_for_update(of=("self",))
            .select_related("dialogue", "organisation", "speaker", "draft_entry")
            .get(pk=statement.pk)
        )
        existing = current.draft_entry
        if existing is not None and not existing.is_archived:
            return existing, False
        dialogue = current.dialogue
        # Written in the statement's language, which the entry is in too.
        with translation.override(current.language):
            when = date_format(dialogue.date, "DATE_FORMAT")
            title = _("Statement at the informal interactive dialogue of %(date)s") % {
                "date": when
            }
            summary = _(
                "The statement %(organisation)s made at the General Assembly's "
                "informal interactive dialogue on the responsibility to protect "
                "of %(date)s."
            ) % {"organisation": current.organisation.name, "date": when}
        entry = entry_services.start_entry(
            actor=actor,
            organisation=current.organisation,
            title=title[:255],
            summary=summary[:1000],
            start_year=max(dialogue.date.year, 1945),
            language=current.language,
            message=_("Started from the statement at the dialogue of %(date)s")
            % {"date": date_format(dialogue.date, "DATE_FORMAT")},
        )
        with current.file.open("rb") as stored:
            document = File(stored, name=current.display_name)
            document.size = current.size
            entry_services.add_attachment(
                actor=actor, entry=entry, uploaded_file=document
            )
        current.draft_entry = entry
        current.save(update_fields=["draft_entry"])
        log(current, "dialogues.statement.start-entry", user=actor)
    entry.refresh_from_db()
    return entry, True


def published_statements(dialogue):
    """The dialogue's public statements, in the order of the list's
    organisations' names, then language."""
    return list(
        dialogue.statements.published()
        .select_related("organisation", "speaker")
        .prefetch_related("entries")
        .order_by("organisation__name", "language", "pk")
    )
