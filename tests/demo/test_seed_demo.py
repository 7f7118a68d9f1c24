"""seed_demo: idempotent demo data with working sign-ins for every role, the
story of the compendium's editions and feedback rounds, and synthetic entries in
volume with --entries."""

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice
from reversion.models import Version
from wagtail.models import ModelLogEntry, Revision

from accounts.models import Membership, Organisation, User
from compendium import editions, pdf
from compendium.choices import EditionKind, EditionStatus, OrganisationKind
from compendium.models import CompendiumEntry, Edition, EditionEntry, EditionPdf
from compendium.site_address import site_url
from contributions import services as contribution_services
from contributions import versions as contribution_versions
from contributions.choices import EntryAction, EntryStatus
from contributions.models import Notification, PracticeEntry, SavedAlert
from demo import story as demo_story
from demo import synthetic
from demo.management.commands import seed_demo as seed_demo_command
from review import publishing, rounds
from review import services as review_services
from review.choices import (
    OPEN_FOR_COMMENTS,
    UNDER_THE_OFFICE,
    DecisionKind,
    FeedbackKind,
    FeedbackOutcome,
)
from review.models import (
    Assignment,
    Decision,
    Feedback,
    FeedbackRound,
    RoundParticipant,
)
from tests.compendium.factories import publish_entry, release_edition
from tests.contributions.factories import MembershipFactory, create_entry, edit_entry
from tests.contributions.recorded_versions import assert_recorded_as_reversion_would
from tests.second_factor import current_code

pytestmark = pytest.mark.django_db

DEMO_ENTRIES = seed_demo_command.ENTRIES


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def demo_counts():
    return {
        model.__name__: model.objects.count()
        for model in [
            User,
            Organisation,
            Membership,
            PracticeEntry,
            Version,
            Decision,
            Notification,
            CompendiumEntry,
            Revision,
            Edition,
            EditionEntry,
            FeedbackRound,
            RoundParticipant,
            Feedback,
            ModelLogEntry,
            SavedAlert,
        ]
    }


def demo_times():
    return (
        list(Edition.objects.order_by("pk").values_list("shared_at", "released_at")),
        list(FeedbackRound.objects.order_by("pk").values_list("opens_at", "closes_at")),
        list(Feedback.objects.order_by("pk").values_list("created_at", "decided_at")),
    )


def told(output):
    """The story seed_demo tells at the end of its output."""
    lines = output.splitlines()
    start = lines.index("The demo's editions and feedback rounds:")
    return lines[start:]


def test_seed_demo_is_idempotent_and_prints_the_sign_ins():
    first = seed()
    counts, times = demo_counts(), demo_times()
    second = seed()
    assert demo_counts() == counts
    assert demo_times() == times

    def sign_ins(output):
        lines = output.splitlines()
        return lines[
            : next(
                i for i, line in enumerate(lines) if line.startswith("Demo practice")
            )
        ]

    assert sign_ins(first) == sign_ins(second)
    assert "Sign in at http://testserver/accounts/login/" in first
    assert "Demo edition 1.0 released" in first
    # Nothing is made twice, and the story is told each time.
    assert "Demo practice entries: 0 new, 8 in all." in second
    assert not [line for line in second.splitlines() if line.startswith("Demo ed")]
    assert "published" not in second
    assert told(first) == told(second)
    for email in [
        "admin@example.org",
        "reviewer@example.org",
        "publisher@example.org",
        "focal.ghana@example.org",
        "contributor.ghana@example.org",
        "observer.ghana@example.org",
    ]:
        assert email in first


