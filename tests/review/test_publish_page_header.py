"""The page that publishes an accepted entry to the compendium names the entry
in the admin's header and is found under Practice entries and the entry."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_publish_page_is_titled_with_the_entry(client, publisher, accepted):
    client.force_login(publisher)

    body = client.get(f"/admin/review/{accepted.pk}/publish/").content.decode()

    header = body[body.index("<header") : body.index("</header>")]
    # What the header shows: the last of its breadcrumbs, not "Home".
    shown = header[header.rindex("<li") :]
    assert "Publish to the compendium" in shown
    assert accepted.reference in shown
    assert accepted.title in shown
    assert "Home" not in shown
    assert 'href="/admin/practice_entries/"' in header
    assert f'href="/admin/practice_entries/inspect/{accepted.pk}/"' in header
    title = body[body.index("<title>") : body.index("</title>")]
    assert accepted.reference in title and accepted.title in title


def test_reviewers_may_not_open_the_publish_page(client, reviewer, accepted):
    client.force_login(reviewer)

    response = client.get(f"/admin/review/{accepted.pk}/publish/")

    assert response.status_code in (302, 403)
    assert accepted.title not in response.content.decode()
