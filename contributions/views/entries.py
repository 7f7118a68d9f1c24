"""The contributor portal's practice entries: list, write, version, submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from accounts.access import is_staff_user
from accounts.choices import MembershipRole
from accounts.models import Membership, Organisation
from compendium import search_boxes
from contributions import services, versions
from contributions.choices import EntryAction
from contributions.forms import (
    AttachmentForm,
    EntryFilterForm,
    NewEntryForm,
    PracticeEntryForm,
    SourceFormSet,
    TransitionForm,
)
from contributions.models import PracticeEntry, RevisionInfo

ENTRIES_PER_PAGE = 20
CONTRIBUTING_ROLES = [MembershipRole.FOCAL_POINT, MembershipRole.CONTRIBUTOR]


def entry_or_404(user, reference):
    """The entry and the user's membership of its organisation; 404 for anyone
    outside it, so the portal never confirms another organisation's entry exists."""
    membership = (
        Membership.objects.select_related("organisation")
        .filter(
            user=user,
            organisation__active=True,
            organisation__entries__reference=reference,
        )
        .first()
    )
    if membership is None:
        raise Http404
    entry = PracticeEntry.objects.select_related(
        "organisation", "updated_by", "created_by"
    ).get(reference=reference)
    return entry, membership


def permissions(user, entry, membership):
    return {
        "can_edit": services.can_edit(user, entry, membership),
        "can_mark_ready": services.can_mark_ready(user, entry, membership),
        "can_submit": services.can_submit(user, entry, membership),
        "can_withdraw": services.can_withdraw(user, entry, membership),
    }


