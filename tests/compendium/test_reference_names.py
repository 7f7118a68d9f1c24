"""Reference data named in the six official languages and sorted by each
language's collation."""

import pytest
from django.utils import translation

from compendium import classification, localized
from compendium.choices import OrganisationKind
from compendium.models import Country, Region, SecretaryGeneralReport

OTHER = ["fr", "es", "ar", "ru", "zh-hans"]

# The Secretary-General's reports whose official titles in these languages the
# data files do not give yet; they show the English title.
REPORT_TITLES_IN_ENGLISH = {
    "ar": {"A/64/864", "A/65/877", "A/66/874", "A/67/929", "A/68/947", "A/69/981"},
    "ru": {"A/64/864", "A/65/877", "A/66/874", "A/67/929", "A/68/947", "A/69/981"},
    "zh-hans": {
        "A/64/864",
        "A/65/877",
        "A/66/874",
        "A/67/929",
        "A/68/947",
        "A/69/981",
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("facet", classification.facets(), ids=lambda f: f.field)
def test_every_term_of_every_list_is_named_in_all_six_languages(facet):
    terms = list(facet.model.objects.all())
    assert terms
    for term in terms:
        for language in OTHER:
            code = getattr(term, facet.code)
            if code in REPORT_TITLES_IN_ENGLISH.get(language, ()):
                assert term.name_in(language) == term.title
                continue
            assert term.names.get(language), (facet.field, code, language)


@pytest.mark.django_db
def test_all_195_states_have_their_un_short_names():
    assert Country.objects.count() == 195
    bolivia = Country.objects.get(iso3="BOL")
    assert bolivia.name_in("fr") == "Bolivie (État plurinational de)"
    assert bolivia.name_in("es") == "Bolivia (Estado Plurinacional de)"
    assert bolivia.name_in("ru") == "Боливия (Многонациональное Государство)"
    assert bolivia.name_in("zh-hans") == "多民族玻利维亚国"
    assert Country.objects.get(iso3="GBR").name_in("zh-hans") == (
        "大不列颠及北爱尔兰联合王国"
    )
    assert Country.objects.get(iso3="VAT").name_in("fr") == "Saint-Siège"


@pytest.mark.django_db
def test_regions_carry_their_m49_names():
    assert Region.objects.get(code="202").name_in("fr") == "Afrique subsaharienne"
    assert Region.objects.get(code="030").name_in("zh-hans") == "东亚"


def test_organisation_kinds_are_named_in_all_six_languages():
    for kind in OrganisationKind:
        for language in OTHER:
            assert localized.kind_name(kind, language) != str(kind.label), (
                kind,
                language,
            )
    assert localized.kind_name(OrganisationKind.MEMBER_STATE, "fr") == "État Membre"


@pytest.mark.django_db
def test_name_follows_the_active_language_and_falls_back_to_english():
    china = Country.objects.get(iso3="CHN")
    with translation.override("ru"):
        assert localized.name(china) == "Китай"
    with translation.override("zh-hans"):
        assert localized.name(china) == "中国"
    with translation.override("en"):
        assert localized.name(china) == "China"
    report = SecretaryGeneralReport.objects.get(symbol="A/69/981")
    with translation.override("ar"):
        assert localized.name(report) == report.title
    with translation.override("fr"):
        assert localized.name(report).startswith("Un engagement vital")


@pytest.mark.django_db
def test_chinese_lists_states_in_pinyin_order_not_english_order():
    countries = Country.objects.filter(iso3__in=["CHN", "AFG", "ZMB", "BRA", "DEU"])
    english = [country.iso3 for country in localized.by_name(countries, "en")]
    assert english == ["AFG", "BRA", "CHN", "DEU", "ZMB"]
    with translation.override("zh-hans"):
        # 阿富汗 ā, 巴西 bā, 德国 dé, 赞比亚 zàn, 中国 zhōng
        chinese = [country.iso3 for country in localized.by_name(countries)]
    assert chinese == ["AFG", "BRA", "DEU", "ZMB", "CHN"]


@pytest.mark.django_db
def test_russian_and_arabic_lists_follow_their_own_alphabets():
    countries = Country.objects.filter(iso3__in=["DEU", "JPN", "AUT", "EGY", "CHN"])
    with translation.override("ru"):
        # Австрия, Германия, Египет, Китай, Япония
        russian = [country.iso3 for country in localized.by_name(countries)]
    assert russian == ["AUT", "DEU", "EGY", "CHN", "JPN"]
    with translation.override("ar"):
        arabic = [country.iso3 for country in localized.by_name(countries)]
    # ألمانيا (Germany) before النمسا (Austria), unlike English; Japan (اليابان)
    # and China (الصين) sort by their Arabic letters.
    assert arabic.index("DEU") < arabic.index("AUT")
    assert arabic == sorted(
        arabic,
        key=lambda iso3: localized.sort_key("ar")(
            Country.objects.get(iso3=iso3).names["ar"]
        ),
    )


def test_language_codes_from_headers_map_to_the_six():
    assert localized.language_of("fr-CA") == "fr"
    assert localized.language_of("zh-CN") == "zh-hans"
    assert localized.language_of("zh_Hans") == "zh-hans"
    assert localized.language_of("de") is None
