"""The header of an entry in the portal credits each version to whoever wrote
it, and the last change of status to whoever made it."""

import pytest
from bs4 import BeautifulSoup

from contributions import services
from tests.contributions.factories import MembershipFactory, create_entry, edit_entry

pytestmark = pytest.mark.django_db


def page(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_the_header_credits_the_versions_author_and_the_submitter_apart(client, ghana):
    abena = MembershipFactory(
        organisation=ghana, user__first_name="Abena", user__last_name="Owusu"
    ).user
    kwame = MembershipFactory(
        organisation=ghana,
        focal_point=True,
        user__first_name="Kwame",
        user__last_name="Mensah",
    ).user
    entry = create_entry(abena, ghana)
    entry = edit_entry(abena, entry, summary="Meets every week now.")
    services.mark_ready(actor=abena, entry=entry)
    client.force_login(abena)
    html = page(client.get(f"/contribute/entries/{entry.reference}/"))
    assert html.select_one("[data-version-credit]").text.startswith(
        "Version 2 by Abena Owusu, "
    )
    assert html.select_one("[data-state-credit]").text.startswith(
        "Marked ready for focal point by Abena Owusu, "
    )

    services.submit(actor=kwame, entry=entry)
    for reader in (abena, kwame):
        client.force_login(reader)
        html = page(client.get(f"/contribute/entries/{entry.reference}/"))
        version = html.select_one("[data-version-credit]").text
        assert version.startswith("Version 2 by Abena Owusu, ")
        assert "Kwame" not in version
        assert html.select_one("[data-state-credit]").text.startswith(
            "Submitted to the Office by Kwame Mensah, "
        )


def test_a_version_the_focal_point_writes_is_credited_to_them(client, ghana):
    abena = MembershipFactory(
        organisation=ghana, user__first_name="Abena", user__last_name="Owusu"
    ).user
    kwame = MembershipFactory(
        organisation=ghana,
        focal_point=True,
        user__first_name="Kwame",
        user__last_name="Mensah",
    ).user
    entry = create_entry(abena, ghana)
    edit_entry(kwame, entry, title="National committee (renamed)")
    client.force_login(abena)
    html = page(client.get(f"/contribute/entries/{entry.reference}/"))
    assert html.select_one("[data-version-credit]").text.startswith(
        "Version 2 by Kwame Mensah, "
    )
    assert html.select_one("[data-state-credit]") is None
