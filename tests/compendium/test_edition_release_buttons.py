"""Releasing an edition starts from the edition's own pages and from its row in
the list of editions, for those who may release; nobody else sees or reaches
it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from compendium.choices import EditionKind, EditionStatus
from compendium.models import Edition
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_preparation():
    publish_entry()
    return Edition.objects.create(
        label="1.1", title="First update", kind=EditionKind.UPDATE
    )


@pytest.fixture
def editor(reviewer):
    """Office staff who may read and change editions, but not release them."""
    reviewer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="compendium",
            codename__in=["view_edition", "change_edition"],
        )
    )
    return get_user_model().objects.get(pk=reviewer.pk)


def header_of(body):
    return body[body.index("<header") : body.index("</header>")]


def release_href(edition):
    return f'href="/admin/edition/{edition.pk}/release/"'


@pytest.mark.parametrize("page", ["inspect", "edit"])
def test_the_edition_s_own_pages_offer_its_release_in_their_header(
    client, publisher, in_preparation, page
):
    client.force_login(publisher)

    body = client.get(f"/admin/edition/{page}/{in_preparation.pk}/").content.decode()

    header = header_of(body)
    assert release_href(in_preparation) in header
    assert "Release…" in header
    # The only way there from the page, not a second link below the header.
    assert body.count(release_href(in_preparation)) == 1


def test_each_row_of_the_editions_offers_the_release_of_that_edition(
    client, publisher, in_preparation
):
    client.force_login(publisher)

    body = client.get("/admin/edition/").content.decode()

    assert release_href(in_preparation) in body
    assert 'aria-label="Release edition 1.1"' in body


def test_a_released_edition_offers_no_release(client, publisher):
    publish_entry()
    released = release_edition(publisher, label="1.0")
    client.force_login(publisher)

    for url in ("/admin/edition/", f"/admin/edition/inspect/{released.pk}/"):
        assert release_href(released) not in client.get(url).content.decode()


def test_without_the_release_permission_no_button_shows_and_the_release_is_refused(
    client, editor, in_preparation
):
    assert not editor.has_perm("compendium.release_edition")
    client.force_login(editor)

    for url in (
        "/admin/edition/",
        f"/admin/edition/inspect/{in_preparation.pk}/",
        f"/admin/edition/edit/{in_preparation.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert release_href(in_preparation) not in body, url
        assert "Release…" not in body, url

    for method, url in (
        ("get", f"/admin/edition/{in_preparation.pk}/release/"),
        ("get", f"/admin/edition/{in_preparation.pk}/release/progress/"),
        ("post", f"/admin/edition/{in_preparation.pk}/release/do/"),
    ):
        response = getattr(client, method)(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "/release" not in response["Location"], url
            followed = client.get(response["Location"]).content.decode()
            assert "do not have permission" in followed, url

    in_preparation.refresh_from_db()
    assert in_preparation.status == EditionStatus.IN_PREPARATION
