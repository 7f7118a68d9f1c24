"""The public shell: home and about pages, editable in Wagtail."""

import re

import pytest
from django.db import connection
from django.db.models.signals import post_delete
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text

from compendium.models import HomePage, Pillar, Priority, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return HomePage.objects.get()


def test_home_page_introduces_the_pillars_and_priorities(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "R2P Compendium of Practice" in body
    for term in [*Pillar.objects.all(), *Priority.objects.all()]:
        assert term.name in body


def test_about_page_is_served(client):
    response = client.get("/about/")
    assert response.status_code == 200
    assert "About the compendium" in response.content.decode()


def about_links(body):
    return re.findall(r'<a href="([^"]*)"[^>]*>About(?: the compendium)?</a>', body)


def test_every_page_links_to_the_about_page_in_its_header_and_footer(client):
    assert about_links(client.get("/").content.decode()) == ["/about/", "/about/"]
    about = client.get("/about/").content.decode()
    assert '<a href="/about/" aria-current="page">About</a>' in about


def test_the_about_link_is_looked_up_once_not_on_every_page(client):
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/compendium/").status_code == 200
    assert not [query for query in captured if "'about'" in query["sql"]]


def test_the_about_link_follows_the_page_when_it_moves_or_is_unpublished(client, home):
    client.get("/")  # the link's URL is now kept
    background = home.add_child(
        instance=StandardPage(title="Background", slug="background")
    )
    StandardPage.objects.get(slug="about").move(background, pos="last-child")
    assert about_links(client.get("/").content.decode()) == [
        "/background/about/",
        "/background/about/",
    ]

    StandardPage.objects.get(slug="about").unpublish()
    assert about_links(client.get("/").content.decode()) == ["", ""]


def test_the_about_link_goes_when_the_page_is_deleted(client):
    client.get("/")  # the link's URL is now kept
    StandardPage.objects.get(slug="about").delete()
    assert about_links(client.get("/").content.decode()) == ["", ""]


def test_forgetting_the_link_listens_to_page_deletions_only():
    # A receiver of every model's deletions would turn each queryset delete of
    # the project into a signal per row.
    assert post_delete.has_listeners(Page)
    assert not post_delete.has_listeners(Pillar)


def test_base_template_has_language_skip_link_and_landmarks(client):
    body = client.get("/").content.decode()
    assert re.search(r'<html lang="en"', body)
    assert '<a class="skip-link" href="#main">' in body
    assert '<main id="main"' in body
    assert "<header" in body and "<footer" in body
    assert '<nav class="site-nav" aria-label="Main">' in body
    assert 'media="print"' in body


def test_every_asset_is_served_by_the_application(client):
    body = client.get("/").content.decode()
    # Feeds are links to other pages, not assets the page loads.
    without_feeds = re.sub(r'<link rel="alternate"[^>]*>', "", body)
    asset_urls = re.findall(
        r'<(?:link|script|img)[^>]+(?:href|src)="([^"]+)"', without_feeds
    )
    assert asset_urls
    for url in asset_urls:
        assert url.startswith("/static/"), url
    assert "fonts.googleapis" not in body


def test_static_stylesheet_is_served(client):
    response = client.get("/static/compendium/css/site.css")
    assert response.status_code == 200


def test_editors_can_build_only_the_tree_that_makes_sense():
    assert HomePage.parent_page_types == ["wagtailcore.Page"]
    assert HomePage.max_count == 1
    assert HomePage.allowed_subpage_models() == [StandardPage]
    assert HomePage not in StandardPage.allowed_subpage_models()


def test_publisher_changes_the_home_page_text_in_wagtail(client, publisher, home):
    client.force_login(publisher)
    response = client.post(
        f"/admin/pages/{home.pk}/edit/",
        nested_form_data(
            {
                "title": home.title,
                "slug": home.slug,
                "lead": "A new lead written by the office.",
                "body": rich_text("<p>Fresh introduction.</p>"),
                "pillars_heading": "The three pillars",
                "priorities_heading": "The six priorities",
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    body = client.get("/").content.decode()
    assert "A new lead written by the office." in body
    assert "Fresh introduction." in body


def test_reviewer_cannot_edit_pages(client, reviewer, home):
    client.force_login(reviewer)
    response = client.post(
        f"/admin/pages/{home.pk}/edit/",
        nested_form_data(
            {
                "title": "Changed by a reviewer",
                "slug": home.slug,
                "lead": "",
                "body": rich_text("<p>x</p>"),
                "pillars_heading": "x",
                "priorities_heading": "x",
                "action-publish": "publish",
            }
        ),
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    home.refresh_from_db()
    assert home.title == "R2P Compendium of Practice"


def test_unknown_page_gets_the_sites_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert Page.objects.filter(depth=2).count() == 1
