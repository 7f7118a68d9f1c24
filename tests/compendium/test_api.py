"""The open-data API: released editions and their entries, filtered like the
browse page, paginated, with ETags and an OpenAPI schema; public fields only."""

import json

import pytest

from compendium.choices import EditionKind, OrganisationKind
from compendium.models import Edition
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(publisher):
    publish_entry(
        title="Early warning committee", countries=["KEN"], reference="CP-0001"
    )
    publish_entry(
        title="Regional mediation support",
        pillars=["II"],
        contributor=("African Union", OrganisationKind.REGIONAL, None),
        reference="CP-0002",
    )
    return release_edition(publisher, "1.0")


def get(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.content[:300])
    return response


def test_editions_and_entries(client, released):
    root = get(client, "/api/v1/").json()
    assert set(root) >= {"editions", "taxonomy", "schema", "organisations"}
    editions = get(client, "/api/v1/editions/").json()
    assert [edition["label"] for edition in editions] == ["1.0"]
    page = get(client, "/api/v1/editions/1.0/entries/").json()
    assert page["count"] == 2
    assert [entry["reference"] for entry in page["results"]] == ["CP-0001", "CP-0002"]
    assert get(client, "/api/v1/editions/1.0/entries/?pillar=II").json()["count"] == 1
    assert (
        get(client, "/api/v1/editions/1.0/entries/?q=mediation").json()["results"][0][
            "reference"
        ]
        == "CP-0002"
    )
    entry = get(client, "/api/v1/editions/1.0/entries/CP-0001/").json()
    assert entry["countries"] == ["KEN"]
    assert "internal_contact" not in json.dumps(page)


def test_pages_link_to_each_other(client, publisher):
    for number in range(25):
        publish_entry(title=f"Practice {number}")
    release_edition(publisher, "1.0")
    first = get(client, "/api/v1/editions/1.0/entries/").json()
    assert (first["pages"], len(first["results"]), first["previous"]) == (2, 20, None)
    second = client.get(first["next"].replace("http://testserver", "")).json()
    assert len(second["results"]) == 5 and second["next"] is None


def test_etags_answer_304_when_nothing_changed(client, released):
    first = get(client, "/api/v1/editions/1.0/entries/")
    etag = first["ETag"]
    assert etag
    again = client.get("/api/v1/editions/1.0/entries/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_unreleased_and_pre_publication_editions_are_not_found(client, released):
    Edition.objects.create(label="1.1", title="Next", kind=EditionKind.UPDATE)
    get(client, "/api/v1/editions/1.1/", status=404)
    get(client, "/api/v1/editions/1.1/entries/", status=404)
    get(client, "/api/v1/editions/1.0/entries/CP-9999/", status=404)
    assert [e["label"] for e in get(client, "/api/v1/editions/").json()] == ["1.0"]


def test_taxonomy_organisations_and_schema(client, released):
    taxonomy = get(client, "/api/v1/taxonomy/").json()
    assert len(taxonomy["pillars"]) == 3
    assert {"iso3": "KEN", "iso2": "KE", "m49": "404", "name": "Kenya"} in taxonomy[
        "countries"
    ]
    organisations = get(client, "/api/v1/organisations/").json()
    ghana = next(o for o in organisations if o["name"] == "Ghana")
    assert ghana == {
        "name": "Ghana",
        "short_name": ghana["short_name"],
        "kind": "member-state",
        "country": "GHA",
        "website": ghana["website"],
    }
    schema = get(client, "/api/v1/schema/").content.decode()
    assert "/api/v1/editions/{label}/entries/" in schema
    assert "internal_contact" not in schema


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?pillar=ZZ",
        "?q=" + "x" * 100_000,
        "?year_from=nope",
        "?q=a%00b",
        "?country=GH%00A&organisation=1%00",
    ],
)
def test_bad_input_is_answered_plainly(client, released, query):
    assert client.get("/api/v1/editions/1.0/entries/" + query).status_code in (200, 400)


def test_writing_is_refused(client, released):
    assert client.post("/api/v1/editions/", {}).status_code == 405
    assert client.delete("/api/v1/editions/1.0/").status_code == 405


def test_the_schema_describes_the_open_data_api_without_warnings():
    from django.core import checks

    found = [
        issue
        for issue in checks.run_checks(include_deployment_checks=True)
        if issue.id and issue.id.startswith("drf_spectacular")
    ]
    assert found == []
