"""seed_demo: idempotent demo data with working sign-ins for every role."""

import pytest
from django.core.management import call_command

from contributions.choices import OrganisationKind
from contributions.models import Membership, Organisation, PracticeEntry, User

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
    assert first.splitlines()[:-1] == second.splitlines()[:-1]
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
