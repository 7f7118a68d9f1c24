"""The demo's dialogue: the informal interactive dialogue of 8 September 2015
as the President of the General Assembly's letter and information note
convened it, with the registrations a newcomer needs to see the whole flow.
Idempotent: every row is found by what names it and brought up to date."""

import datetime

from accounts.models import Organisation
from compendium.choices import OrganisationKind
from compendium.models import SecretaryGeneralReport
from demo.dialogue_statements import seed_statements
from dialogues import versions
from dialogues.choices import (
    DialogueFormat,
    ProgrammeKind,
    SpeakerLevel,
    TicketStatus,
)
from dialogues.models import (
    NEW_YORK,
    Dialogue,
    ProgrammeItem,
    Session,
    Speaker,
    TicketRequest,
)

TITLE = (
    "Informal interactive dialogue on the responsibility to protect: "
    "“A vital and enduring commitment: implementing the responsibility to protect”"
)
PROGRAMME = [
    (ProgrammeKind.OPENING, "President of the General Assembly"),
    (ProgrammeKind.OPENING, "Secretary-General or Deputy Secretary-General"),
    (ProgrammeKind.MODERATOR, "Moderator"),
    (ProgrammeKind.FLOOR, "Delegations, in the order of the list of speakers"),
    (ProgrammeKind.CLOSING, "Concluding remarks by the moderator"),
]


def when(day, hour, minute=0):
    return datetime.datetime(2015, 9, day, hour, minute, tzinfo=NEW_YORK)


# (organisation's name or ISO3 code, speaker, title, level, group, inscribed)
SPEAKERS = [
    (
        "DNK",
        "Ib Petersen",
        "Permanent Representative",
        SpeakerLevel.PERMANENT_REPRESENTATIVE,
        "Group of Friends of the Responsibility to Protect",
        when(1, 10),
    ),
    (
        "GHA",
        "Hanna Serwaa Tetteh",
        "Minister for Foreign Affairs",
        SpeakerLevel.MINISTER,
        "",
        when(2, 15, 30),
    ),
    (
        "CRI",
        "Manuel González Sanz",
        "Minister for Foreign Affairs and Worship",
        SpeakerLevel.MINISTER,
        "",
        when(1, 16),
    ),
    (
        "BRA",
        "",
        "Permanent Representative",
        SpeakerLevel.PERMANENT_REPRESENTATIVE,
        "",
        when(3, 9),
    ),
    (
        "VAT",
        "",
        "Permanent Observer",
        SpeakerLevel.PERMANENT_REPRESENTATIVE,
        "",
        when(2, 11),
    ),
    (
        "African Union",
        "",
        "Permanent Observer",
        SpeakerLevel.PERMANENT_REPRESENTATIVE,
        "",
        when(3, 12),
    ),
]
TICKETS = [
    (
        "Global Centre for the Responsibility to Protect",
        "Simon Adams\nSavita Pawnday",
        True,
        "Ten years of the responsibility to protect: what civil society has seen",
        TicketStatus.ACCEPTED,
        when(2, 9),
    ),
]


def organisation(key):
    if len(key) == 3 and key.isupper():
        return Organisation.objects.filter(country__iso3=key).first()
    return Organisation.objects.filter(name=key).first()


