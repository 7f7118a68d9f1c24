"""The dashboard and the history cost the same number of queries however many
entries and versions there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.contributions.factories import create_entry, edit_entry

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    """Queries of one request, after a first one has warmed the site's caches."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_dashboard_queries_do_not_grow_with_entries(client, contributor, ghana):
    client.force_login(contributor)
    filtered = "/contribute/?q=committee&status=draft&pillar=I&page=2"
    for _ in range(2):
        create_entry(contributor, ghana)
    few = queries_for(client, "/contribute/"), queries_for(client, filtered)
    for _ in range(40):
        create_entry(contributor, ghana)
    assert (queries_for(client, "/contribute/"), queries_for(client, filtered)) == few


def test_history_queries_do_not_grow_with_versions(client, draft, contributor):
    client.force_login(contributor)
    path = f"/contribute/entries/{draft.reference}/history/"
    edit_entry(contributor, draft, title="Second")
    few = queries_for(client, path)
    for number in range(12):
        edit_entry(contributor, draft, title=f"Title {number}")
    assert queries_for(client, path) == few


def test_diff_queries_do_not_grow_with_versions_or_sources(client, draft, contributor):
    client.force_login(contributor)
    edit_entry(contributor, draft, title="Second")
    path = f"/contribute/entries/{draft.reference}/diff/?from=1&to=2"
    few = queries_for(client, path)
    for number in range(8):
        edit_entry(
            contributor,
            draft,
            title=f"Title {number}",
            **{
                f"sources-{number + 1}-title": f"Source {number}",
                f"sources-{number + 1}-url": f"https://example.org/{number}",
            },
        )
    latest = draft.version_number if False else 10
    assert (
        queries_for(
            client, f"/contribute/entries/{draft.reference}/diff/?from=1&to={latest}"
        )
        == few
    )
