"""Addresses no dialogue, organisation or speaker can have are not found,
never an error."""

import pytest

from .factories import dialogue

pytestmark = pytest.mark.django_db

HUGE = "9" * 23


def test_years_no_date_has_are_not_found(client):
    dialogue()
    for url in (
        "/dialogues/99999999/",
        "/dialogues/0/",
        "/dialogues/99999999/room/",
        "/dialogues/99999999/room/state/",
        f"/dialogues/{HUGE}/",
    ):
        assert client.get(url).status_code == 404, url


def test_ids_no_row_can_have_are_not_found(client, focal_point, reviewer, ghana):
    made = dialogue()
    client.force_login(focal_point)
    for url in (
        f"/contribute/dialogues/{made.pk}/organisations/{HUGE}/",
        f"/contribute/dialogues/{HUGE}/organisations/{ghana.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(reviewer)
    assert client.get(f"/admin/dialogues_admin/{HUGE}/moderator/").status_code == 404
    response = client.post(
        f"/admin/dialogues_admin/{made.pk}/moderator/{HUGE}/", {"action": "spoke"}
    )
    assert response.status_code == 404
