"""Reference data named in the six official languages and sorted by each
language's collation."""

import importlib
import io
import re

import pytest
from django.apps import apps as django_apps
from django.utils import translation

from compendium import classification, localized
from compendium.choices import OrganisationKind
from compendium.models import Country, Region, SecretaryGeneralReport
from tests.compendium.factories import publish_entry, release_edition

OTHER = ["fr", "es", "ar", "ru", "zh-hans"]


@pytest.mark.django_db
@pytest.mark.parametrize("facet", classification.facets(), ids=lambda f: f.field)
def test_every_term_of_every_list_is_named_in_all_six_languages(facet):
    terms = list(facet.model.objects.all())
    assert terms
    for term in terms:
        for language in OTHER:
            code = getattr(term, facet.code)
            assert term.names.get(language), (facet.field, code, language)


# The reports' titles as the United Nations issued them in each language.
REPORT_TITLES = {
    "A/63/677": {"ar": "تنفيذ المسؤولية عن الحماية", "zh-hans": "履行保护责任"},
    "A/66/874": {
        "ru": "Обязанность по защите: своевременное и решительное реагирование",
        "zh-hans": "保护责任：及时果断的反应",
    },
    "A/69/981": {
        "ar": "التزام حيوي ودائم: تنفيذ المسؤولية عن الحماية",
        "zh-hans": "一项至关重要且持久的承诺：履行保护责任",
    },
}


@pytest.mark.django_db
def test_every_secretary_general_report_has_a_title_in_all_six_languages():
    reports = list(SecretaryGeneralReport.objects.all())
    assert len(reports) == 7
    for report in reports:
        titles = [report.name_in(language) for language in ["en", *OTHER]]
        # Six titles, none of them the English one but English's own.
        assert all(titles), report.symbol
        assert report.title not in titles[1:], report.symbol
        assert len(set(titles)) == 6, report.symbol
    for symbol, titles in REPORT_TITLES.items():
        report = SecretaryGeneralReport.objects.get(symbol=symbol)
        for language, title in titles.items():
            assert report.names[language] == title


def report_titles_migration():
    return importlib.import_module(
        "compendium.migrations.0025_report_titles_in_arabic_russian_chinese"
    )


@pytest.mark.django_db
def test_a_database_loaded_before_the_titles_gets_them_and_keeps_the_offices():
    migration = report_titles_migration()
    SecretaryGeneralReport.objects.update(names={})
    written = SecretaryGeneralReport.objects.get(symbol="A/67/929")
    written.names = {"ru": "Титул, написанный Канцелярией"}
    written.save()
    migration.add_titles(django_apps, None)
    for report in SecretaryGeneralReport.objects.exclude(symbol="A/63/677"):
        assert set(report.names) >= {"ar", "ru", "zh-hans"}, report.symbol
    written.refresh_from_db()
    assert written.names["ru"] == "Титул, написанный Канцелярией"
    assert written.names["ar"] == "المسؤولية عن الحماية: مسؤولية الدولة والمنع"
    # Undone, the titles it wrote go; the Office's stays.
    migration.remove_titles(django_apps, None)
    written.refresh_from_db()
    assert written.names == {"ru": "Титул, написанный Канцелярией"}
    assert SecretaryGeneralReport.objects.get(symbol="A/69/981").names == {}


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
    report.names.pop("ar")
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


# Where the names are shown ---------------------------------------------------


@pytest.fixture
def released(publisher):
    publish_entry(
        title="Early warning committee",
        pillars=["II"],
        countries=["CHN", "AFG", "ZMB"],
        reference="CP-0001",
    )
    publish_entry(
        title="Regional mediation support",
        pillars=["II"],
        contributor=("African Union", OrganisationKind.REGIONAL, None),
        reference="CP-0002",
    )
    return release_edition(publisher, "1.0")


@pytest.mark.django_db
def test_browse_facets_are_named_and_ordered_in_the_readers_language(client, released):
    body = client.get("/zh-hans/compendium/").content.decode()
    assert "II. 国际援助和能力建设" in body
    body_countries = re.findall(r'class="facet__label">([^<]+)</span>', body)
    # Equal counts: 阿富汗 (ā), 赞比亚 (zàn), 中国 (zhōng), in pinyin order.
    chinese = [name for name in body_countries if name in {"阿富汗", "赞比亚", "中国"}]
    assert chinese == ["阿富汗", "赞比亚", "中国"]
    assert "区域组织" in body_countries  # a regional organisation


