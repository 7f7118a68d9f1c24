"""The Office's part of the demo data, told by `seed_demo` once its people and
entries exist: the story of the compendium's first editions, told through the
review's real services at the times it happened (`as_of`), then the accepted
synthetic entries put into the compendium.

The story, in days before the run that first tells it:
- 135–130: the Office accepts and publishes the first demo entries;
- 120: edition 2015-pre, shared and released to Ghana, Denmark and Costa Rica in
  a feedback round that closes 90 days ago; they send feedback on an entry and on
  a field quoting a passage, Ghana proposes a new entry, Denmark and Costa Rica
  mark their review complete;
- 92–87: the Office accepts the proposed entry (ECOWAS contributed it), revises
  an entry as Denmark suggested, publishes the new one and triages every item,
  with each outcome and a reason the participant reads;
- 80: 1.0, the first official version, released with notes on what the round
  changed and the round dashboard's sentence on participation;
- 75: a Ghanaian observer asks to be e-mailed about two views of the
  compendium, which the next public release (made in the admin) e-mails;
- the last days: one more entry published, and 1.1-pre shared and released in a
  round open some weeks more to Ghana, Denmark, Costa Rica and the African Union.

Each step runs once, and a later run finds it done and leaves it. A demo database
made before this story (1.0 released, no 2015-pre) keeps its 1.0 as it is: the
round that came before it cannot be told afterwards without changing a released
edition, so the story there starts after 1.0, at 1.1-pre.
"""

from collections import defaultdict
from contextlib import contextmanager
from datetime import UTC, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from accounts.choices import MembershipRole
from accounts.models import Membership, Organisation
from compendium import editions
from compendium.choices import EditionKind, EditionStatus
from compendium.models import CompendiumEntry, Edition, EntryTranslation
from compendium.site_address import site_url
from compendium.text import counted
from contributions import alerts
from contributions.choices import EntryStatus
from review import publishing, rounds, services
from review.choices import DecisionKind, FeedbackOutcome
from review.models import FeedbackRound, RoundParticipant

from . import published
from .clock import as_of

REVIEWER = "reviewer@example.org"
PUBLISHER = "publisher@example.org"

FIRST_PRE, FIRST, NEXT_PRE = "2015-pre", "1.0", "1.1-pre"

# The demo entries by their part in the story (titles from seed_demo's ENTRIES);
# the other accepted ones make up 2015-pre.
REVISED = "National focal point for the responsibility to protect"
COMMENTED = "Atrocity Alert"
PROPOSED = "ECOWAS Early Warning and Response Network (ECOWARN)"  # new in 1.0
ADDED_LATER = "Global Network of R2P Focal Points"  # new in 1.1-pre
REVISED_SUMMARY = (
    "A senior official in the Ministry of Foreign Affairs who coordinates atrocity "
    "prevention across government. Costa Rica co-founded the Global Network of R2P "
    "Focal Points in 2010 with Denmark, Ghana and Australia."
)

# The Office's translations of some entries, added as it publishes them, so the
# editions released afterwards read them in French, Spanish or Arabic; the other
# languages see the English original with a note.
TRANSLATIONS = {
    COMMENTED: {
        "fr": (
            "Alerte atrocités",
            "Une publication hebdomadaire qui signale les situations où des "
            "populations risquent de subir des atrocités criminelles de masse, ou "
            "en subissent déjà.",
            "<p>Envoyée chaque mercredi aux diplomates et aux fonctionnaires de "
            "l’Organisation des Nations Unies.</p>",
        ),
        "ar": (
            "إنذار الفظائع",
            "نشرة أسبوعية تسلّط الضوء على الحالات التي يتعرّض فيها السكان لخطر "
            "الجرائم الفظيعة الجماعية أو يعانون منها.",
            "<p>تُرسَل إلى الدبلوماسيين وموظفي الأمم المتحدة كل يوم أربعاء.</p>",
        ),
    },
    PROPOSED: {
        "fr": (
            "Réseau d’alerte précoce et de réaction de la CEDEAO (ECOWARN)",
            "Un système sous-régional d’observation et de suivi : dans chaque État "
            "membre, des observateurs rendent compte des indicateurs de tension et "
            "de violence à une salle de veille à Abuja, qui alerte la Commission "
            "de la CEDEAO.",
            "<p>Prévu par le Protocole de 1999 relatif au Mécanisme de prévention, "
            "de gestion, de règlement des conflits, de maintien de la paix et de la "
            "sécurité.</p>",
        ),
        "es": (
            "Red de Alerta Temprana y Respuesta de la CEDEAO (ECOWARN)",
            "Un sistema subregional de observación y seguimiento: en cada Estado "
            "miembro, observadores informan sobre indicadores de tensión y "
            "violencia a una sala de situación en Abuja, que alerta a la Comisión "
            "de la CEDEAO.",
            "<p>Previsto en el Protocolo de 1999 relativo al Mecanismo de "
            "Prevención, Gestión y Solución de Conflictos, Mantenimiento de la Paz "
            "y Seguridad.</p>",
        ),
    },
}