def test_seed_demo_adds_regional_and_civil_society_organisations():
    seed()
    for name, kind in [
        ("African Union", OrganisationKind.REGIONAL),
        ("European Union", OrganisationKind.REGIONAL),
        ("Organization of American States", OrganisationKind.REGIONAL),
        ("Association of Southeast Asian Nations", OrganisationKind.REGIONAL),
        ("Economic Community of West African States", OrganisationKind.SUB_REGIONAL),
        (
            "Global Centre for the Responsibility to Protect",
            OrganisationKind.CIVIL_SOCIETY,
        ),
    ]:
        assert Organisation.objects.get(name=name).kind == kind
    assert set(
        Organisation.objects.get(short_name="AU").regions.values_list("name", flat=True)
    ) == {"Africa"}


DEMO_LANDINGS = [
    ("admin@example.org", "/admin/"),
    ("reviewer@example.org", "/admin/"),
    ("publisher@example.org", "/admin/"),
    ("focal.ghana@example.org", "/contribute/"),
    ("contributor.au@example.org", "/contribute/"),
    ("observer.eu@example.org", "/contribute/"),
]


def test_demo_sign_ins_work_with_the_chosen_password(client):
    seed("--password", "another-demo-password")
    for email, landing in DEMO_LANDINGS:
        response = client.post(
            "/accounts/login/",
            {"username": email, "password": "another-demo-password"},
        )
        assert (email, response.status_code, response["Location"]) == (
            email,
            302,
            landing,
        )
        if landing == "/admin/":  # staff then type the demo app's code
            device = TOTPDevice.objects.get(user__email=email)
            client.post("/accounts/two-factor/", {"code": current_code(device)})
        assert client.get(landing).status_code == 200
        client.post("/accounts/logout/")


def test_demo_entries_have_versions_and_states_without_sending_mail(mailoutbox):
    seed()
    states = dict(PracticeEntry.objects.values_list("title", "status"))
    assert states["National Peace Council"] == "submitted"
    assert states["Continental Early Warning System"] == "draft"
    assert (
        states["Support to the Global Action Against Mass Atrocity Crimes"] == "ready"
    )
    peace_council = PracticeEntry.objects.get(title="National Peace Council")
    assert peace_council.version_number == 1
    assert peace_council.sources.count() == 1
    assert list(peace_council.pillars.values_list("code", flat=True)) == ["I"]
    assert mailoutbox == []


# Synthetic entries (--entries) --------------------------------------------------


def synthetic_entries():
    return PracticeEntry.objects.filter(
        revision_infos__revision__comment=synthetic.REVISION_COMMENT
    ).order_by("reference")


def test_seed_demo_without_entries_adds_no_synthetic_entries():
    out = seed()
    assert PracticeEntry.objects.count() == len(DEMO_ENTRIES) == 8
    assert "Synthetic" not in out


def test_entries_adds_classified_entries_at_version_one_in_mixed_states(mailoutbox):
    out = seed("--entries", "30")
    entries = list(
        synthetic_entries()
        .prefetch_related("pillars", "priorities", "sources")
        .select_related("organisation")
    )
    assert len(entries) == 30
    assert "Synthetic practice entries: 30 added (CP-0009 to CP-0038)" in out
    for entry in entries:
        assert entry.version_number == 1
        assert 1 <= len(entry.pillars.all()) <= 2
        assert 1 <= len(entry.priorities.all()) <= 3
        assert 2005 <= entry.start_year <= 2026
        assert len(entry.summary) <= 1000
        text = f"{entry.summary} {entry.description}"
        # Chinese writes no space between words: its characters are counted.
        assert 60 <= (len(text) if entry.language == "zh-hans" else len(text.split()))
        (info,) = entry.revision_infos.all()
        assert (info.number, info.action) == (1, EntryAction.CREATE)
        versions = Version.objects.filter(revision_id=info.revision_id)
        assert versions.count() == 1 + len(entry.sources.all())
    statuses = {entry.status for entry in entries}
    assert EntryStatus.ACCEPTED in statuses
    assert len(statuses) >= 4
    assert len({entry.organisation.kind for entry in entries}) >= 2
    assert mailoutbox == []