@login_required
def dashboard(request):
    """My organisations' entries, with filters, search and pages."""
    memberships = list(
        request.user.memberships.select_related("organisation").filter(
            organisation__active=True
        )
    )
    if not memberships:
        return render(
            request,
            "contributions/no_membership.html",
            {"is_staff": is_staff_user(request.user)},
            status=403,
        )
    entries = PracticeEntry.objects.filter(
        organisation__in=[membership.organisation_id for membership in memberships]
    ).select_related("organisation", "updated_by")
    filters = EntryFilterForm(request.GET or None)
    if filters.is_valid():
        query = filters.cleaned_data["q"].strip()
        if query:
            if search_boxes.was_shortened(query):
                messages.info(request, search_boxes.shortened_message())
            # Every word, in the title, summary or reference, whatever its case
            # and accents.
            entries = search_boxes.matching(
                entries, ["title", "summary", "reference"], query
            )
        if filters.cleaned_data["status"]:
            entries = entries.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data["pillar"]:
            entries = entries.filter(pillars=filters.cleaned_data["pillar"])
    page = Paginator(entries.order_by("-updated_at", "-pk"), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # Other apps (the review) add short notes to entries, such as open comments.
    shown = list(page.object_list)
    for entry in shown:
        entry.badges = []
    for hook in hooks.get_hooks("contributions_entry_badges"):
        notes = hook(request.user, [entry.pk for entry in shown])
        for entry in shown:
            if entry.pk in notes:
                entry.badges.append(notes[entry.pk])
    params = request.GET.copy()
    params.pop("page", None)
    # Other apps (the review's feedback rounds) add panels above the entries.
    panels = [
        panel
        for hook in hooks.get_hooks("contributions_dashboard_panels")
        if (panel := hook(request, memberships))
    ]
    return render(
        request,
        "contributions/dashboard.html",
        {
            "memberships": memberships,
            "panels": panels,
            "page": page,
            "entries": shown,
            "filters": filters,
            "filtered": any(request.GET.get(key) for key in ("q", "status", "pillar")),
            "query_string": params.urlencode(),
            "can_create": any(membership.can_contribute for membership in memberships),
        },
    )


@login_required
def entry_create(request):
    organisations = Organisation.objects.filter(
        memberships__user=request.user,
        memberships__role__in=CONTRIBUTING_ROLES,
        active=True,
    ).order_by("name")
    if not organisations:
        raise PermissionDenied
    form = NewEntryForm(request.POST or None, organisations=organisations)
    sources = SourceFormSet(
        request.POST or None, instance=PracticeEntry(), prefix="sources"
    )
    if request.method == "POST" and form.is_valid() and sources.is_valid():
        entry = services.save_entry(
            actor=request.user,
            form=form,
            sources_formset=sources,
            message=form.cleaned_data["message"] or _("First draft"),
        )
        messages.success(
            request,
            _("Draft %(reference)s saved as version 1.")
            % {"reference": entry.reference},
        )
        return redirect("contributions:entry", reference=entry.reference)
    return render(
        request,
        "contributions/entry_form.html",
        {"form": form, "sources": sources, "entry": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def entry_detail(request, reference):
    entry, membership = entry_or_404(request.user, reference)
    return _render_detail(request, entry, membership, AttachmentForm())


def _render_detail(request, entry, membership, attachment_form, status=200):
    # Other apps (the review) add their panels without this app importing them.
    panels = [
        panel
        for hook in hooks.get_hooks("contributions_entry_panels")
        if (panel := hook(request, entry, membership))
    ]
    transitions = list(entry.transitions.select_related("actor")[:20])
    return render(
        request,
        "contributions/entry_detail.html",
        {
            "entry": entry,
            "membership": membership,
            "sources": entry.sources.all(),
            "attachments": entry.attachments.all(),
            "transitions": transitions,
            # The header credits the version to whoever wrote it, and the last
            # change of status to whoever made it: a focal point who submits
            # did not write the version they submitted.
            "version": RevisionInfo.objects.filter(
                entry=entry, number=entry.version_number
            )
            .select_related("revision__user")
            .first(),
            "last_state_change": transitions[0] if transitions else None,
            "attachment_form": attachment_form,
            "panels": panels,
            **permissions(request.user, entry, membership),
        },
        status=status,
    )


@login_required
def entry_edit(request, reference):
    entry, membership = entry_or_404(request.user, reference)
    if not services.can_edit(request.user, entry, membership):
        if not membership.can_contribute:
            raise PermissionDenied
        messages.error(
            request,
            _("An entry that is %(status)s can no longer be edited.")
            % {"status": entry.get_status_display()},
        )
        return redirect("contributions:entry", reference=reference)

    form = PracticeEntryForm(request.POST or None, instance=entry)
    form.fields["expected_version"].required = True
    sources = SourceFormSet(request.POST or None, instance=entry, prefix="sources")
    if request.method == "POST" and form.is_valid() and sources.is_valid():
        try:
            entry = services.save_entry(
                actor=request.user,
                form=form,
                sources_formset=sources,
                message=form.cleaned_data["message"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except services.StaleEntry as stale:
            return _conflict(request, stale)
        messages.success(
            request,
            _("Saved as version %(number)s.") % {"number": entry.version_number},
        )
        return redirect("contributions:entry", reference=reference)
    return render(
        request,
        "contributions/entry_form.html",
        {"form": form, "sources": sources, "entry": entry},
        status=400 if request.method == "POST" else 200,
    )


def _conflict(request, stale):
    """Someone saved since this editor opened the entry: show what they changed and
    give the editor their own text back, to merge and save again."""
    current = stale.entry
    data = request.POST.copy()
    data["expected_version"] = current.version_number
    form = PracticeEntryForm(data, instance=current)
    sources = SourceFormSet(data, instance=current, prefix="sources")
    form.is_valid()
    sources.is_valid()
    started_from = stale.started_from
    snapshots = versions.snapshots(current, [started_from, current.version_number])
    changes = versions.Changes()
    if started_from in snapshots and current.version_number in snapshots:
        changes = versions.compare(
            snapshots[started_from], snapshots[current.version_number]
        )
    return render(
        request,
        "contributions/entry_conflict.html",
        {
            "entry": current,
            "form": form,
            "sources": sources,
            "changes": changes,
            "started_from": started_from,
            "history": versions.history(current)[
                : current.version_number - started_from
            ],
        },
        status=409,
    )


@login_required
def entry_history(request, reference):
    entry, membership = entry_or_404(request.user, reference)
    return render(
        request,
        "contributions/entry_history.html",
        {
            "entry": entry,
            "history": versions.history(entry),
            "transitions": entry.transitions.select_related("actor"),
            **permissions(request.user, entry, membership),
        },
    )


def _version_number(value, history):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if any(info.number == number for info in history) else None


@login_required
def entry_diff(request, reference):
    entry, membership = entry_or_404(request.user, reference)
    history = versions.history(entry)
    latest = entry.version_number
    old = _version_number(request.GET.get("from", latest - 1), history)
    new = _version_number(request.GET.get("to", latest), history)
    if old is None or new is None:
        messages.error(request, _("Choose two versions of this entry to compare."))
        return redirect("contributions:entry_history", reference=reference)
    snapshots = versions.snapshots(entry, [old, new])
    changes = versions.compare(snapshots[old], snapshots[new])
    return render(
        request,
        "contributions/entry_diff.html",
        {
            "entry": entry,
            "old": old,
            "new": new,
            "history": history,
            "changes": changes,
            "changed_count": len(changes.changed),
        },
    )


@login_required
def entry_restore(request, reference, number):
    entry, membership = entry_or_404(request.user, reference)
    if not services.can_edit(request.user, entry, membership):
        raise PermissionDenied
    history = versions.history(entry)
    if _version_number(number, history) is None:
        raise Http404
    if request.method == "POST":
        try:
            restored = services.restore_version(
                actor=request.user, entry=entry, number=number
            )
        except services.EntryProblem as problem:
            messages.error(request, problem.message)
        else:
            messages.success(
                request,
                _("Version %(number)s restored as version %(new)s.")
                % {"number": number, "new": restored.version_number},
            )
            for sentence in restored.left_out:
                messages.warning(request, sentence)
        return redirect("contributions:entry", reference=reference)
    snapshots = versions.snapshots(entry, [entry.version_number, number])
    info = entry.revision_infos.select_related("revision").get(number=number)
    return render(
        request,
        "contributions/entry_restore.html",
        {
            "entry": entry,
            "number": number,
            "changes": versions.compare(
                snapshots[entry.version_number], snapshots[number]
            ),
            "left_out": versions.left_out(
                versions.missing_classification(versions.entry_data(info.revision)),
                done=False,
            ),
        },
    )


# action: (service, who may, what to say once done)
TRANSITIONS = {
    EntryAction.READY: (
        services.mark_ready,
        services.can_mark_ready,
        _("Marked ready. The focal point has been told."),
    ),
    EntryAction.SUBMIT: (
        services.submit,
        services.can_submit,
        _("Submitted to the Office of the Special Adviser."),
    ),
    EntryAction.WITHDRAW: (
        services.withdraw,
        services.can_withdraw,
        _("The entry has been withdrawn."),
    ),
}


@login_required
def entry_transition(request, reference, action):
    """Mark ready, submit or withdraw; GET shows a confirmation with a message box."""
    entry, membership = entry_or_404(request.user, reference)
    service, may, success = TRANSITIONS[action]
    form = TransitionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            service(
                actor=request.user, entry=entry, message=form.cleaned_data["message"]
            )
        except services.EntryProblem as problem:
            messages.error(request, problem.message)
        else:
            messages.success(request, success)
        return redirect("contributions:entry", reference=reference)
    if not may(request.user, entry, membership):
        raise PermissionDenied
    return render(
        request,
        "contributions/entry_transition.html",
        {"entry": entry, "form": form, "action": action},
    )


@login_required
@require_POST
def attachment_add(request, reference):
    entry, membership = entry_or_404(request.user, reference)
    if not services.can_edit(request.user, entry, membership):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.add_attachment(
                actor=request.user, entry=entry, uploaded_file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, _("Attached %(name)s.") % {"name": attachment.display_name}
            )
            return redirect("contributions:entry", reference=reference)
    return _render_detail(request, entry, membership, form, status=400)


@login_required
def attachment_download(request, reference, attachment_id):
    entry, membership = entry_or_404(request.user, reference)
    return attachment_response(get_object_or_404(entry.attachments, pk=attachment_id))


def attachment_response(attachment, private=True):
    """The file as a download under its cleaned name and checked type; browsers
    are told not to guess another type, nor to keep a copy of a private one.
    Serves anything uploaded with a checked `content_type` and a `display_name`
    (an entry's attachments, a dialogue's statements)."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.display_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_remove(request, reference, attachment_id):
    entry, membership = entry_or_404(request.user, reference)
    attachment = get_object_or_404(entry.attachments, pk=attachment_id)
    if not services.can_edit(request.user, entry, membership):
        raise PermissionDenied
    updated = services.remove_attachment(
        actor=request.user, entry=entry, attachment=attachment
    )
    messages.success(
        request,
        _("Removed %(name)s. To undo, restore version %(number)s from the history.")
        % {"name": attachment.display_name, "number": updated.version_number - 1},
    )
    return redirect("contributions:entry", reference=reference)