# When each step happened, in days before the first run.
ACCEPTED, PUBLISHED, SHARED, CLOSED = 135, 130, 120, 90
PROPOSAL_ACCEPTED, ENTRY_REVISED, PROPOSAL_PUBLISHED, TRIAGED = 92, 89, 88, 87
RELEASED = 80
# A Ghanaian observer asks to be e-mailed about two views after 1.0, so the
# next public release (made in the admin) e-mails them the entry 1.1 adds.
ALERTS_SAVED = 75
FOLLOWER = "observer.ghana@example.org"
FOLLOWED_VIEWS = [
    ("National focal points", "area=national-focal-point"),
    ("Pillar II: international assistance", "pillar=II"),
]
# The update's steps fall in the last days (after any edition released before);
# its round closes this many days after the run.
UPDATE_DAYS, UPDATE_CLOSES_IN = 10, 28

FIRST_ROUND = {
    "title": "Feedback on the preliminary pre-publication version (2015-pre)",
    "participants": ["Ghana", "Denmark", "Costa Rica"],
    "instructions": (
        "Please read each entry and tell the Office what is inaccurate or missing, "
        "on an entry, on one of its fields or as a proposed new entry. Focal points: "
        "mark your review complete when you are done."
    ),
}
# days ago, author, entry (title), field, quoted passage, feedback, outcome, reason
FIRST_FEEDBACK = [
    (
        115,
        "focal.denmark@example.org",
        REVISED,
        "summary",
        "joins the Global Network of R2P Focal Points",
        "Costa Rica co-founded the Global Network of R2P Focal Points in 2010, with "
        "Denmark, Ghana and Australia; the summary could say so rather than that it "
        "joins the network.",
        FeedbackOutcome.INCORPORATED,
        "The summary now says that Costa Rica co-founded the Global Network in "
        "2010; the change is in version 1.0.",
    ),
    (
        108,
        "focal.ghana@example.org",
        COMMENTED,
        "description_text",
        "Sent to diplomats and UN officials every Wednesday.",
        "Please add that Atrocity Alert also goes to the secretariats of regional "
        "organisations.",
        FeedbackOutcome.NOT_RETAINED,
        "The Global Centre confirms that Atrocity Alert is sent to diplomats and UN "
        "officials; regional organisations read it as subscribers, like anyone "
        "else, so the text stays as it is.",
    ),
    (
        104,
        "focal.costarica@example.org",
        COMMENTED,
        "",
        "",
        "Could the entry name the situations Atrocity Alert followed this year, so "
        "readers see its reach?",
        FeedbackOutcome.NOTED,
        "The entry describes the publication rather than each situation it "
        "follows; the Office will consider a list of situations in a later update.",
    ),
]
# days ago, author, proposed title, feedback, outcome, reason ({reference})
FIRST_PROPOSAL = (
    112,
    "contributor.ghana@example.org",
    "ECOWAS Early Warning and Response Network",
    "West Africa's early-warning system, run by the ECOWAS Commission with "
    "monitors in every member State, is missing; ECOWAS could contribute it.",
    FeedbackOutcome.INCORPORATED,
    "ECOWAS contributed the entry at the Office's invitation; it is in version 1.0 "
    "as {reference}.",
)
# days ago, focal point, closing message
FIRST_COMPLETED = [
    (100, "focal.denmark@example.org", "Denmark has no further comments."),
    (95, "focal.costarica@example.org", ""),
]

NEXT_ROUND = {
    "title": "Feedback on the pre-publication version of update 1.1 (1.1-pre)",
    "participants": ["Ghana", "Denmark", "Costa Rica", "African Union"],
    "instructions": (
        "Update 1.1 adds new practice to the compendium. Please send your feedback "
        "before the round closes; focal points, mark your review complete when you "
        "are done."
    ),
}
NEXT_FEEDBACK = (
    "focal.costarica@example.org",
    ADDED_LATER,
    "Could the entry name the States that co-chair the network this year?",
)


