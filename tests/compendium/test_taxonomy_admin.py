"""Administrators edit labels and add practice areas in Wagtail; codes never change."""

import pytest

from compendium.models import Pillar, PracticeArea, Priority

pytestmark = pytest.mark.django_db

REFUSED = (302, "/admin/")


def refused(response):
    return (response.status_code, response.get("Location")) == REFUSED


def test_administrator_edits_a_pillar_label_but_not_its_code(client, administrator):
    pillar = Pillar.objects.get(code="II")
    client.force_login(administrator)
    response = client.post(
        f"/admin/pillars/edit/{pillar.pk}/",
        {
            "code": "forged",
            "name": "International assistance",
            "description": pillar.description,
            "sort_order": pillar.sort_order,
        },
    )
    assert response.status_code == 302
    pillar.refresh_from_db()
    assert pillar.name == "International assistance"
    assert pillar.code == "II"


def test_administrator_adds_a_practice_area(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/practice_areas/new/",
        {
            "code": "arms-trade",
            "name": "Arms trade controls",
            "description": "",
            "sort_order": 99,
        },
    )
    assert response.status_code == 302
    assert PracticeArea.objects.get(code="arms-trade").name == "Arms trade controls"


def test_a_duplicate_practice_area_code_is_refused_with_a_message(
    client, administrator
):
    client.force_login(administrator)
    response = client.post(
        "/admin/practice_areas/new/",
        {"code": "early-warning", "name": "Again", "description": "", "sort_order": 1},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_administrator_cannot_add_or_delete_pillars_or_priorities(
    client, administrator
):
    client.force_login(administrator)
    assert refused(
        client.post("/admin/pillars/new/", {"code": "IV", "name": "A fourth"})
    )
    priority = Priority.objects.get(code="1")
    assert refused(client.post(f"/admin/priorities/delete/{priority.pk}/"))
    assert Pillar.objects.count() == 3
    assert Priority.objects.count() == 6


@pytest.mark.parametrize("role", ["reviewer", "publisher"])
def test_other_staff_cannot_edit_the_taxonomy(client, request, role):
    pillar = Pillar.objects.get(code="I")
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        f"/admin/pillars/edit/{pillar.pk}/",
        {"code": "I", "name": "Changed", "description": "", "sort_order": 1},
    )
    assert refused(response)
    pillar.refresh_from_db()
    assert pillar.name != "Changed"


def test_country_codes_are_read_only_in_the_admin(client, administrator):
    from compendium.models import Country

    ghana = Country.objects.get(iso3="GHA")
    client.force_login(administrator)
    client.post(
        f"/admin/countries/edit/{ghana.pk}/",
        {"name": "Republic of Ghana", "iso2": "XX", "iso3": "XXX", "m49": "999"},
    )
    ghana.refresh_from_db()
    assert ghana.name == "Republic of Ghana"
    assert (ghana.iso2, ghana.iso3, ghana.m49) == ("GH", "GHA", "288")


def test_taxonomy_menu_lists_every_term_kind(client, administrator):
    client.force_login(administrator)
    response = client.get("/admin/countries/?q=ghana")
    assert response.status_code == 200
    assert "Ghana" in response.content.decode()
