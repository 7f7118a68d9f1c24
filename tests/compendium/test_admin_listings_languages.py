"""The Office's listings of the taxonomy, the States and the organisations in
the language each person reads the admin in: names in that language, found by
them, sorted by its collation."""

import re
from html import escape

import pytest
from wagtail.users.models import UserProfile

from accounts.models import OrganisationName
from compendium import localized
from compendium.models import Country, PracticeArea, Priority
from tests.contributions.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads_admin_in(client, administrator):
    def sign_in(language):
        UserProfile.objects.update_or_create(
            user=administrator, defaults={"preferred_language": language}
        )
        client.force_login(administrator)
        return client

    return sign_in


def positions(body, names):
    """Where each of `names` first shows in `body` as a listing's title, its
    link to the edit form (-1 where it does not)."""
    found = [
        re.search(rf">\s*{re.escape(escape(name))}\s*</a>", body) for name in names
    ]
    return [match.start() if match else -1 for match in found]


def in_page_order(body, names):
    """`names` in the order the listing's table shows them."""
    body = body[body.index("<tbody") :]
    found = positions(body, names)
    assert -1 not in found, dict(zip(names, found, strict=True))
    return [name for _place, name in sorted(zip(found, names, strict=True))]


@pytest.mark.parametrize("language", ["fr", "ar", "zh-hans"])
def test_the_taxonomy_listing_names_terms_in_the_admins_language(
    reads_admin_in, language
):
    client = reads_admin_in(language)
    body = client.get("/admin/priorities/").text
    for priority in Priority.objects.all():
        assert escape(priority.names[language]) in body
    assert "Elevating prevention" not in body
    body = client.get("/admin/practice_areas/").text
    area = PracticeArea.objects.get(code="national-mechanism")
    assert escape(area.names[language]) in body
    assert area.name not in body


def test_an_english_reader_sees_the_english_names(reads_admin_in):
    body = reads_admin_in("en").get("/admin/priorities/").text
    assert "Elevating prevention" in body
    assert "Donner plus d&#x27;importance à la prévention" not in body


@pytest.mark.parametrize(
    "query",
    [
        "Prévention des atrocités",
        "atrocites",
        "منع الجرائم",
        "防止暴行",
        "ПРЕДУПРЕЖДЕНИЯ",
    ],
)
def test_the_taxonomy_search_finds_a_term_by_its_name_in_any_language(
    reads_admin_in, query
):
    client = reads_admin_in("fr")
    body = client.get("/admin/practice_areas/", {"q": query}).text
    assert "Mécanisme national de prévention des atrocités criminelles" in body
    assert "Alerte rapide" not in body
    assert PracticeArea.objects.filter(code="early-warning").exists()


def test_a_search_in_another_language_finds_nothing_it_should_not(reads_admin_in):
    client = reads_admin_in("fr")
    response = client.get("/admin/practice_areas/", {"q": "atrocités Ghana"})
    assert response.status_code == 200
    assert "Mécanisme national de prévention" not in response.text


@pytest.mark.parametrize("language", ["ru", "zh-hans", "ar", "fr"])
def test_countries_sorted_by_name_follow_the_languages_collation(
    reads_admin_in, language
):
    client = reads_admin_in(language)
    body = client.get("/admin/countries/", {"ordering": "name", **CIVIL}).text
    expected = [
        country.names[language]
        for country in localized.by_name(Country.objects.all(), language)
    ]
    english_order = [
        country.names[language] for country in Country.objects.order_by("name")
    ]
    assert expected[:20] != english_order[:20]
    first = expected[:20]
    assert in_page_order(body, first) == first
    backwards = client.get("/admin/countries/", {"ordering": "-name"}).text
    last = expected[-20:][::-1]
    assert in_page_order(backwards, last) == last


def test_countries_in_russian_and_chinese_start_where_their_alphabets_do(
    reads_admin_in,
):
    russian = reads_admin_in("ru").get("/admin/countries/").text
    assert in_page_order(russian, ["Австралия", "Австрия", "Азербайджан"]) == [
        "Австралия",
        "Австрия",
        "Азербайджан",
    ]
    chinese = reads_admin_in("zh-hans").get("/admin/countries/").text
    assert "阿富汗" in chinese
    assert "中国" not in chinese


CIVIL = {"kind": "civil-society"}


@pytest.fixture
def organisations():
    names = {
        "Zonal Peace Forum": {"fr": "Forum zonal pour la paix", "ar": "منتدى السلام"},
        "Alliance for Atrocity Prevention": {
            "fr": "Réseau pour la prévention des atrocités",
            "ar": "تحالف منع الفظائع",
        },
        "Monitoring Network": {"fr": "Alliance de surveillance"},
    }
    made = {}
    for english, others in names.items():
        organisation = OrganisationFactory(name=english)
        for language, name in others.items():
            OrganisationName.objects.create(
                organisation=organisation, language=language, name=name
            )
        made[english] = organisation
    return made


def test_the_organisations_listing_names_and_sorts_them_in_the_admins_language(
    reads_admin_in, organisations
):
    client = reads_admin_in("fr")
    body = client.get("/admin/organisations/", {"ordering": "name", **CIVIL}).text
    assert in_page_order(
        body,
        [
            "Réseau pour la prévention des atrocités",
            "Forum zonal pour la paix",
            "Alliance de surveillance",
        ],
    ) == [
        "Alliance de surveillance",
        "Forum zonal pour la paix",
        "Réseau pour la prévention des atrocités",
    ]
    assert positions(body, ["Zonal Peace Forum"]) == [-1]
    english = reads_admin_in("en").get(
        "/admin/organisations/", {"ordering": "name", **CIVIL}
    )
    assert in_page_order(
        english.text,
        ["Zonal Peace Forum", "Monitoring Network", "Alliance for Atrocity Prevention"],
    ) == ["Alliance for Atrocity Prevention", "Monitoring Network", "Zonal Peace Forum"]
    # Without a name in Arabic, the registered name.
    arabic = reads_admin_in("ar").get("/admin/organisations/", CIVIL).text
    assert "منتدى السلام" in arabic
    assert "Monitoring Network" in arabic


def test_the_organisations_search_finds_their_names_in_other_languages(
    reads_admin_in, organisations
):
    client = reads_admin_in("fr")
    body = client.get("/admin/organisations/", {"q": "prevention des atrocites"}).text
    assert "Réseau pour la prévention des atrocités" in body
    assert "Forum zonal" not in body
    arabic = client.get("/admin/organisations/", {"q": "الفظائع"}).text
    assert "Réseau pour la prévention des atrocités" in arabic
    assert "Alliance de surveillance" not in arabic


def test_the_organisations_listing_reads_their_names_in_few_queries(
    reads_admin_in, organisations, django_assert_max_num_queries
):
    client = reads_admin_in("fr")
    client.get("/admin/organisations/")
    for number in range(20):
        OrganisationFactory(name=f"Further network {number}")
    with django_assert_max_num_queries(60) as captured:
        client.get("/admin/organisations/", {"ordering": "name", **CIVIL})
    translations = [
        query
        for query in captured.captured_queries
        if re.search(r"accounts_organisationname\b", query["sql"])
    ]
    assert len(translations) <= 2