def seed(stdout, *, to_accept, synthetic):
    people = get_user_model().objects.in_bulk([REVIEWER, PUBLISHER], field_name="email")
    reviewer, publisher = people.get(REVIEWER), people.get(PUBLISHER)
    if reviewer is None or publisher is None:
        return
    story = Story(stdout, reviewer, publisher, to_accept)
    if not Edition.objects.exists():
        story.share_first_edition()
    first_round = FeedbackRound.objects.filter(edition__label=FIRST_PRE).first()
    if first_round is not None and not Edition.objects.filter(label=FIRST).exists():
        story.release_first_version(first_round)
    if not Edition.objects.filter(label=NEXT_PRE).exists():
        story.share_update()
    tell(stdout)
    if synthetic:
        added = published.publish_accepted(user=publisher)
        stdout.write(
            f"Accepted synthetic entries published in the compendium: {added:,} "
            "(release an edition in the admin to show them on the public site)."
        )


class Story:
    """The steps of the demo's story, each through the services at its time."""

    def __init__(self, stdout, reviewer, publisher, to_accept):
        self.stdout = stdout
        self.reviewer = reviewer
        self.publisher = publisher
        self.entries = to_accept
        self.now = timezone.now()

    def ago(self, days):
        return self.now - timedelta(days=days)

    @contextmanager
    def at(self, moment):
        """One step, committed at its time, so that what the services leave for
        after the commit (notifications) is of that time too."""
        with as_of(moment), transaction.atomic():
            yield

    def user(self, email):
        return get_user_model().objects.get(email=email)

    def reference(self, title):
        return self.entries.get(title=title).reference

    def accept(self, entries):
        for entry in entries.filter(status=EntryStatus.SUBMITTED):
            services.decide(actor=self.reviewer, entry=entry, kind=DecisionKind.ACCEPT)

    def publish(self, entries):
        published = 0
        for entry in entries.filter(status=EntryStatus.ACCEPTED):
            if CompendiumEntry.objects.filter(reference=entry.reference).exists():
                continue
            draft = publishing.publish(actor=self.publisher, entry=entry)
            draft.get_latest_revision().publish(user=self.publisher)
            self.translate(draft, TRANSLATIONS.get(entry.title, {}))
            published += 1
        if published:
            self.stdout.write(f"Demo compendium entries published: {published}.")

    def translate(self, entry, texts):
        """The Office's translations of a published entry, published as its
        next revision."""
        if not texts:
            return
        draft = CompendiumEntry.objects.get(pk=entry.pk).get_latest_revision_as_object()
        draft.translations = [
            EntryTranslation(
                language=code, title=title, summary=summary, description=description
            )
            for code, (title, summary, description) in texts.items()
        ]
        draft.save_revision(user=self.publisher).publish(user=self.publisher)

    def share(self, edition_fields, spec, *, prepared, opens, released, closes):
        """A pre-publication edition and its round, prepared, then opened (which
        shares the edition with the participants) and released to them, so that
        they can also download it. Run inside a step at the opening time."""
        with as_of(prepared):
            edition = Edition.objects.create(
                kind=EditionKind.PRE_PUBLICATION, **edition_fields
            )
            round = FeedbackRound.objects.create(
                title=spec["title"],
                edition=edition,
                opens_at=opens,
                closes_at=closes,
                instructions=spec["instructions"],
                reminder_days=7,
            )
            RoundParticipant.objects.bulk_create(
                RoundParticipant(round=round, organisation=organisation)
                for organisation in Organisation.objects.filter(
                    name__in=spec["participants"]
                )
            )
        round = rounds.open_round(actor=self.publisher, round=round)
        with as_of(released):
            editions.release(actor=self.publisher, edition=edition)
        return round

    # 2015-pre and the round on it ------------------------------------------

    def share_first_edition(self):
        first = self.entries.exclude(title__in=[PROPOSED, ADDED_LATER])
        with self.at(self.ago(ACCEPTED)):
            self.accept(first)
        with self.at(self.ago(PUBLISHED)):
            self.publish(first)
        if not CompendiumEntry.objects.filter(live=True).exists():
            return
        opens = self.ago(SHARED)
        with self.at(opens):
            round = self.share(
                {
                    "label": FIRST_PRE,
                    "title": "Preliminary pre-publication version",
                    "release_notes": (
                        "<p>The preliminary pre-publication version of the "
                        "compendium, shared with Member States for their feedback "
                        "before the first official version.</p>"
                    ),
                },
                FIRST_ROUND,
                prepared=opens - timedelta(days=1),
                opens=opens,
                released=opens + timedelta(hours=1),
                closes=self.ago(CLOSED),
            )
        self.stdout.write(
            f"Demo edition {FIRST_PRE} shared and released in the feedback round "
            f"“{round.title}”."
        )

    def release_first_version(self, round):
        if not round.feedback.exists():
            self.send_first_feedback(round)
        proposed = self.entries.filter(title=PROPOSED)
        with self.at(self.ago(PROPOSAL_ACCEPTED)):
            self.accept(proposed)
        with self.at(self.ago(ENTRY_REVISED)):
            self.revise_as_suggested()
        with self.at(self.ago(PROPOSAL_PUBLISHED)):
            self.publish(proposed)
        with self.at(self.ago(TRIAGED)):
            self.triage_first_feedback(round)
        with self.at(self.ago(RELEASED)):
            round.refresh_from_db()
            edition = Edition.objects.create(
                label=FIRST,
                title="First official version",
                kind=EditionKind.OFFICIAL,
                release_notes=first_release_notes(round),
            )
            editions.release(actor=self.publisher, edition=edition)
        self.stdout.write(f"Demo edition {FIRST} released: /compendium/")
        with self.at(self.ago(ALERTS_SAVED)):
            self.save_alerts()

    def save_alerts(self):
        follower = get_user_model().objects.filter(email=FOLLOWER).first()
        if follower is None:
            return
        for label, query in FOLLOWED_VIEWS:
            alerts.save_alert(
                owner=follower, view=alerts.view_or_error(query), label=label
            )
        self.stdout.write(
            f"Demo e-mail alerts of {FOLLOWER}: {len(FOLLOWED_VIEWS)} "
            "(/contribute/alerts/; the next public release e-mails them)."
        )

    def send_first_feedback(self, round):
        with transaction.atomic():
            references = {
                title: self.reference(title) for title in [REVISED, COMMENTED]
            }
            for days, author, title, field, quote, body, *_ in FIRST_FEEDBACK:
                with as_of(self.ago(days)):
                    rounds.leave_feedback(
                        actor=self.user(author),
                        round=round,
                        reference=references[title],
                        field=field,
                        quote=quote,
                        body=body,
                    )
            days, author, title, body, *_ = FIRST_PROPOSAL
            with as_of(self.ago(days)):
                rounds.propose_entry(
                    actor=self.user(author), round=round, title=title, body=body
                )
            for days, focal_point, message in FIRST_COMPLETED:
                with as_of(self.ago(days)):
                    rounds.complete(
                        actor=self.user(focal_point), round=round, message=message
                    )

    def revise_as_suggested(self):
        """The Office's own revision of a published entry, as Denmark suggested:
        a new live revision, as an editor makes it in Wagtail."""
        entry = CompendiumEntry.objects.filter(
            reference=self.reference(REVISED), live=True
        ).first()
        if entry is None or entry.summary == REVISED_SUMMARY:
            return
        draft = entry.get_latest_revision_as_object()
        draft.summary = REVISED_SUMMARY
        revision = draft.save_revision(user=self.publisher, log_action=True)
        revision.publish(user=self.publisher)

    def triage_first_feedback(self, round):
        outcomes = {
            (author, body): (outcome, reason)
            for _days, author, _title, _field, _quote, body, outcome, reason in (
                FIRST_FEEDBACK
            )
        }
        _days, author, _title, body, outcome, reason = FIRST_PROPOSAL
        outcomes[author, body] = (
            outcome,
            reason.format(reference=self.reference(PROPOSED)),
        )
        for feedback in round.feedback.filter(
            outcome=FeedbackOutcome.NEW
        ).select_related("author"):
            outcome, reason = outcomes[feedback.author.email, feedback.body]
            rounds.triage(
                actor=self.reviewer, feedback=feedback, outcome=outcome, reason=reason
            )

    # 1.1-pre, open now ---------------------------------------------------------

    def share_update(self):
        """One more entry published, then the update's pre-publication edition
        shared in a round open some weeks more. On a demo database made before
        this story, after the 1.0 it holds."""
        begin = self.ago(UPDATE_DAYS)
        latest = Edition.objects.aggregate(latest=Max("released_at"))["latest"]
        if latest is not None and latest > begin:
            begin = min(latest, self.now)

        def when(part):
            return begin + (self.now - begin) * part

        with self.at(when(0.1)):
            self.accept(self.entries)
        with self.at(when(0.25)):
            self.publish(self.entries)
        if not CompendiumEntry.objects.filter(live=True).exists():
            return
        with self.at(when(0.4)):
            round = self.share(
                {
                    "label": NEXT_PRE,
                    "title": "Pre-publication version of update 1.1",
                    "release_notes": update_release_notes(),
                },
                NEXT_ROUND,
                prepared=when(0.35),
                opens=when(0.4),
                released=when(0.45),
                closes=self.now + timedelta(days=UPDATE_CLOSES_IN),
            )
            author, title, body = NEXT_FEEDBACK
            added = self.entries.filter(title=title).first()
            shared = round.edition.rows
            if added and shared.filter(reference=added.reference).exists():
                with as_of(when(0.7)):
                    rounds.leave_feedback(
                        actor=self.user(author),
                        round=round,
                        reference=added.reference,
                        body=body,
                    )
        self.stdout.write(
            f"Demo edition {NEXT_PRE} shared and released in the feedback round "
            f"“{round.title}”, open until {_day(round.closes_at)}."
        )