def test_synthetic_references_continue_the_sequence_and_every_run_adds_more(
    contributor, ghana
):
    seed("--entries", "30")
    references = list(synthetic_entries().values_list("reference", flat=True))
    assert references == [f"CP-{number:04d}" for number in range(9, 39)]
    # An entry written through the portal afterwards takes the next number.
    assert create_entry(contributor, ghana).reference == "CP-0039"

    seed("--entries", "5")
    assert synthetic_entries().count() == 35
    assert PracticeEntry.objects.count() == 8 + 35 + 1
    assert synthetic_entries().last().reference == "CP-0044"
    assert create_entry(contributor, ghana).reference == "CP-0045"


def test_synthetic_versions_are_what_reversion_records():
    """Version 1 holds what django-reversion would have written when the entry
    was saved as a draft: Django's JSON of the entry, many-to-many ids included,
    and of each source."""
    seed("--entries", "30")
    for entry in synthetic_entries().prefetch_related("sources"):
        assert_recorded_as_reversion_would(entry, status=EntryStatus.DRAFT)


def test_review_screen_history_diff_and_restore_work_on_synthetic_entries(client):
    seed("--entries", "30")
    reviewer = User.objects.get(email="reviewer@example.org")
    entry = synthetic_entries().filter(status__in=UNDER_THE_OFFICE).first()
    client.force_login(reviewer)

    response = client.get(f"/admin/review/{entry.pk}/")
    assert response.status_code == 200
    assert escape(entry.title) in response.content.decode()
    response = client.get(reverse("practice_entries:inspect", args=[entry.pk]))
    assert response.status_code == 200
    assert synthetic.REVISION_COMMENT in response.content.decode()

    # The organisation edits it, then restores version 1: reversion reads the
    # synthetic version back, classification and sources included.
    title = entry.title
    before = contribution_versions.snapshots(entry, [1])[1]
    PracticeEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.DRAFT)
    author = MembershipFactory(organisation=entry.organisation).user
    edit_entry(author, entry, title="Renamed practice")
    changes = contribution_versions.compare(
        before, contribution_versions.snapshots(entry, [2])[2]
    )
    assert "title" in {change.name for change in changes.changed}
    restored = contribution_services.restore_version(
        actor=author, entry=entry, number=1
    )
    assert restored.version_number == 3
    assert contribution_versions.snapshots(entry, [3])[3] == before
    assert restored.title == title


def test_synthetic_entries_fill_the_review_queue_with_assignments(client):
    seed("--entries", "200")
    assignments = Assignment.objects.filter(entry__in=synthetic_entries())
    assert {a.reviewer.email for a in assignments} == {
        "reviewer@example.org",
        "admin@example.org",
    }
    today = timezone.localdate()
    due = [a.due_on for a in assignments if a.due_on]
    assert min(due) < today < max(due)
    assert not assignments.exclude(entry__status__in=OPEN_FOR_COMMENTS).exists()

    client.force_login(User.objects.get(email="reviewer@example.org"))
    for query in ("", "?assigned=me", "?due=overdue", "?p=2"):
        response = client.get(f"/admin/review/{query}")
        assert response.status_code == 200
        assert "CP-0" in response.content.decode(), query


def test_entries_must_not_be_negative():
    with pytest.raises(CommandError):
        seed("--entries", "-1")


