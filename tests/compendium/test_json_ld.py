"""Entry and edition pages describe themselves to search engines and reference
managers in schema.org JSON-LD: an entry is a CreativeWork of its contributor,
part of its edition; an edition is a Dataset with its version, date, licence,
publisher and files. No title can end the script element early."""

import json
import re

import pytest
from django.test import override_settings

from compendium import citations
from compendium.choices import OrganisationKind
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    [data] = SCRIPT.findall(html)  # exactly one, whole
    return json.loads(data), html, response


@pytest.fixture
def released(publisher):
    entry = publish_entry(
        title="National early warning committee",
        summary="A committee that monitors risk factors.",
        contributor=("Ghana", OrganisationKind.MEMBER_STATE, "GHA"),
    )
    edition = release_edition(publisher, "1.0")
    return entry, edition


def test_an_entry_page_describes_the_entry_as_released(client, released):
    entry, edition = released
    data, _html, _response = json_ld(client, f"/compendium/entries/{entry.reference}/")
    stable = f"http://testserver/compendium/editions/1.0/entries/{entry.reference}/"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CreativeWork"
    assert data["url"] == data["@id"] == stable
    assert data["identifier"] == entry.reference
    assert data["name"] == "National early warning committee"
    assert data["description"] == "A committee that monitors risk factors."
    assert data["inLanguage"] == "en"
    assert data["datePublished"] == edition.released_at.date().isoformat()
    assert data["author"] == {"@type": "Organization", "name": "Ghana"}
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "United Nations Office on Genocide Prevention and the "
        "Responsibility to Protect",
    }
    assert data["license"] == "https://creativecommons.org/licenses/by/3.0/igo/"
    assert data["isPartOf"]["@type"] == "Dataset"
    assert data["isPartOf"]["version"] == "1.0"
    assert data["isPartOf"]["url"] == "http://testserver/compendium/editions/1.0/"


def test_an_edition_page_describes_the_dataset_and_its_files(client, released):
    edition = released[1]
    for url in ("/compendium/", "/compendium/editions/1.0/"):
        data, _html, _response = json_ld(client, url)
        assert data["@type"] == "Dataset"
        assert data["name"] == "R2P Compendium of Practice, edition 1.0"
        assert data["version"] == "1.0"
        assert data["url"] == "http://testserver/compendium/editions/1.0/"
        assert data["datePublished"] == edition.released_at.date().isoformat()
        assert data["license"] == citations.licence()["url"]
        assert data["publisher"]["name"] == citations.PUBLISHER
        files = {item["contentUrl"]: item for item in data["distribution"]}
        base = "http://testserver/compendium/editions/1.0/"
        assert files[base + "download.csv"]["encodingFormat"] == "text/csv"
        assert files[base + "download.json"]["encodingFormat"] == "application/json"
        assert files[base + "download.pdf"]["encodingFormat"] == "application/pdf"
        assert files[base + "cite.bib"]["encodingFormat"] == "application/x-bibtex"
        assert all(item["@type"] == "DataDownload" for item in files.values())


@override_settings(
    COMPENDIUM_LICENCE_NAME="Terms of use", COMPENDIUM_LICENCE_URL="https://x.test/"
)
def test_the_licence_is_the_one_configured(client, released):
    entry = released[0]
    data, _html, _response = json_ld(client, f"/compendium/entries/{entry.reference}/")
    assert data["license"] == "https://x.test/"
    html = client.get("/compendium/editions/").content.decode()
    assert '<a href="https://x.test/" rel="license">Terms of use</a>' in html


def test_a_title_cannot_end_the_script_element(client, publisher):
    title = 'Plan </script><script>alert("x")</script> & <!-- more'
    entry = publish_entry(title=title, summary="Summary with \u2028 separator")
    release_edition(publisher, "1.0")
    data, html, _response = json_ld(client, f"/compendium/entries/{entry.reference}/")
    assert data["name"] == title
    assert "<script>alert" not in html
    assert data["description"] == "Summary with separator"


def test_arabic_text_is_described_in_its_language(client, publisher):
    entry = publish_entry(
        title="لجنة وطنية للإنذار المبكر",
        contributor=("Egypt", OrganisationKind.MEMBER_STATE, "EGY"),
    )
    entry.language = "ar"
    entry.save_revision().publish()
    release_edition(publisher, "1.0")
    data, _html, _response = json_ld(client, f"/compendium/entries/{entry.reference}/")
    assert data["name"] == "لجنة وطنية للإنذار المبكر"
    assert data["inLanguage"] == "ar"


def test_the_structured_data_needs_no_exception_to_the_policy(client, released):
    entry = released[0]
    _data, _html, response = json_ld(client, f"/compendium/entries/{entry.reference}/")
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    # A data block is never run: no 'unsafe-inline', no nonce, no hash.
    assert script_src.strip() == "'self'"
