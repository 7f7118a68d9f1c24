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


# Descriptions in the six languages ---------------------------------------------


def pillar_form(pillar, **changes):
    data = {
        "name": pillar.name,
        "description": pillar.description,
        "sort_order": pillar.sort_order,
    }
    for field, language in [
        ("name_fr", "fr"),
        ("name_es", "es"),
        ("name_ar", "ar"),
        ("name_ru", "ru"),
        ("name_zh_hans", "zh-hans"),
    ]:
        data[field] = pillar.names.get(language, "")
        data[field.replace("name_", "description_")] = pillar.descriptions.get(
            language, ""
        )
    data.update(changes)
    return data


def test_the_office_edits_a_pillars_descriptions_in_each_language(
    client, administrator
):
    pillar = Pillar.objects.get(code="II")
    spanish = pillar.descriptions["es"]
    client.force_login(administrator)
    form = client.get(f"/admin/pillars/edit/{pillar.pk}/").content.decode()
    for field in ["description_fr", "description_es", "description_ar"]:
        assert f'name="{field}"' in form
    assert 'name="description_zh_hans"' in form
    assert spanish.split()[0] in form
    response = client.post(
        f"/admin/pillars/edit/{pillar.pk}/",
        pillar_form(
            pillar,
            description_fr="  L'assistance internationale aux États.  ",
            description_ar="",
        ),
    )
    assert response.status_code == 302
    pillar.refresh_from_db()
    assert pillar.descriptions["fr"] == "L'assistance internationale aux États."
    assert pillar.descriptions["es"] == spanish
    # Left empty, Arabic reads the English description.
    assert "ar" not in pillar.descriptions
    french_home = client.get("/fr/").content.decode()
    assert "L&#x27;assistance internationale aux États." in french_home
    arabic_home = client.get("/ar/").content.decode()
    assert pillar.description in arabic_home


def test_a_description_too_long_or_holding_a_control_character_is_refused(
    client, administrator
):
    pillar = Pillar.objects.get(code="II")
    before = dict(pillar.descriptions)
    client.force_login(administrator)
    response = client.post(
        f"/admin/pillars/edit/{pillar.pk}/",
        pillar_form(pillar, description_ru="слово " * 400),
    )
    assert response.status_code == 200
    assert "A description is at most 2000 characters long" in response.text
    response = client.post(
        f"/admin/pillars/edit/{pillar.pk}/",
        pillar_form(pillar, description_fr="Aide\x07 internationale"),
    )
    assert response.status_code == 200
    assert "invisible control character (U+0007)" in response.text
    pillar.refresh_from_db()
    assert pillar.descriptions == before


def test_an_edit_sent_without_the_descriptions_keeps_them(client, administrator):
    pillar = Pillar.objects.get(code="I")
    before = dict(pillar.descriptions)
    client.force_login(administrator)
    response = client.post(
        f"/admin/pillars/edit/{pillar.pk}/",
        {
            "name": pillar.name,
            "description": pillar.description,
            "sort_order": pillar.sort_order,
        },
    )
    assert response.status_code == 302
    pillar.refresh_from_db()
    assert pillar.descriptions == before


def test_a_new_practice_area_takes_its_descriptions(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/practice_areas/new/",
        {
            "code": "arms-trade",
            "name": "Arms trade controls",
            "description": "Controls on transfers of arms.",
            "description_es": "Controles de las transferencias de armas.",
            "sort_order": 99,
        },
    )
    assert response.status_code == 302
    area = PracticeArea.objects.get(code="arms-trade")
    assert area.descriptions == {"es": "Controles de las transferencias de armas."}
