"""The list of speakers, composed by one rule, which the public page explains
in the words of `RULE`:

1. statements on behalf of a group of States come first;
2. then Member States, then observer States and regional and sub-regional
   organisations;
3. within each, speakers in order of level (Head of State first), then in
   the order they were inscribed;
4. speakers the Office inscribed after the deadline come after the timely
   ones of their kind;
5. civil society last, as the moderator invites them: organisations whose
   speaker the Office inscribed, then those whose request to speak was
   accepted, in the order they asked.

The Office may override the rule for one speaker, with a reason kept in the
audit log (`services.move_speaker`): the speaker is *placed* at a position and
keeps it. The others follow the rule around the placed speakers, so a later
inscription takes its place by the rule among them and never pushes a placed
speaker from the position the Office gave (if the list is shorter than that
position, the placed speaker comes last). Two speakers placed at the same
position stand in the order they were placed.

On the day the moderator may move a delegation that is not in the room to the
end of the delegations, in the order they were moved (`day_order`).
"""

from django.utils.translation import gettext_lazy as _

from compendium.choices import OrganisationKind

from .choices import SpeakerLevel, TicketStatus

RULE = [
    _("Statements on behalf of a group of States come first."),
    _(
        "Then Member States, then observer States and regional and sub-regional "
        "organisations."
    ),
    _(
        "Within each, speakers follow the order of level, from Head of State to "
        "Deputy Permanent Representative, then the time they were inscribed."
    ),
    _("Speakers inscribed after the deadline follow the others of their kind."),
    _("Civil society speaks last, as the moderator invites it."),
    _(
        "The Office may place a speaker at another position, for a reason it "
        "records; that speaker keeps the position when others are inscribed "
        "later, and is marked on the list."
    ),
]

LEVEL_RANK = {level: rank for rank, level in enumerate(SpeakerLevel.values)}
CIVIL_SOCIETY = 2


def kind_rank(organisation):
    if organisation.kind == OrganisationKind.MEMBER_STATE:
        return 0
    if organisation.kind == OrganisationKind.CIVIL_SOCIETY:
        return CIVIL_SOCIETY
    return 1


def speaker_key(speaker):
    civil_society = kind_rank(speaker.organisation) == CIVIL_SOCIETY
    moved = speaker.moved_to_end_at
    return (
        civil_society,
        moved is not None,
        moved.timestamp() if moved else 0,
        not speaker.on_behalf_of_group,
        kind_rank(speaker.organisation),
        speaker.late,
        LEVEL_RANK.get(speaker.level, len(LEVEL_RANK)),
        speaker.inscribed_at,
        speaker.pk,
    )


def place(ordered):
    """The rule's order with the speakers the Office placed put back at their
    positions (1 is the first), each keeping it whatever came later."""
    placed = sorted(
        (speaker for speaker in ordered if speaker.placed_at_position),
        key=lambda speaker: (speaker.placed_at_position, speaker.placed_at, speaker.pk),
    )
    result = [speaker for speaker in ordered if not speaker.placed_at_position]
    for speaker in placed:
        result.insert(min(speaker.placed_at_position - 1, len(result)), speaker)
    return result


def list_of_speakers(dialogue):
    """The inscribed speakers who have not withdrawn, in the rule's order,
    with the Office's placements."""
    speakers = dialogue.speakers.filter(withdrawn=False).select_related("organisation")
    return place(sorted(speakers, key=speaker_key))


def civil_society_to_invite(dialogue):
    """Accepted ticket requests that asked to speak, in the order they came."""
    return list(
        dialogue.ticket_requests.filter(
            status=TicketStatus.ACCEPTED, wishes_to_speak=True
        )
        .select_related("organisation")
        .order_by("requested_at", "pk")
    )


def day_order(dialogue):
    """The list as the moderator runs it: who is speaking now (the first who
    has neither spoken nor been marked absent), who comes next, and all."""
    ordered = list_of_speakers(dialogue)
    waiting = [speaker for speaker in ordered if not speaker.outcome]
    return {
        "speakers": ordered,
        "now": waiting[0] if waiting else None,
        "next": waiting[1:4],
    }