def test_seed_demo_publishes_the_editions_of_its_story(client):
    out = seed()
    assert list(
        Edition.objects.order_by("released_at").values_list("label", "kind", "status")
    ) == [
        ("2015-pre", EditionKind.PRE_PUBLICATION, EditionStatus.RELEASED),
        ("1.0", EditionKind.OFFICIAL, EditionStatus.RELEASED),
        ("1.1-pre", EditionKind.PRE_PUBLICATION, EditionStatus.RELEASED),
    ]
    assert Edition.objects.current().label == "1.0"
    assert set(CompendiumEntry.objects.values_list("title", flat=True)) == {
        demo_story.REVISED,
        demo_story.COMMENTED,
        demo_story.PROPOSED,
        demo_story.ADDED_LATER,
    }
    body = client.get("/compendium/").content.decode()
    assert "Atrocity Alert" in body
    later = PracticeEntry.objects.get(title=demo_story.ADDED_LATER).reference
    assert "CP-0006" in body and later not in body  # only in 1.1-pre
    story = "\n".join(told(out))
    assert "2015-pre (preliminary pre-publication version): released" in story
    assert "closed" in story and "4 items of feedback, 4 triaged" in story
    assert "1.0 (official version): released" in story
    assert "3 entries, public at" in story
    # Counted in plain English, one or many.
    assert "Dialogue of 8 September 2015: 6 speakers, 1 ticket request (" in out
    assert "(the current edition)" in story
    assert "open until" in story
    assert "focal.ghana@example.org" in story and "focal.denmark@example.org" in story
    assert "http://testserver/contribute/rounds/" in story


def test_seed_demo_sends_no_e_mail():
    from django.core import mail

    seed()
    assert mail.outbox == []


# The story: 2015-pre and its closed round, 1.0, and 1.1-pre open for feedback ---


def user(email):
    return User.objects.get(email=email)


def participants(round):
    return set(round.participants.values_list("name", flat=True))


def test_2015_pre_was_shared_in_a_closed_round_whose_feedback_was_triaged():
    seed()
    round = FeedbackRound.objects.get(edition__label="2015-pre")
    edition = round.edition
    assert edition.kind == EditionKind.PRE_PUBLICATION
    assert {"Ghana", "Denmark", "Costa Rica"} <= participants(round)
    assert round.opened_at == round.opens_at
    assert round.is_closed() and not round.is_open()

    feedback = list(round.feedback.all())
    assert all(round.opens_at <= item.created_at < round.closes_at for item in feedback)
    general = [item for item in feedback if item.reference and not item.field]
    on_fields = [item for item in feedback if item.field]
    proposals = [item for item in feedback if item.kind == FeedbackKind.PROPOSAL]
    assert general and on_fields and proposals
    for item in on_fields:
        shared = edition.rows.get(reference=item.reference).content[item.field]
        assert item.quote and item.quote in shared
    completed = round.participations.filter(completed_at__isnull=False)
    assert {p.organisation.name for p in completed} == {"Denmark", "Costa Rica"}

    assert {item.outcome for item in feedback} == set(FeedbackOutcome.values) - {
        FeedbackOutcome.NEW
    }
    for item in feedback:
        assert item.outcome_reason
        assert item.decided_by.email == "reviewer@example.org"
        assert round.closes_at <= item.decided_at

    # Shared, then closed, then 1.0, then 1.1-pre shared: all in the past.
    first, following = (
        Edition.objects.get(label=label) for label in ["1.0", "1.1-pre"]
    )
    assert (
        edition.shared_at
        < edition.released_at
        < round.closes_at
        < first.released_at
        < following.shared_at
        < following.released_at
        < timezone.now()
    )


def test_each_participant_reads_the_reasons_given_for_its_own_feedback(client):
    seed()
    round = FeedbackRound.objects.get(edition__label="2015-pre")
    url = reverse("review:round", args=[round.pk])
    client.force_login(user("focal.ghana@example.org"))
    body = client.get(url).content.decode()
    for item in round.feedback.select_related("organisation"):
        shown = escape(item.outcome_reason) in body
        assert shown == (item.organisation.name == "Ghana"), item.body

    # The African Union took no part in that round.
    client.force_login(user("focal.au@example.org"))
    assert client.get(url).status_code == 404