@pytest.mark.django_db
def test_browse_counts_are_the_same_whatever_the_language(client, released):
    def counts(language):
        prefix = "" if language == "en" else f"/{language}"
        body = client.get(f"{prefix}/compendium/?pillar=II").content.decode()
        return re.findall(r'class="facet__count">(\d+)</span>', body)

    english = counts("en")
    assert english
    assert sorted(counts("ru")) == sorted(english)


@pytest.mark.django_db
def test_the_entry_page_names_its_classification_in_the_readers_language(
    client, released
):
    body = client.get("/fr/compendium/entries/CP-0001/").content.decode()
    assert "Assistance internationale et renforcement des capacités" in body
    assert "Chine" in body
    assert "Afghanistan" in body
    # The released edition itself keeps the English names.
    from compendium.models import EditionEntry

    content = EditionEntry.objects.get(reference="CP-0001").content
    assert ["CHN", "China"] in [list(pair) for pair in content["countries"]]


@pytest.mark.django_db
def test_the_country_page_names_the_state_in_the_readers_language(client, released):
    body = client.get("/es/compendium/countries/BOL/").content.decode()
    assert "<h1>Bolivia (Estado Plurinacional de)</h1>" in body


@pytest.mark.django_db
def test_the_api_names_terms_in_the_language_asked_for(client, released):
    english = client.get("/api/v1/taxonomy/").json()
    assert {"iso3": "CHN", "iso2": "CN", "m49": "156", "name": "China"} in english[
        "countries"
    ]
    french = client.get("/api/v1/taxonomy/?lang=fr").json()
    assert {"iso3": "CHN", "iso2": "CN", "m49": "156", "name": "Chine"} in french[
        "countries"
    ]
    russian = client.get("/api/v1/taxonomy/", HTTP_ACCEPT_LANGUAGE="ru, en;q=0.5")
    assert russian["Content-Language"] == "ru"
    assert "Accept-Language" in russian["Vary"]
    names = [country["name"] for country in russian.json()["countries"]]
    assert names.index("Австрия") < names.index("Германия") < names.index("Япония")
    chinese = client.get("/api/v1/taxonomy/?lang=zh-hans").json()
    names = [country["name"] for country in chinese["countries"]]
    assert names.index("阿富汗") < names.index("赞比亚") < names.index("中国")
    # ?lang= wins over the header.
    assert (
        client.get("/api/v1/taxonomy/?lang=en", HTTP_ACCEPT_LANGUAGE="ar").json()[
            "countries"
        ]
        == english["countries"]
    )


@pytest.mark.django_db
def test_api_entries_keep_their_codes_and_add_names_in_the_language(client, released):
    english = client.get("/api/v1/editions/1.0/entries/CP-0001/").json()
    arabic = client.get("/api/v1/editions/1.0/entries/CP-0001/?lang=ar").json()
    assert arabic["countries"] == english["countries"]
    assert sorted(arabic["countries"]) == ["AFG", "CHN", "ZMB"]
    assert english["labels"]["pillars"] == [
        "II. International assistance and capacity-building"
    ]
    assert arabic["labels"]["pillars"] == ["II. المساعدة الدولية وبناء القدرات"]
    assert arabic["labels"]["contributor_kind"] == "دولة عضو"
    page = client.get("/api/v1/editions/1.0/entries/?pillar=II&lang=ru").json()
    assert page["count"] == 2
    assert client.get("/api/v1/editions/1.0/entries/?pillar=II").json()["count"] == 2