def seed():
    """Make or update the 2015 dialogue; returns it."""
    dialogue = Dialogue.objects.filter(date__year=2015).first() or Dialogue(
        date=datetime.date(2015, 9, 8)
    )
    dialogue.title = TITLE
    dialogue.format = DialogueFormat.INFORMAL_INTERACTIVE_DIALOGUE
    dialogue.date = datetime.date(2015, 9, 8)
    dialogue.room = "Trusteeship Council Chamber"
    dialogue.report = SecretaryGeneralReport.objects.filter(symbol="A/69/981").first()
    dialogue.registration_deadline = when(4, 13)
    dialogue.intervention_minutes = 4
    dialogue.webcast_url = "https://webtv.un.org/"
    dialogue.save()
    if not dialogue.sessions.exists():
        for order, (starts, ends) in enumerate([(10, 13), (15, 18)]):
            Session.objects.create(
                dialogue=dialogue,
                starts=datetime.time(starts),
                ends=datetime.time(ends),
                sort_order=order,
            )
    if not dialogue.programme.exists():
        for order, (kind, role) in enumerate(PROGRAMME):
            ProgrammeItem.objects.create(
                dialogue=dialogue, kind=kind, role=role, sort_order=order
            )
    for key, name, title, level, group, inscribed in SPEAKERS:
        delegation = organisation(key)
        if delegation is None:
            continue
        Speaker.objects.update_or_create(
            dialogue=dialogue,
            organisation=delegation,
            defaults={
                "name": name or f"Representative of {delegation.name}",
                "title": title,
                "level": level,
                "on_behalf_of_group": bool(group),
                "group_name": group,
                "extra_minutes": 2 if group else 0,
                "inscribed_at": inscribed,
            },
        )
    for key, attendees, speaks, subject, status, requested in TICKETS:
        network = organisation(key)
        if network is None or network.kind != OrganisationKind.CIVIL_SOCIETY:
            continue
        TicketRequest.objects.update_or_create(
            dialogue=dialogue,
            organisation=network,
            defaults={
                "attendees": attendees,
                "wishes_to_speak": speaks,
                "subject": subject,
                "status": status,
                "requested_at": requested,
            },
        )
    # The Office published the list once registration closed; later seeds
    # find it published and, the rows unchanged, record no new version.
    versions.publish(dialogue, None)
    seed_statements(dialogue)
    return dialogue


PLENARY = DialogueFormat.PLENARY_DEBATE
DIALOGUE = DialogueFormat.INFORMAL_INTERACTIVE_DIALOGUE

# The General Assembly's meetings on the Secretary-General's reports before
# and after 2015, as far as the record here is sure: (first day, format,
# report symbol or ""). The report is linked only where the compendium holds
# it; a year whose date is not certain here is left out rather than guessed.
ARCHIVE = [
    (datetime.date(2009, 7, 23), PLENARY, "A/63/677"),
    (datetime.date(2010, 8, 9), DIALOGUE, "A/64/864"),
    (datetime.date(2011, 7, 12), DIALOGUE, "A/65/877"),
    (datetime.date(2012, 9, 5), DIALOGUE, "A/66/874"),
    (datetime.date(2013, 9, 11), DIALOGUE, "A/67/929"),
    (datetime.date(2014, 9, 8), DIALOGUE, "A/68/947"),
    (datetime.date(2016, 9, 6), DIALOGUE, ""),
    (datetime.date(2017, 9, 6), DIALOGUE, ""),
    (datetime.date(2018, 6, 25), PLENARY, ""),
    (datetime.date(2019, 6, 27), PLENARY, ""),
]
ARCHIVE_TITLES = {
    PLENARY: "General Assembly plenary debate on the responsibility to protect",
    DIALOGUE: "Informal interactive dialogue on the responsibility to protect",
}


def seed_archive():
    """The dialogues and debates of the other years since 2009, found by
    their year and brought up to date; returns them, oldest first. The 2015
    one is `seed`'s."""
    made = []
    for date, kind, symbol in ARCHIVE:
        dialogue = Dialogue.objects.filter(date__year=date.year).first() or Dialogue()
        dialogue.title = ARCHIVE_TITLES[kind]
        dialogue.date = date
        dialogue.format = kind
        dialogue.room = ""
        dialogue.report = (
            SecretaryGeneralReport.objects.filter(symbol=symbol).first()
            if symbol
            else None
        )
        # Registration for these is long over and its deadline not on record.
        dialogue.registration_deadline = None
        dialogue.open_to = []
        dialogue.save()
        made.append(dialogue)
    return made