def test_1_0_revises_an_entry_and_adds_one_as_the_round_asked_and_says_so(client):
    seed()
    pre, first = (Edition.objects.get(label=label) for label in ["2015-pre", "1.0"])
    before = dict(pre.rows.values_list("reference", "revision_id"))
    after = dict(first.rows.values_list("reference", "revision_id"))
    revised = PracticeEntry.objects.get(title=demo_story.REVISED).reference
    proposed = PracticeEntry.objects.get(title=demo_story.PROPOSED).reference
    assert after.keys() - before.keys() == {proposed}
    assert before.keys() - after.keys() == set()
    assert {ref for ref in before if before[ref] != after[ref]} == {revised}
    assert "co-founded" in first.rows.get(reference=revised).summary
    assert "co-founded" not in pre.rows.get(reference=revised).summary
    # The revision is the Office's own, made after the round closed.
    round = FeedbackRound.objects.get(edition=pre)
    revision = Revision.objects.get(pk=after[revised])
    assert round.closes_at < revision.created_at < first.released_at
    assert revision.user.email == "publisher@example.org"

    notes = first.release_notes
    assert escape(rounds.participation_summary(round)) in notes
    for item in round.feedback.all():
        assert escape(item.outcome_reason) in notes
    assert proposed in notes

    assert client.get("/compendium/editions/1.0/changes/").status_code == 200
    # The public never reads the pre-publication version.
    assert client.get("/compendium/editions/2015-pre/").status_code == 404
    client.force_login(user("focal.denmark@example.org"))
    assert client.get("/compendium/editions/2015-pre/").status_code == 200


