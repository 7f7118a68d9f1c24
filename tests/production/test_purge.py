"""After a release, shared caches are told which pages changed: PURGE requests,
sent through Wagtail's frontend cache to FRONTEND_CACHE_PURGE_URL, caught here
by a real HTTP server on a local port."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from wagtail.models import Page

from compendium.choices import EditionKind
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db

PREFIXES = ["", "/fr", "/es", "/ar", "/ru", "/zh-hans"]


class PurgeCatcher(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 the method's name
        self.server.purged.append((self.path, self.headers["Host"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cache_server(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeCatcher)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    location = f"http://127.0.0.1:{server.server_address[1]}"
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": location,
        }
    }
    settings.WAGTAILADMIN_BASE_URL = "https://compendium.example.org"
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def paths(server):
    return {path for path, _host in server.purged}


def test_a_release_purges_the_pages_it_changes_in_every_language(
    cache_server, publisher, django_capture_on_commit_callbacks
):
    publish_entry(reference="CP-0001")
    with django_capture_on_commit_callbacks(execute=True):
        release_edition(publisher, "1.0")
    cache_server.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        release_edition(publisher, "1.1", kind=EditionKind.UPDATE)

    purged = paths(cache_server)
    for prefix in PREFIXES:
        assert f"{prefix}/" in purged
        assert f"{prefix}/compendium/" in purged
        assert f"{prefix}/compendium/entries/*" in purged
        assert f"{prefix}/compendium/countries/*" in purged
        assert f"{prefix}/compendium/editions/" in purged
        assert f"{prefix}/compendium/statistics/" in purged
        assert f"{prefix}/compendium/feed/" in purged
        # The edition released and the one it superseded.
        assert f"{prefix}/compendium/editions/1.1/*" in purged
        assert f"{prefix}/compendium/editions/1.0/*" in purged
    assert {"/sitemap.xml", "/sitemap-*", "/api/v1/*"} <= purged
    # Each address once, with the site's host name.
    assert len(cache_server.purged) == len(purged)
    assert {host for _path, host in cache_server.purged} == {"compendium.example.org"}


def test_a_pre_publication_release_leaves_other_editions_cached(
    cache_server, publisher, django_capture_on_commit_callbacks
):
    publish_entry(reference="CP-0001")
    with django_capture_on_commit_callbacks(execute=True):
        release_edition(publisher, "1.0")
    cache_server.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        release_edition(publisher, "1.1-pre", kind=EditionKind.PRE_PUBLICATION)

    purged = paths(cache_server)
    assert "/compendium/editions/1.1-pre/*" in purged
    assert not any(path.startswith("/compendium/editions/1.0/") for path in purged)


def test_nothing_is_sent_without_a_frontend_cache(
    cache_server, settings, publisher, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    publish_entry(reference="CP-0001")
    with django_capture_on_commit_callbacks(execute=True):
        release_edition(publisher, "1.0")
    assert cache_server.purged == []


def test_a_cache_that_does_not_answer_does_not_undo_a_release(
    settings, publisher, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",  # nothing listens there
        }
    }
    publish_entry(reference="CP-0001")
    with django_capture_on_commit_callbacks(execute=True):
        edition = release_edition(publisher, "1.0")
    edition.refresh_from_db()
    assert edition.is_released


def test_publishing_a_wagtail_page_purges_its_address(cache_server):
    about = Page.objects.get(depth=2).get_children().live().first()
    if about is None:
        pytest.skip("no page below the home page in the migrated database")
    about = about.specific
    about.title = "About the compendium, revised"
    about.save_revision().publish()
    assert about.url_path and any(
        path.rstrip("/").endswith(about.slug) for path in paths(cache_server)
    )
