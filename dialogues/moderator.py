"""The moderator's screen in the admin: the list as it runs on the day, who
is speaking and who is next, the intervention timer (static/dialogues/
timer.js) and the buttons that record what happened."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import ListingButton

from . import services, speakers
from .choices import SpeakerOutcome
from .models import Speaker
from .office import OfficeOnly


class ModeratorView(OfficeOnly, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Moderator's screen")
    template_name = "dialogues/admin/moderator.html"
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = speakers.day_order(self.dialogue)
        now = day["now"]
        context.update(
            dialogue=self.dialogue,
            day=day,
            limit_seconds=now.minutes * 60 if now else 0,
            outcomes=SpeakerOutcome,
        )
        return context


@require_POST
def record(request, pk, speaker_id):
    """Spoke, absent or moved to the end, for one speaker of this dialogue."""
    if not services.is_secretariat(request.user):
        raise PermissionDenied
    speaker = get_object_or_404(Speaker, pk=speaker_id, dialogue_id=pk, withdrawn=False)
    action = request.POST.get("action", "")
    if action == "end":
        services.move_to_end(actor=request.user, speaker=speaker)
        messages.success(
            request,
            _("%(name)s is moved to the end of the list.") % {"name": speaker.name},
        )
    elif action in SpeakerOutcome.values:
        seconds = request.POST.get("seconds", "")
        services.record_outcome(
            actor=request.user,
            speaker=speaker,
            outcome=action,
            seconds=int(seconds) if seconds.isdigit() else None,
        )
    else:
        messages.error(request, _("Choose what happened."))
    return redirect("dialogues_admin:moderator", pk)


class DialogueIndexView(generic.IndexView):
    """The dialogues, each with a way to its moderator's screen."""

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if services.is_secretariat(self.request.user):
            buttons.append(
                ListingButton(
                    _("Moderator's screen"),
                    url=reverse("dialogues_admin:moderator", args=[instance.pk]),
                    icon_name="time",
                    attrs={
                        "aria-label": _("Moderator's screen of %(dialogue)s")
                        % {"dialogue": instance.title}
                    },
                    priority=5,
                )
            )
            buttons.append(
                ListingButton(
                    _("List of speakers"),
                    url=reverse("dialogues_admin:list_of_speakers", args=[instance.pk]),
                    icon_name="list-ol",
                    attrs={
                        "aria-label": _("List of speakers of %(dialogue)s")
                        % {"dialogue": instance.title}
                    },
                    priority=6,
                )
            )
        return buttons
