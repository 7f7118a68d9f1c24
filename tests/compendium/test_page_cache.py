"""The page cache as the URL conf sees it: a page's scope comes from the view a
path resolves to, whatever the URL, and a release tells the cache, by a signal,
which scopes to forget."""

import pytest
from django.core.cache import cache
from django.urls import get_resolver, reverse

from compendium import editions, page_cache
from compendium.choices import EditionKind
from compendium.signals import editions_changed
from tests.compendium.factories import publish_entry, release_edition

pytestmark = pytest.mark.django_db

# Public pages that are not kept: each file is served with its own ETag.
NOT_KEPT = {"compendium_public:download"}


def public_patterns():
    """The public site's URL patterns, by their URL name."""
    public = get_resolver().namespace_dict["compendium_public"][1]
    return {
        f"compendium_public:{pattern.name}": pattern
        for pattern in public.url_patterns
        if pattern.name
    }


@pytest.fixture
def released(publisher):
    publish_entry(title="National early warning committee", reference="CP-0001")
    return release_edition(publisher, "1.0")


@pytest.mark.parametrize("name", public_patterns())
def test_every_public_url_has_the_scope_of_its_view(name):
    pattern = public_patterns()[name]
    arguments = {
        "label": "1.0",
        "reference": "CP-0001",
        "iso3": "KEN",
        "extension": "csv",
        "chart": "priorities",
    }
    kwargs = {key: arguments[key] for key in pattern.pattern.converters}
    scope = page_cache.scope_name_of(reverse(name, kwargs=kwargs))
    if name in NOT_KEPT:
        assert scope is None
    else:
        assert scope == pattern.callback.page_scope.name(kwargs)
        assert scope in {"edition:", "edition:1.0", "releases"}


def test_pages_of_the_current_and_of_a_labelled_edition_have_their_scopes():
    assert page_cache.scope_name_of("/compendium/") == "edition:"
    assert page_cache.scope_name_of("/compendium/entries/CP-0001/") == "edition:"
    assert page_cache.scope_name_of("/compendium/editions/2.0/changes/") == (
        "edition:2.0"
    )
    assert page_cache.scope_name_of("/compendium/statistics/") == "releases"
    assert page_cache.scope_name_of("/compendium/feed/") is None
    assert page_cache.scope_name_of("/no/such/page") is None


@pytest.mark.urls("tests.compendium.page_cache_urls")
def test_a_page_added_to_the_url_conf_is_kept_by_the_scope_of_its_view(
    client,
    released,
    publisher,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    for url in ("/digest/", "/digest/1.0/"):
        first = client.get(url)
        assert first.content == b"1.0: released"
        with django_assert_max_num_queries(0):  # answered before any query
            assert client.get(url).content == first.content

    with django_capture_on_commit_callbacks(execute=True):
        release_edition(publisher, "1.1", kind=EditionKind.UPDATE)
    assert client.get("/digest/").content == b"1.1: released"
    assert client.get("/digest/1.0/").content == b"1.0: superseded"


def test_releasing_tells_the_cache_which_editions_changed(
    released, publisher, django_capture_on_commit_callbacks
):
    sent = []

    def heard(sender, labels, **kwargs):
        sent.append(list(labels))

    editions_changed.connect(heard)
    kept = ["edition:", "edition:1.0", "edition:1.1", "edition:0.9", "releases"]
    cache.set_many({page_cache.SCOPE_KEY.format(name): "token" for name in kept})
    try:
        with django_capture_on_commit_callbacks(execute=True):
            release_edition(publisher, "1.1", kind=EditionKind.UPDATE)
    finally:
        editions_changed.disconnect(heard)

    # The edition released and the one it superseded.
    assert sent == [["1.1", "1.0"]]
    still = cache.get_many([page_cache.SCOPE_KEY.format(name) for name in kept])
    assert list(still) == [page_cache.SCOPE_KEY.format("edition:0.9")]


def test_the_current_edition_is_kept_until_editions_change(released, publisher):
    assert editions.current() == released
    release_edition(publisher, "1.1", kind=EditionKind.UPDATE)  # not yet told
    assert editions.current() == released
    editions_changed.send(sender=type(released), labels=["1.1", "1.0"])
    assert editions.current().label == "1.1"


def test_making_a_search_index_again_forgets_the_editions_pages(client, released):
    from django.core.management import call_command

    client.get("/compendium/editions/1.0/")
    name = page_cache.SCOPE_KEY.format("edition:1.0")
    assert cache.get(name) is not None
    call_command("rebuild_search_index", "1.0", stdout=None)
    assert cache.get(name) is None
