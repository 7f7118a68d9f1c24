"""seed_demo: idempotent demo data with working sign-ins for every role, and
synthetic entries in volume with --entries."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from reversion.models import Version

from contributions import services as contribution_services
from contributions import synthetic
from contributions import versions as contribution_versions
from contributions.choices import EntryAction, EntryStatus, OrganisationKind
from contributions.models import Membership, Organisation, PracticeEntry, User
from review.choices import OPEN_FOR_COMMENTS, UNDER_THE_OFFICE
from review.models import Assignment
from tests.contributions.factories import MembershipFactory, create_entry, edit_entry
from tests.contributions.recorded_versions import assert_recorded_as_reversion_would

pytestmark = pytest.mark.django_db


def seed(*args):
    from io import StringIO

    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_is_idempotent_and_prints_the_sign_ins():
    first = seed()
    counts = (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    )
    second = seed()
    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    )

    def sign_ins(output):
        lines = output.splitlines()
        return lines[
            : next(
                i for i, line in enumerate(lines) if line.startswith("Demo practice")
            )
        ]

    assert sign_ins(first) == sign_ins(second)
    assert "Demo edition 1.0 released" in first
    assert "released" not in second  # the demo edition is made once
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
    assert PracticeEntry.objects.count() == 6
    assert "Synthetic" not in out


def test_entries_adds_classified_entries_at_version_one_in_mixed_states(mailoutbox):
    out = seed("--entries", "30")
    entries = list(
        synthetic_entries()
        .prefetch_related("pillars", "priorities", "sources")
        .select_related("organisation")
    )
    assert len(entries) == 30
    assert "Synthetic practice entries: 30 added (CP-0007 to CP-0036)" in out
    for entry in entries:
        assert entry.version_number == 1
        assert 1 <= len(entry.pillars.all()) <= 2
        assert 1 <= len(entry.priorities.all()) <= 3
        assert 2005 <= entry.start_year <= 2026
        assert len(entry.summary) <= 1000
        assert 60 <= len(f"{entry.summary} {entry.description}".split())
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
    assert references == [f"CP-{number:04d}" for number in range(7, 37)]
    # An entry written through the portal afterwards takes the next number.
    assert create_entry(contributor, ghana).reference == "CP-0037"

    seed("--entries", "5")
    assert synthetic_entries().count() == 35
    assert PracticeEntry.objects.count() == 6 + 35 + 1
    assert synthetic_entries().last().reference == "CP-0042"
    assert create_entry(contributor, ghana).reference == "CP-0043"


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


def test_seed_demo_publishes_a_first_edition(client):
    from compendium.models import CompendiumEntry, Edition

    seed()
    seed()
    assert Edition.objects.count() == 1
    edition = Edition.objects.get()
    assert (edition.label, edition.status) == ("1.0", "released")
    assert set(CompendiumEntry.objects.values_list("title", flat=True)) == {
        "National focal point for the responsibility to protect",
        "Atrocity Alert",
    }
    body = client.get("/compendium/").content.decode()
    assert "Atrocity Alert" in body


def test_seed_demo_sends_no_e_mail():
    from django.core import mail

    seed()
    assert mail.outbox == []
