"""/api/v1/docs/: the open-data API explained to people, with its licence,
its limits as enforced, examples, and the reference drawn by Swagger UI from
the schema; every file served by the site itself, under the site's policy."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings

from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db


def docs(client, **headers):
    response = client.get("/api/v1/docs/", **headers)
    assert response.status_code == 200
    return response, response.content.decode()


def test_the_page_states_the_licence_the_limits_and_examples(client, publisher):
    entry = publish_entry()
    release_edition(publisher, "2.0")
    _response, html = docs(client)
    assert "<h1>The open-data API</h1>" in html
    assert (
        '<a href="https://creativecommons.org/licenses/by/3.0/igo/" rel="license">'
        in html
    )
    # The limit the API enforces (API_LIMIT_PER_CLIENT, 120/m by default).
    assert "Requests per client and minute: 120." in html
    assert "429 Too Many Requests" in html
    # Examples on the current edition, with one of its entries.
    assert "curl http://testserver/api/v1/editions/</code>" in html
    assert f"/api/v1/editions/2.0/entries/{entry.reference}/" in html
    assert (
        "/api/v1/editions/2.0/entries/?q=early+warning&amp;pillar=I&amp;lang=fr" in html
    )


@override_settings(
    REST_FRAMEWORK={
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "UNAUTHENTICATED_USER": None,
        "NUM_PROXIES": 0,
        "DEFAULT_THROTTLE_RATES": {"open_data": "5000/h"},
    }
)
def test_the_limit_stated_is_the_one_configured(client):
    _response, html = docs(client)
    assert "Requests per client and hour: 5000." in html


def test_the_reference_is_drawn_from_files_the_site_serves(client):
    _response, html = docs(client)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert any("swagger-ui-bundle" in src for src in scripts)
    assert any("api-docs" in src for src in scripts)
    assert any("swagger-ui.css" in href for href in styles)
    for url in scripts + styles:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url
    # Nothing from another site: no CDN, no fonts, no online validator.
    addresses = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert all(
        address.startswith("http://testserver/")
        or address.startswith("https://creativecommons.org/")
        for address in addresses
    ), addresses
    assert "<script>" not in html
    assert 'data-schema-url="/api/v1/schema/?format=json"' in html


def test_swagger_ui_is_started_without_calling_anything_outside(client):
    script = open(finders.find("compendium/js/api-docs.js")).read()
    assert "validatorUrl: null" in script
    bundle = finders.find(
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
    )
    assert bundle


def test_the_policy_allows_the_page_without_exceptions(client):
    response, _html = docs(client)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_the_schema_the_page_reads_is_json_with_examples_licence_and_limits(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    info = schema["info"]
    assert info["license"]["url"] == "https://creativecommons.org/licenses/by/3.0/igo/"
    assert "120/m requests per client" in info["description"]
    entries = schema["paths"]["/api/v1/editions/{label}/entries/"]["get"]
    example = entries["responses"]["200"]["content"]["application/json"]["examples"]
    assert example
    assert "/api/v1/docs/" not in schema["paths"]


def test_the_docs_are_linked_from_the_footer_and_the_api_root(client):
    html = client.get("/compendium/").content.decode()
    assert '<a href="/api/v1/docs/">Open data API</a>' in html
    assert client.get("/api/v1/").json()["docs"] == "http://testserver/api/v1/docs/"


def test_the_page_reads_in_the_visitors_language(client):
    _response, html = docs(client, HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="fr"' in html
    assert "API de données ouvertes" in html