def test_an_observer_follows_two_views_and_the_next_official_release_emails_them(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    seed()
    follower = user(demo_story.FOLLOWER)
    first = Edition.objects.get(label="1.0")
    saved = list(SavedAlert.objects.filter(owner=follower).order_by("label"))
    assert [alert.label for alert in saved] == sorted(
        label for label, _query in demo_story.FOLLOWED_VIEWS
    )
    for alert in saved:
        assert alert.last_sent_edition == first
        assert alert.created_at > first.released_at
    client.force_login(follower)
    portal = client.get("/contribute/alerts/").content.decode()
    assert all(escape(alert.label) in portal for alert in saved)
    assert mailoutbox == []

    # The publisher releases update 1.1: the entry added since 1.0 is in both
    # views.
    update = Edition.objects.create(label="1.1", kind=EditionKind.UPDATE)
    with django_capture_on_commit_callbacks(execute=True):
        editions.release(actor=user("publisher@example.org"), edition=update)
    (message,) = mailoutbox
    assert message.to == [demo_story.FOLLOWER]
    added = PracticeEntry.objects.get(title=demo_story.ADDED_LATER)
    text = message.body
    assert text.count(added.title) == 2, text
    assert all(alert.label in text for alert in saved)
    assert message.extra_headers["List-Unsubscribe"].startswith(
        f"<{site_url('/contribute/alerts/stop/')}"
    )


def test_the_open_round_on_1_1_pre_waits_for_ghana_and_denmark(client):
    seed()
    round = FeedbackRound.objects.get(edition__label="1.1-pre")
    assert round.is_open()
    assert round.closes_at - timezone.now() > timedelta(weeks=2)
    assert {"Ghana", "Denmark"} <= participants(round)
    first = Edition.objects.get(label="1.0")
    added = PracticeEntry.objects.get(title=demo_story.ADDED_LATER).reference
    assert set(round.edition.rows.values_list("reference", flat=True)) == set(
        first.rows.values_list("reference", flat=True)
    ) | {added}
    # Neither has read it yet: it waits for them.
    assert not round.participations.filter(
        organisation__name__in=["Ghana", "Denmark"], first_read_at__isnull=False
    ).exists()

    url = reverse("review:round", args=[round.pk])
    for email in ["focal.ghana@example.org", "focal.denmark@example.org"]:
        client.force_login(user(email))
        assert f'href="{url}"' in client.get("/contribute/").content.decode(), email
        listed = client.get("/contribute/rounds/").content.decode()
        assert f'href="{url}"' in listed and escape(round.title) in listed
        assert client.get(url).status_code == 200

    # An organisation outside the round neither sees it nor opens it.
    client.force_login(user("focal.ecowas@example.org"))
    assert f'href="{url}"' not in client.get("/contribute/rounds/").content.decode()
    assert client.get(url).status_code == 404


def old_review_seed(stdout, *, to_accept, synthetic):
    """What the review's part of seed_demo did before the story of the editions:
    accept and publish the demo entries, release 1.0."""
    reviewer, publisher = user("reviewer@example.org"), user("publisher@example.org")
    for entry in to_accept.filter(status=EntryStatus.SUBMITTED):
        review_services.decide(actor=reviewer, entry=entry, kind=DecisionKind.ACCEPT)
    for entry in to_accept.filter(status=EntryStatus.ACCEPTED):
        draft = publishing.publish(actor=publisher, entry=entry)
        draft.get_latest_revision().publish(user=publisher)
    edition = Edition.objects.create(
        label="1.0", title="First official version", kind=EditionKind.OFFICIAL
    )
    editions.release(actor=publisher, edition=edition)


def test_a_demo_database_from_before_the_story_keeps_its_1_0(client, monkeypatch):
    later = {demo_story.PROPOSED, demo_story.ADDED_LATER}
    monkeypatch.setattr(
        seed_demo_command,
        "ENTRIES",
        [spec for spec in DEMO_ENTRIES if spec["title"] not in later],
    )
    monkeypatch.setattr(demo_story, "seed", old_review_seed)
    seed()
    old = Edition.objects.get()
    rows = set(old.rows.values_list("reference", "revision_id"))
    monkeypatch.undo()

    out = seed()
    old.refresh_from_db()
    assert (old.label, old.status) == ("1.0", EditionStatus.RELEASED)
    assert set(old.rows.values_list("reference", "revision_id")) == rows
    assert Edition.objects.current() == old
    assert not Edition.objects.filter(label="2015-pre").exists()
    round = FeedbackRound.objects.get()
    assert round.edition.label == "1.1-pre" and round.is_open()
    assert {"Ghana", "Denmark"} <= participants(round)
    assert old.released_at < round.edition.shared_at <= timezone.now()
    assert (
        round.edition.rows.filter(
            title__in=[demo_story.PROPOSED, demo_story.ADDED_LATER]
        ).count()
        == 2
    )
    assert "1.1-pre shared and released" in out

    counts = demo_counts()
    seed()
    assert demo_counts() == counts
    client.force_login(user("focal.ghana@example.org"))
    url = reverse("review:round", args=[round.pk])
    assert f'href="{url}"' in client.get("/contribute/rounds/").content.decode()


# The PDF of every released edition, and links to the site's own address ---------


def test_every_released_demo_edition_has_its_pdf_to_download(client):
    seed()
    out = StringIO()
    call_command("render_edition_pdf", "--missing", stdout=out)
    released = Edition.objects.released()
    assert set(released.values_list("label", flat=True)) == {
        "2015-pre",
        "1.0",
        "1.1-pre",
    }
    for edition in released:
        assert f"Edition {edition.label}: " in out.getvalue()
        for made in EditionPdf.objects.filter(edition=edition):
            assert made.file.storage.exists(made.file.name)
    # The demo's entries are translated into French, Spanish and Arabic: the
    # editions released after those translations are offered in them.
    assert pdf.languages_of(Edition.objects.get(label="1.0")) == [
        "en",
        "fr",
        "es",
        "ar",
    ]
    assert "Edition 1.0 (ar): " in out.getvalue()

    def download(label):
        response = client.get(f"/compendium/editions/{label}/download.pdf")
        if response.status_code == 200:
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content).startswith(b"%PDF")
        return response.status_code

    assert download("1.0") == 200
    assert client.get("/ar/compendium/editions/1.0/download.pdf").status_code == 200
    assert download("2015-pre") == 404  # not for the public
    client.force_login(user("focal.ghana@example.org"))
    assert [download(label) for label in ["2015-pre", "1.0", "1.1-pre"]] == [200] * 3

    # Nothing is left to make; a stored file that went missing is made again.
    out = StringIO()
    call_command("render_edition_pdf", "--missing", stdout=out)
    assert out.getvalue().strip() == "Every released edition has its PDF."
    first = EditionPdf.objects.get(edition__label="1.0", language="en")
    first.file.storage.delete(first.file.name)
    out = StringIO()
    call_command("render_edition_pdf", "--missing", stdout=out)
    assert out.getvalue().startswith("Edition 1.0: ")
    assert download("1.0") == 200


