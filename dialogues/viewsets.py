"""The Office's screens for the dialogue: the dialogue itself with its
sessions and programme, the speakers (late ones inscribed here) and the
ticket requests of civil society, accepted or declined one by one."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from compendium.dates import DateColumn

from . import converters, moderator, office  # noqa: F401 registers row_id
from .forms import DialogueForm, SpeakerAdminForm
from .models import Dialogue, Speaker, TicketRequest
from .statement_admin import StatementViewSet


class DialogueViewSet(ModelViewSet):
    model = Dialogue
    icon = "group"
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = moderator.DialogueIndexView
    list_display = [
        "title",
        DateColumn("date", label=_("Date")),
        "room",
        DateColumn("registration_deadline", label=_("Registration deadline")),
    ]
    search_fields = ["title", "room"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("date"),
            FieldPanel("format"),
            FieldPanel("room"),
            InlinePanel("sessions", label=_("Sessions"), min_num=1),
            FieldPanel("report"),
            MultiFieldPanel(
                [FieldPanel("letter"), FieldPanel("information_note")],
                heading=_("Documents"),
            ),
            FieldPanel("registration_deadline"),
            FieldPanel("intervention_minutes"),
            FieldPanel("open_to"),
            FieldPanel("webcast_url"),
            InlinePanel("programme", label=_("Programme")),
        ],
        base_form_class=DialogueForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "<row_id:pk>/moderator/",
                moderator.ModeratorView.as_view(),
                name="moderator",
            ),
            path(
                "<row_id:pk>/moderator/<row_id:speaker_id>/",
                moderator.record,
                name="moderator_record",
            ),
            path(
                "<row_id:pk>/moderator/timer/",
                office.timer,
                name="moderator_timer",
            ),
            path(
                "<row_id:pk>/speakers/",
                office.ListOfSpeakersView.as_view(),
                name="list_of_speakers",
            ),
            path(
                "<row_id:pk>/speakers/publish/",
                office.publish_list,
                name="publish_list",
            ),
            path(
                "<row_id:pk>/speakers/<row_id:speaker_id>/move/",
                office.MoveSpeakerView.as_view(),
                name="move_speaker",
            ),
        ]


class SpeakerViewSet(ModelViewSet):
    model = Speaker
    icon = "user"
    copy_view_enabled = False
    list_display = [
        "name",
        "organisation",
        Column("level", label=_("Level"), accessor="get_level_display"),
        "group_name",
        DateColumn("inscribed_at", label=_("Inscribed")),
        "late",
        "withdrawn",
    ]
    list_filter = ["dialogue", "level", "late", "withdrawn", "organisation__kind"]
    search_fields = ["name", "organisation__name", "group_name"]
    list_export = [
        "dialogue",
        "organisation",
        "name",
        "title",
        "get_level_display",
        "group_name",
        "extra_minutes",
        "inscribed_at",
        "late",
        "withdrawn",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("dialogue"),
            FieldPanel("organisation"),
            FieldPanel("name"),
            FieldPanel("title"),
            FieldPanel("level"),
            FieldPanel("on_behalf_of_group"),
            FieldPanel("group_name"),
            FieldPanel("extra_minutes"),
            FieldPanel("late"),
            FieldPanel("withdrawn"),
        ],
        base_form_class=SpeakerAdminForm,
    )


class TicketRequestViewSet(ModelViewSet):
    model = TicketRequest
    icon = "tag"
    copy_view_enabled = False
    add_view_enabled = False
    list_display = [
        "organisation",
        Column("attendees", label=_("Attendees")),
        "wishes_to_speak",
        "subject",
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("requested_at", label=_("Requested")),
    ]
    list_filter = ["dialogue", "status", "wishes_to_speak"]
    search_fields = ["organisation__name", "attendees", "subject"]
    list_export = [
        "dialogue",
        "organisation",
        "attendees",
        "wishes_to_speak",
        "subject",
        "get_status_display",
        "requested_at",
    ]
    edit_view_class = office.TicketDecisionEditView
    # The Office answers a request; what was asked stays as the organisation
    # sent it.
    edit_handler = ObjectList([FieldPanel("status"), FieldPanel("decision_reason")])


class DialogueViewSetGroup(ModelViewSetGroup):
    menu_label = _("Dialogues")
    menu_icon = "group"
    menu_order = 99
    items = [
        DialogueViewSet("dialogues_admin"),
        SpeakerViewSet("dialogue_speakers"),
        TicketRequestViewSet("dialogue_tickets"),
        StatementViewSet("dialogue_statements"),
    ]
