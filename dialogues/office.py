"""The Office's screens for the list of speakers: the list with its versions,
publishing it, moving a speaker with a reason, the moderator's timer that the
room's screen follows, and answering civil society's ticket requests."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services, versions
from .choices import TicketStatus
from .forms import MoveSpeakerForm
from .models import Dialogue, Speaker
from .speakers import list_of_speakers


class OfficeOnly:
    """Only the dialogue's secretariat; the dialogue from the address."""

    def dispatch(self, request, *args, **kwargs):
        if not services.is_secretariat(request.user):
            raise PermissionDenied
        self.dialogue = get_object_or_404(Dialogue, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.dialogue.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("dialogues_admin:index"),
                "label": gettext_lazy("Dialogues"),
            },
            {"url": "", "label": self.page_title},
        ]


class ListOfSpeakersView(OfficeOnly, WagtailAdminTemplateMixin, TemplateView):
    """The list in its current order, with a move for each speaker, the
    publication and the versions recorded since."""

    page_title = gettext_lazy("List of speakers")
    template_name = "dialogues/admin/list_of_speakers.html"
    header_icon = "list-ol"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            dialogue=self.dialogue,
            speakers=list_of_speakers(self.dialogue),
            versions=self.dialogue.list_versions.latest_first(),
            public_url=reverse("dialogues_public:dialogue", args=[self.dialogue.year]),
        )
        return context


@require_POST
def publish_list(request, pk):
    """The Office publishes the list: version 1; later changes number
    themselves (versions.py)."""
    if not services.is_secretariat(request.user):
        raise PermissionDenied
    dialogue = get_object_or_404(Dialogue, pk=pk)
    version = versions.publish(dialogue, request.user)
    if version is None:
        messages.error(request, _("The list of speakers is already published."))
    else:
        messages.success(
            request,
            _(
                "The list of speakers is published as version 1; every later "
                "change is published as a new version."
            ),
        )
    return redirect("dialogues_admin:list_of_speakers", dialogue.pk)


class MoveSpeakerView(OfficeOnly, WagtailAdminTemplateMixin, FormView):
    """Moving a speaker is confirmed on this page, with its reason."""

    page_title = gettext_lazy("Move a speaker")
    template_name = "dialogues/admin/move_speaker.html"
    form_class = MoveSpeakerForm
    header_icon = "list-ol"

    def dispatch(self, request, *args, **kwargs):
        if not services.is_secretariat(request.user):
            raise PermissionDenied
        # Only a speaker of this dialogue, still on its list.
        self.speaker = get_object_or_404(
            Speaker.objects.select_related("organisation"),
            pk=kwargs["speaker_id"],
            dialogue_id=kwargs["pk"],
            withdrawn=False,
        )
        return super().dispatch(request, *args, **kwargs)

    def position_now(self):
        ordered = list_of_speakers(self.dialogue)
        return next(i for i, each in enumerate(ordered, 1) if each == self.speaker)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            dialogue=self.dialogue,
            speaker=self.speaker,
            position=self.position_now(),
            count=len(list_of_speakers(self.dialogue)),
        )
        return context

    def form_valid(self, form):
        where = form.cleaned_data["where"]
        now = self.position_now()
        position = {
            form.UP: now - 1,
            form.DOWN: now + 1,
        }.get(where, form.cleaned_data["position"])
        moved = services.move_speaker(
            actor=self.request.user,
            speaker=self.speaker,
            position=position,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            self.request,
            _("%(name)s is placed at position %(position)s.")
            % {"name": moved.name, "position": moved.placed_at_position},
        )
        return redirect("dialogues_admin:list_of_speakers", self.dialogue.pk)


@require_POST
def timer(request, pk):
    """The moderator's timer, recorded for the room's screen (JSON)."""
    if not services.is_secretariat(request.user):
        raise PermissionDenied
    dialogue = get_object_or_404(Dialogue, pk=pk)
    action = request.POST.get("action", "")
    if action not in services.TIMER_ACTIONS:
        return JsonResponse(
            {"error": _("Choose start, pause, resume or stop.")}, status=400
        )
    services.run_timer(actor=request.user, dialogue=dialogue, action=action)
    return JsonResponse({"timer": services.timer_state(dialogue)})


class TicketDecisionEditView(generic.EditView):
    """Accepting or declining a request goes through services.answer_tickets,
    which tells the organisation's focal points."""

    def save_instance(self):
        before = type(self.object).objects.get(pk=self.object.pk)
        status = self.form.cleaned_data["status"]
        reason = self.form.cleaned_data.get("decision_reason", "")
        if status in (TicketStatus.ACCEPTED, TicketStatus.DECLINED) and (
            status != before.status or reason != before.decision_reason
        ):
            return services.answer_tickets(
                actor=self.request.user, request=before, status=status, reason=reason
            )
        return super().save_instance()