@pytest.mark.django_db
def test_an_unknown_api_language_is_refused_plainly(client, released):
    response = client.get("/api/v1/taxonomy/?lang=de")
    assert response.status_code == 400
    assert "Unknown language" in response.json()["lang"]
    # An unknown language in the header alone falls back to English.
    response = client.get("/api/v1/taxonomy/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"


def test_the_schema_documents_the_lang_parameter(client):
    from django.test import Client

    schema = Client().get("/api/v1/schema/").content.decode()
    assert "name: lang" in schema or '"lang"' in schema


@pytest.mark.django_db
def test_the_entry_forms_choices_are_named_and_ordered_in_the_language():
    from contributions.forms import PracticeEntryForm

    with translation.override("zh-hans"):
        form = PracticeEntryForm()
        labels = [str(label) for _value, label in form.fields["countries"].choices]
        pillars = [str(label) for _value, label in form.fields["pillars"].choices]
    assert labels.index("阿富汗") < labels.index("赞比亚") < labels.index("中国")
    assert len(labels) == 195
    assert any("国家的保护责任" in label for label in pillars)
    with translation.override("en"):
        form = PracticeEntryForm()
        labels = [str(label) for _value, label in form.fields["countries"].choices]
    assert labels.index("Afghanistan") < labels.index("China") < labels.index("Zambia")


@pytest.mark.django_db
def test_the_pdf_is_named_in_the_language_it_is_made_in(released, tmp_path):
    from compendium import pdf

    with translation.override("fr"):
        pdf.write_documents(released, tmp_path)
    text = "".join(path.read_text() for path in tmp_path.glob("*.html"))
    assert "Assistance internationale et renforcement des capacités" in text
    assert "Chine" in text
    assert "organisation régionale" in text


@pytest.mark.django_db
def test_an_english_download_is_byte_for_byte_the_same_in_any_language(released):
    from compendium import downloads

    files = {}
    for language in ["en", "fr", "zh-hans"]:
        with translation.override(language):
            for name, write in downloads.WRITERS.items():
                if name == "xlsx":
                    continue  # zipped with a timestamp; its cells are the csv's
                handle = io.BytesIO()
                write(released, "https://example.org", handle)
                files[language, name] = handle.getvalue()
    for name in ["csv", "json"]:
        assert files["fr", name] == files["en", name]
        assert files["zh-hans", name] == files["en", name]
    assert b"CHN" in files["en", "csv"]


# The Office edits the names ---------------------------------------------------


@pytest.mark.django_db
def test_the_office_edits_a_states_six_names_in_the_admin(client, administrator):
    bolivia = Country.objects.get(iso3="BOL")
    client.force_login(administrator)
    form = client.get(f"/admin/countries/edit/{bolivia.pk}/").content.decode()
    for field in ["name", "name_fr", "name_es", "name_ar", "name_ru", "name_zh_hans"]:
        assert f'name="{field}"' in form
    assert "Bolivie (État plurinational de)" in form
    response = client.post(
        f"/admin/countries/edit/{bolivia.pk}/",
        {
            "name": bolivia.name,
            "name_fr": "Bolivie (État plurinational de)",
            "name_es": "Bolivia (Estado Plurinacional de)",
            "name_ar": "",
            "name_ru": "Боливия (Многонациональное Государство)",
            "name_zh_hans": "多民族玻利维亚国",
        },
    )
    assert response.status_code == 302
    bolivia.refresh_from_db()
    # Left empty, Arabic now shows the English name.
    assert "ar" not in bolivia.names
    assert bolivia.name_in("ar") == "Bolivia (Plurinational State of)"
    assert bolivia.names["zh-hans"] == "多民族玻利维亚国"
    with translation.override("ar"):
        assert localized.name(bolivia) == "Bolivia (Plurinational State of)"


@pytest.mark.django_db
def test_an_edit_sent_without_the_other_names_keeps_them(client, administrator):
    from compendium.models import Pillar

    pillar = Pillar.objects.get(code="II")
    french = pillar.names["fr"]
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
    assert pillar.names["fr"] == french


@pytest.mark.django_db
def test_a_renamed_term_shows_its_new_name_at_once(client, administrator):
    from compendium.browse import facet_labels
    from compendium.models import Pillar

    assert facet_labels("fr")["pillar"]["II"].startswith("II. Assistance")
    client.force_login(administrator)
    pillar = Pillar.objects.get(code="II")
    client.post(
        f"/admin/pillars/edit/{pillar.pk}/",
        {
            "name": pillar.name,
            "name_fr": "Assistance internationale",
            "description": pillar.description,
            "sort_order": pillar.sort_order,
        },
    )
    assert facet_labels("fr")["pillar"]["II"] == "II. Assistance internationale"
