"""Organisations: States have exactly one each; other kinds have none."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Organisation
from compendium.choices import OrganisationKind
from compendium.models import Country

pytestmark = pytest.mark.django_db


def test_a_state_organisation_needs_its_country():
    organisation = Organisation(name="Somewhere", kind=OrganisationKind.MEMBER_STATE)
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "Choose the State" in str(error.value.message_dict["country"])


def test_one_organisation_per_state():
    duplicate = Organisation(
        name="Ghana Mission",
        kind=OrganisationKind.MEMBER_STATE,
        country=Country.objects.get(iso3="GHA"),
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "country" in error.value.message_dict


def test_member_state_kind_must_match_the_countrys_un_status():
    holy_see = Country.objects.get(iso3="VAT")
    Organisation.objects.filter(country=holy_see).delete()
    organisation = Organisation(
        name="Holy See as member", kind=OrganisationKind.MEMBER_STATE, country=holy_see
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "is not a Member State" in str(error.value.message_dict["country"])


def test_other_kinds_have_no_country():
    organisation = Organisation(
        name="A network",
        kind=OrganisationKind.CIVIL_SOCIETY,
        country=Country.objects.get(iso3="FRA"),
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "Only Member States" in str(error.value.message_dict["country"])


def test_the_database_refuses_a_state_without_a_country_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Nowhere", kind=OrganisationKind.MEMBER_STATE)


def test_administrator_creates_a_regional_organisation_in_the_admin(
    client, administrator
):
    client.force_login(administrator)
    response = client.post(
        "/admin/organisations/new/",
        {
            "name": "Central American Integration System",
            "short_name": "SICA",
            "kind": OrganisationKind.SUB_REGIONAL,
            "website": "https://www.sica.int",
            "active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "name_translations-TOTAL_FORMS": "0",
            "name_translations-INITIAL_FORMS": "0",
            "name_translations-MIN_NUM_FORMS": "0",
            "name_translations-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organisation.objects.get(short_name="SICA").kind == "sub-regional"


def test_admin_shows_the_state_rule_as_a_form_error(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/organisations/new/",
        {
            "name": "A State without a country",
            "kind": OrganisationKind.MEMBER_STATE,
            "active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "name_translations-TOTAL_FORMS": "0",
            "name_translations-INITIAL_FORMS": "0",
            "name_translations-MIN_NUM_FORMS": "0",
            "name_translations-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "Choose the State this organisation represents." in (
        response.content.decode()
    )
    assert not Organisation.objects.filter(name="A State without a country").exists()


@pytest.mark.parametrize("role", ["reviewer", "publisher"])
def test_only_administrators_create_organisations(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        "/admin/organisations/new/",
        {"name": "Forged", "kind": OrganisationKind.CIVIL_SOCIETY},
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Organisation.objects.filter(name="Forged").exists()


def test_reviewers_can_read_the_organisation_list(client, reviewer):
    client.force_login(reviewer)
    response = client.get("/admin/organisations/?q=Ghana")
    assert response.status_code == 200
    assert "Ghana" in response.content.decode()


def test_the_office_gives_an_organisation_its_name_in_other_languages(
    client, administrator
):
    client.force_login(administrator)
    response = client.post(
        "/admin/organisations/new/",
        {
            "name": "Central American Integration System",
            "short_name": "SICA",
            "kind": OrganisationKind.SUB_REGIONAL,
            "active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "name_translations-TOTAL_FORMS": "2",
            "name_translations-INITIAL_FORMS": "0",
            "name_translations-MIN_NUM_FORMS": "0",
            "name_translations-MAX_NUM_FORMS": "1000",
            "name_translations-0-language": "es",
            "name_translations-0-name": "Sistema de la Integración Centroamericana",
            "name_translations-1-language": "fr",
            "name_translations-1-name": "Système d’intégration centraméricain",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(short_name="SICA")
    assert organisation.name_in("es") == "Sistema de la Integración Centroamericana"
    assert organisation.name_in("fr") == "Système d’intégration centraméricain"
    # No Arabic name yet: the name as registered.
    assert organisation.name_in("ar") == "Central American Integration System"
