"""seed_demo: idempotent demo data with working sign-ins for every role."""

import pytest
from django.core.management import call_command

from contributions.choices import OrganisationKind
from contributions.models import Membership, Organisation, User

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
    assert first == second
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


@pytest.mark.parametrize(
    "email, landing",
    [
        ("admin@example.org", "/admin/"),
        ("reviewer@example.org", "/admin/"),
        ("publisher@example.org", "/admin/"),
        ("focal.ghana@example.org", "/contribute/"),
        ("contributor.au@example.org", "/contribute/"),
        ("observer.eu@example.org", "/contribute/"),
    ],
)
def test_demo_sign_ins_work_with_the_chosen_password(client, email, landing):
    seed("--password", "another-demo-password")
    response = client.post(
        "/accounts/login/", {"username": email, "password": "another-demo-password"}
    )
    assert response.status_code == 302
    assert response["Location"] == landing
    assert client.get(landing).status_code == 200
