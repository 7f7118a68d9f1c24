"""Statements in the portal (a focal point uploads, replaces, withdraws and
starts an entry from its organisation's statements) and on the public site
(published statements as downloads). Files are streamed from private storage
by these views only, after the check of who is asking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contributions.views.entries import attachment_response

from . import statements
from .forms import StatementForm
from .models import Dialogue, Statement
from .views import _dialogue_of, briefly_public


def statement_response(statement, private=True):
    """The file as a download, served as an entry's attachments are."""
    return attachment_response(statement, private=private)


def _stating(user, pk, organisation_id):
    dialogue = get_object_or_404(Dialogue, pk=pk)
    membership = statements.stating_membership(user, dialogue, organisation_id)
    if membership is None:
        raise Http404
    return dialogue, membership


def _own_statement(dialogue, membership, statement_id):
    """Only a statement of this dialogue and this organisation: another's id
    is not found."""
    return get_object_or_404(
        Statement,
        pk=statement_id,
        dialogue=dialogue,
        organisation=membership.organisation,
    )


@login_required
def statement_list(request, pk, organisation_id):
    """The organisation's statements, and the form to upload one."""
    dialogue, membership = _stating(request.user, pk, organisation_id)
    form = StatementForm()
    status = 200
    if request.method == "POST":
        form = StatementForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                statement = statements.upload(
                    actor=request.user,
                    dialogue=dialogue,
                    organisation_id=membership.organisation_id,
                    uploaded_file=form.cleaned_data["file"],
                    language=form.cleaned_data["language"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            except statements.StatementProblem as problem:
                form.add_error(None, problem.message)
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s is uploaded. The Office will publish it on the "
                        "dialogue's page."
                    )
                    % {"name": statement.display_name},
                )
                return redirect(request.path)
        status = 400
    return render(
        request,
        "dialogues/statements.html",
        {
            "dialogue": dialogue,
            "organisation": membership.organisation,
            "statements": dialogue.statements.filter(
                organisation=membership.organisation
            ).select_related("draft_entry"),
            "uploads_open": statements.uploads_open(dialogue),
            "form": form,
        },
        status=status,
    )


@login_required
def statement_download(request, pk, organisation_id, statement_id):
    dialogue, membership = _stating(request.user, pk, organisation_id)
    return statement_response(_own_statement(dialogue, membership, statement_id))


@login_required
@require_POST
def statement_withdraw(request, pk, organisation_id, statement_id):
    dialogue, membership = _stating(request.user, pk, organisation_id)
    statement = _own_statement(dialogue, membership, statement_id)
    try:
        statements.withdraw(actor=request.user, statement=statement)
    except statements.StatementProblem as problem:
        messages.error(request, problem.message)
    else:
        messages.success(
            request,
            _("%(name)s is withdrawn.") % {"name": statement.display_name},
        )
    return redirect("dialogues:statements", pk, organisation_id)


@login_required
@require_POST
def statement_entry(request, pk, organisation_id, statement_id):
    """Start a draft entry from the statement, or go to the one started."""
    dialogue, membership = _stating(request.user, pk, organisation_id)
    statement = _own_statement(dialogue, membership, statement_id)
    try:
        entry, created = statements.start_entry(actor=request.user, statement=statement)
    except PermissionDenied:
        raise Http404 from None
    if created:
        messages.success(
            request,
            _(
                "A draft entry is started from your statement, which is attached "
                "to it. Choose its pillars and priorities, complete it, then save."
            ),
        )
    else:
        messages.info(
            request, _("Your statement already has a draft entry: here it is.")
        )
    if entry.is_editable:
        return redirect("contributions:entry_edit", reference=entry.reference)
    return redirect("contributions:entry", reference=entry.reference)


@briefly_public
def public_download(request, year, statement_id):
    """A published statement; any other is not found."""
    dialogue = _dialogue_of(year)
    statement = get_object_or_404(
        Statement.objects.published(), pk=statement_id, dialogue=dialogue
    )
    return statement_response(statement, private=False)


def public_url(statement):
    return reverse(
        "dialogues_public:statement", args=[statement.dialogue.year, statement.pk]
    )
