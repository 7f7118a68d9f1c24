"""Codes keep their own direction in right-to-left pages: an entry's reference
("CP-0001"), an edition's label ("1.1"), a document symbol ("A/69/981") read in
Arabic sentences and lists as they are written, set apart by Unicode's
first-strong isolate (U+2068 … U+2069), on the public pages, in the portal and
on the Office's review screens; left-to-right pages are left as they were."""

import pytest
from wagtail.users.models import UserProfile

from compendium.choices import EditionKind
from compendium.models import SecretaryGeneralReport
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db

FSI, PDI = "\u2068", "\u2069"


def isolated(code):
    return f"{FSI}{code}{PDI}"


@pytest.fixture
def two_editions(publisher):
    publish_entry(reference="CP-0001", countries=["KEN"])
    release_edition(publisher, "1.0")
    publish_entry(
        title="Regional mediation support", reference="CP-0007", countries=["KEN"]
    )
    return release_edition(publisher, "1.1", kind=EditionKind.UPDATE)


PUBLIC = {
    # Each page and the codes it shows, isolated in Arabic.
    "/compendium/": ["CP-0001", "CP-0007", "1.1"],
    "/compendium/?q=mediation": ["CP-0007"],
    "/compendium/entries/CP-0001/": ["CP-0001", "1.0", "1.1"],
    "/compendium/entries/CP-0007/": ["1.0", "1.1"],
    "/compendium/editions/": ["1.0", "1.1"],
    "/compendium/editions/1.1/changes/": ["CP-0007", "1.0", "1.1"],
    "/compendium/countries/KEN/": ["1.1"],
}


@pytest.mark.parametrize("path", list(PUBLIC))
def test_public_pages_isolate_references_and_labels_in_arabic(
    client, two_editions, path
):
    arabic = client.get(f"/ar{path}")
    assert arabic.status_code == 200
    assert 'dir="rtl"' in arabic.text
    for code in PUBLIC[path]:
        assert isolated(code) in arabic.text, (path, code)


@pytest.mark.parametrize("path", list(PUBLIC))
def test_left_to_right_pages_hold_no_isolates(client, two_editions, path):
    for language in ["", "/fr", "/zh-hans"]:
        body = client.get(f"{language}{path}").text
        assert FSI not in body and PDI not in body, (language, path)


def reads_in(client, user, language):
    UserProfile.objects.update_or_create(
        user=user, defaults={"preferred_language": language}
    )
    client.force_login(user)


@pytest.fixture
def with_a_report(draft):
    draft.sg_reports.add(SecretaryGeneralReport.objects.get(symbol="A/69/981"))
    return draft


def test_the_portal_isolates_references_and_symbols_in_arabic(
    client, focal_point, with_a_report
):
    reference = with_a_report.reference
    reads_in(client, focal_point, "ar")
    pages = {
        "/contribute/": [reference],
        f"/contribute/entries/{reference}/": [reference, "A/69/981"],
        f"/contribute/entries/{reference}/history/": [reference],
        f"/contribute/entries/{reference}/edit/": [reference],
    }
    for path, codes in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        for code in codes:
            assert isolated(code) in response.text, (path, code)
    reads_in(client, focal_point, "en")
    english = client.get(f"/contribute/entries/{reference}/").text
    assert FSI not in english
    assert "A/69/981" in english


def test_the_review_screens_isolate_the_reference_in_arabic(
    client, reviewer, submitted
):
    reads_in(client, reviewer, "ar")
    queue = client.get("/admin/review/")
    assert queue.status_code == 200
    assert isolated(submitted.reference) in queue.text
    screen = client.get(f"/admin/review/{submitted.pk}/")
    assert screen.status_code == 200
    assert f"<strong>{isolated(submitted.reference)}</strong>" in screen.text
    reads_in(client, reviewer, "en")
    english = client.get(f"/admin/review/{submitted.pk}/").text
    assert f"<strong>{submitted.reference}</strong>" in english