def first_release_notes(round):
    """1.0's notes: the round's participation sentence (the one its dashboard
    offers) and what came of each item of feedback."""
    outcomes = format_html_join(
        "",
        "<li>{} ({}, {}): {}</li>",
        (
            (
                str(feedback.get_outcome_display()).capitalize(),
                feedback.organisation.name,
                feedback.reference or feedback.get_kind_display(),
                feedback.outcome_reason,
            )
            for feedback in round.feedback.exclude(
                outcome=FeedbackOutcome.NEW
            ).select_related("organisation")
        ),
    )
    return format_html(
        "<p>The first official version of the compendium of practice.</p>"
        "<p>{}</p><p>What the feedback round on {} changed:</p><ul>{}</ul>",
        rounds.participation_summary(round),
        round.edition.label,
        outcomes,
    )


def update_release_notes():
    current = Edition.objects.current()
    before = set(current.rows.values_list("reference", flat=True)) if current else set()
    added = (
        CompendiumEntry.objects.filter(live=True)
        .exclude(reference__in=before)
        .order_by("reference")
    )
    return format_html(
        "<p>Shared with Member States and the African Union for their feedback "
        "before update 1.1.</p><p>New since {}:</p><ul>{}</ul>",
        current.label if current else "",
        format_html_join("", "<li>{} {}</li>", ((e.reference, e.title) for e in added)),
    )


