"""The reference taxonomy shipped with every new database."""

import pytest

from accounts.models import Organisation
from compendium.choices import OrganisationKind, RegionKind, UNStatus
from compendium.models import (
    AtrocityCrime,
    Country,
    Pillar,
    PracticeArea,
    Priority,
    Region,
)

pytestmark = pytest.mark.django_db


def test_three_pillars_with_stable_codes():
    assert list(Pillar.objects.values_list("code", flat=True)) == ["I", "II", "III"]
    assert Pillar.objects.get(code="I").name == (
        "The protection responsibilities of the State"
    )
    assert Pillar.objects.get(code="III").name == (
        "Timely and decisive collective response"
    )


def test_six_priorities_in_the_order_of_the_2015_report():
    names = list(Priority.objects.values_list("name", flat=True))
    assert len(names) == 6
    assert names[0].startswith("Signalling political commitment")
    assert names[1] == "Elevating prevention"
    assert names[3] == "Addressing the risk of recurrence"
    assert names[4] == "Enhancing regional action"
    assert "genocide prevention" in names[5]


def test_four_atrocity_crimes():
    assert set(AtrocityCrime.objects.values_list("code", flat=True)) == {
        "genocide",
        "war-crimes",
        "ethnic-cleansing",
        "crimes-against-humanity",
    }


def test_practice_areas_start_with_twelve_to_twenty_kinds_of_measure():
    codes = set(PracticeArea.objects.values_list("code", flat=True))
    assert 12 <= len(codes) <= 20
    assert {"early-warning", "domestic-legislation", "mediation"} <= codes


def test_exactly_193_member_states_and_2_observer_states():
    assert Country.objects.filter(un_status=UNStatus.MEMBER).count() == 193
    observers = Country.objects.filter(un_status=UNStatus.OBSERVER)
    assert sorted(observers.values_list("name", flat=True)) == [
        "Holy See",
        "State of Palestine",
    ]
    assert Country.objects.count() == 195


@pytest.mark.parametrize("iso2", ["XK", "TW", "PR", "HK", "EH", "GL"])
def test_no_territories_or_non_members(iso2):
    assert not Country.objects.filter(iso2=iso2).exists()


def test_country_codes_are_well_formed():
    for country in Country.objects.all():
        assert len(country.iso2) == 2 and country.iso2.isupper(), country
        assert len(country.iso3) == 3 and country.iso3.isupper(), country
        assert len(country.m49) == 3 and country.m49.isdigit(), country


@pytest.mark.parametrize(
    "iso3, m49, region, sub_region, intermediate",
    [
        ("GHA", "288", "Africa", "Sub-Saharan Africa", "Western Africa"),
        (
            "MEX",
            "484",
            "Americas",
            "Latin America and the Caribbean",
            "Central America",
        ),
        ("CAN", "124", "Americas", "Northern America", None),
        ("TUR", "792", "Asia", "Western Asia", None),
        ("RUS", "643", "Europe", "Eastern Europe", None),
        ("FJI", "242", "Oceania", "Melanesia", None),
        ("VAT", "336", "Europe", "Southern Europe", None),
        ("PSE", "275", "Asia", "Western Asia", None),
    ],
)
def test_countries_sit_in_their_m49_region(iso3, m49, region, sub_region, intermediate):
    country = Country.objects.get(iso3=iso3)
    assert country.m49 == m49
    assert country.region.name == region
    assert country.sub_region.name == sub_region
    assert (
        country.intermediate_region.name if country.intermediate_region else None
    ) == intermediate


def test_region_hierarchy_is_consistent():
    assert Region.objects.filter(kind=RegionKind.REGION).count() == 5
    for country in Country.objects.select_related(
        "region", "sub_region", "intermediate_region"
    ):
        assert country.region.kind == RegionKind.REGION
        assert country.sub_region.parent_id == country.region_id
        if country.intermediate_region:
            assert country.intermediate_region.parent_id == country.sub_region_id


def test_every_state_has_its_organisation_from_the_start():
    assert (
        Organisation.objects.filter(kind=OrganisationKind.MEMBER_STATE).count() == 193
    )
    assert (
        Organisation.objects.filter(kind=OrganisationKind.OBSERVER_STATE).count() == 2
    )
    assert not Country.objects.filter(organisation__isnull=True).exists()
    ghana = Organisation.objects.get(country__iso3="GHA")
    assert ghana.name == "Ghana"
    assert set(ghana.regions.values_list("name", flat=True)) == {
        "Africa",
        "Sub-Saharan Africa",
    }