def test_render_missing_names_each_edition_it_could_not_make(settings, publisher):
    settings.COMPENDIUM_PDF_MEMORY_LIMIT_MB = 40
    publish_entry()
    release_edition(publisher, "1.0")
    errors = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "render_edition_pdf", "--missing", stdout=StringIO(), stderr=errors
        )
    # The reason, as the renderer gave it (out of memory, or stopped by a signal).
    assert errors.getvalue().startswith("Edition 1.0: Making the PDF ")
    assert "40 MB" in errors.getvalue()
    message = str(refused.value)
    assert "(1.0)" in message and "503" in message
    assert "render_edition_pdf 1.0" in message


def test_links_in_pdfs_and_e_mails_use_the_site_address(settings, publisher, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8101"
    publish_entry()
    edition = release_edition(publisher, "1.0")
    pdf.write_documents(edition, tmp_path)
    front = (tmp_path / "front.html").read_text()
    assert "http://127.0.0.1:8101/compendium/editions/1.0/" in front
    assert "testserver" not in front
    assert site_url("/contribute/") == "http://127.0.0.1:8101/contribute/"


def test_the_site_address_comes_from_site_url():
    environment = {
        **os.environ,
        "SITE_URL": "http://127.0.0.1:8101",
        "DJANGO_SETTINGS_MODULE": "compendium.settings.dev",
    }
    finished = subprocess.run(  # noqa: S603 our own interpreter and settings
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.WAGTAILADMIN_BASE_URL)",
        ],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert finished.stdout.strip() == "http://127.0.0.1:8101"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    ("arguments", "environment", "expected"),
    [
        (["PORT=8101"], {}, "http://127.0.0.1:8101"),
        ([], {}, "http://127.0.0.1:8000"),
        (
            ["PORT=8101"],
            {"SITE_URL": "https://r2p.example.org"},
            "https://r2p.example.org",
        ),
    ],
)
def test_make_run_gives_every_step_the_address_it_serves(
    tmp_path, arguments, environment, expected
):
    """`make run` with a stand-in for the virtualenv's Python that writes down
    the SITE_URL each step sees."""
    venv, calls = tmp_path / "venv", tmp_path / "calls"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(f'#!/bin/sh\necho "$SITE_URL $*" >> {calls}\n')
    python.chmod(0o755)
    (venv / ".runtime").touch()  # newer than requirements.txt: nothing to install
    settled = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    subprocess.run(  # noqa: S603 the project's own Makefile
        [shutil.which("make"), "-s", "run", f"VENV={venv}", *arguments],
        cwd=django_settings.BASE_DIR,
        env={**settled, **environment},
        capture_output=True,
        check=True,
    )
    port = "8101" if arguments else "8000"
    assert calls.read_text().splitlines() == [
        # The translations, compiled before anything reads them.
        f"{expected} manage.py compilemessages"
        " --ignore=.venv --ignore=node_modules -v0",
        f"{expected} manage.py migrate --no-input",
        f"{expected} manage.py seed_demo",
        f"{expected} manage.py render_edition_pdf --missing",
        f"{expected} manage.py runserver 127.0.0.1:{port}",
    ]