def _day(moment):
    return date_format(moment.astimezone(UTC), "j F Y")


def tell(stdout):
    """What the demo holds, for the person who just ran it: each edition, who may
    read it, and each feedback round with who takes part."""
    listed = Edition.objects.exclude(status=EditionStatus.IN_PREPARATION).order_by(
        F("released_at").asc(nulls_last=True), "pk"
    )
    if not listed:
        return
    site = site_url()
    current = Edition.objects.current()
    focal_points = defaultdict(list)
    for organisation_id, email in (
        Membership.objects.filter(role=MembershipRole.FOCAL_POINT)
        .order_by("user__email")
        .values_list("organisation_id", "user__email")
    ):
        focal_points[organisation_id].append(email)
    stdout.write("The demo's editions and feedback rounds:")
    for edition in listed:
        when = (
            f"released {_day(edition.released_at)}"
            if edition.released_at
            else "shared, not released"
        )
        if edition.is_public:
            where = f"public at {site}{edition.get_absolute_url()}"
            if edition == current:
                where += " (the current edition)"
        else:
            where = "for the Office and the participants of its round"
        stdout.write(
            f"  {edition.label} ({edition.get_kind_display()}): {when}, "
            f"{counted(edition.entry_count, 'entry', 'entries')}, {where}"
        )
        for round in edition.feedback_rounds.filter(opened_at__isnull=False):
            participants = list(round.participants.order_by("name"))
            names = ", ".join(organisation.name for organisation in participants)
            feedback = round.feedback.all()
            if round.is_open():
                emails = ", ".join(
                    email
                    for organisation in participants
                    for email in focal_points[organisation.pk]
                )
                stdout.write(
                    f"    Feedback round “{round.title}”, open until "
                    f"{_day(round.closes_at)} for {names}: their focal points "
                    f"({emails}) find it at {site}/contribute/rounds/"
                )
            else:
                triaged = feedback.exclude(outcome=FeedbackOutcome.NEW).count()
                stdout.write(
                    f"    Feedback round “{round.title}”, closed "
                    f"{_day(round.closes_at)}: {names}; {feedback.count()} items "
                    f"of feedback, {triaged} triaged"
                )
