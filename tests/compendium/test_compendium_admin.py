"""Publishers in Wagtail admin: the Office's own entries, previews, editions and
their release; everyone else is refused."""

import pytest
from django.core.cache import cache

from compendium import editions, tasks
from compendium.choices import EditionStatus
from compendium.models import CompendiumEntry, Edition, Pillar, Priority
from tests.compendium.factories import publish_entry
from tests.contributions.factories import create_entry

pytestmark = pytest.mark.django_db


def entry_post(**overrides):
    data = {
        "title": "Office study of early warning",
        "summary": "What the Office learnt from ten national mechanisms.",
        "description": '{"blocks": [], "entityMap": {}}',
        "contributor_name": "Office of the Special Adviser",
        "contributor_kind": "un-entity",
        "contributor_country": "",
        "origin": "office",
        "pillars": [Pillar.objects.get(code="I").pk],
        "priorities": [Priority.objects.get(code="1").pk],
        "start_year": "2019",
        "end_year": "",
        "ongoing": "on",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "language": "en",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_the_office_writes_its_own_entry_with_the_next_reference(
    client, publisher, contributor, ghana
):
    create_entry(contributor, ghana)  # CP-0001 is a contributed entry
    client.force_login(publisher)
    response = client.post(
        "/admin/snippets/compendium/compendiumentry/add/",
        {**entry_post(), "reference": "CP-0001"},  # a forged reference is ignored
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = CompendiumEntry.objects.get()
    assert created.reference == "CP-0002"
    assert created.live is False  # saved as a draft
    assert created.origin == "office"


def test_reviewers_and_members_cannot_edit_the_compendium(
    client, reviewer, focal_point
):
    entry = publish_entry()
    for someone in (reviewer, focal_point):
        client.force_login(someone)
        response = client.post(
            f"/admin/snippets/compendium/compendiumentry/edit/{entry.pk}/",
            entry_post(title="Changed"),
        )
        assert response.status_code in (302, 403)
    entry.refresh_from_db()
    assert entry.title == "National early warning committee"
    assert entry.revisions.count() == 1


def test_preview_shows_the_draft(client, publisher):
    entry = publish_entry()
    client.force_login(publisher)
    url = f"/admin/snippets/compendium/compendiumentry/preview/{entry.pk}/"
    assert client.post(url, entry_post(title="Draft heading")).status_code == 200
    body = client.get(url).content.decode()
    assert "Draft heading" in body
    assert "Preview" in body


def test_a_publisher_releases_an_edition_from_the_admin(client, publisher):
    publish_entry()
    client.force_login(publisher)
    response = client.post(
        "/admin/edition/new/",
        {
            "label": "1.0",
            "title": "First official version",
            "kind": "official",
            "release_notes": '{"blocks": [], "entityMap": {}}',
            "include_every_published_entry": "on",
        },
    )
    assert response.status_code == 302
    edition = Edition.objects.get()
    body = client.get(f"/admin/edition/{edition.pk}/release/").content.decode()
    assert "It will contain 1 published entry" in body
    response = client.post(f"/admin/edition/{edition.pk}/release/do/", follow=True)
    assert "is released with 1 entries" in response.content.decode()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.RELEASED

    # Released: editing and deleting are refused, the edition is unchanged.
    response = client.post(
        f"/admin/edition/edit/{edition.pk}/",
        {"label": "9.9", "title": "Changed", "kind": "official"},
        follow=True,
    )
    assert "is released and cannot change" in response.content.decode()
    response = client.post(f"/admin/edition/delete/{edition.pk}/", follow=True)
    edition.refresh_from_db()
    assert (edition.label, edition.title) == ("1.0", "First official version")


def test_a_bad_label_is_explained(client, publisher):
    client.force_login(publisher)
    response = client.post(
        "/admin/edition/new/",
        {"label": "1.0 final!", "title": "First", "kind": "official"},
    )
    assert response.status_code == 200
    assert (
        "Use lower-case letters, digits, dots and hyphens" in response.content.decode()
    )
    assert not Edition.objects.exists()


def test_reviewers_cannot_release(client, reviewer, publisher):
    publish_entry()
    edition = Edition.objects.create(label="1.0", title="First", kind="official")
    client.force_login(reviewer)
    response = client.post(f"/admin/edition/{edition.pk}/release/do/")
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.status == EditionStatus.IN_PREPARATION


# The worker commits and closes its connection as in production, so the test
# runs on committed data rather than inside one rolled-back transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_release_runs_in_the_worker_with_its_progress_shown(
    client, publisher, settings
):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for number in range(3):
        publish_entry(title=f"Practice {number}")
    edition = Edition.objects.create(label="1.0", title="First", kind="official")
    client.force_login(publisher)
    response = client.post(f"/admin/edition/{edition.pk}/release/do/")
    progress_url = f"/admin/edition/{edition.pk}/release/progress/"
    assert response["Location"] == progress_url
    body = client.get(progress_url).content.decode()
    assert "waiting for the background worker" in body
    edition.refresh_from_db()
    assert edition.status == EditionStatus.IN_PREPARATION

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    response = client.get(progress_url, follow=True)
    assert "is released with 3 entries" in response.content.decode()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.RELEASED


def test_a_release_reports_each_batch_then_its_last_step(publisher):
    for number in range(3):
        publish_entry(title=f"Practice {number}")
    edition = Edition.objects.create(label="1.0", title="First", kind="official")
    steps = []

    def progress(done, total, finishing=False):
        steps.append((done, total, finishing))

    editions.release(actor=publisher, edition=edition, progress=progress)

    assert steps[-2:] == [(3, 3, False), (3, 3, True)]


def test_the_progress_page_says_when_only_the_search_is_left(client, publisher):
    """Keeping the words common to many entries takes seconds at 100,000 entries,
    after every entry is written: the page says so rather than show 100% with
    nothing happening."""
    edition = Edition.objects.create(label="1.0", title="First", kind="official")
    progress = {"done": 3, "total": 3, "finishing": False, "error": ""}
    cache.set(tasks.progress_key(edition.pk), progress)
    client.force_login(publisher)
    progress_url = f"/admin/edition/{edition.pk}/release/progress/"
    assert "3 of 3 entries written." in client.get(progress_url).content.decode()

    cache.set(tasks.progress_key(edition.pk), {**progress, "finishing": True})
    body = client.get(progress_url).content.decode()
    assert "All 3 entries are written. The search is being made ready" in body
    assert "3 of 3 entries written." not in body


@pytest.mark.parametrize(
    ("step", "title"),
    [("release", "Release edition 1.0"), ("release/progress", "Releasing edition 1.0")],
)
def test_release_pages_are_titled_and_found_under_their_edition(
    client, publisher, step, title
):
    edition = Edition.objects.create(label="1.0", title="First", kind="official")
    client.force_login(publisher)

    body = client.get(f"/admin/edition/{edition.pk}/{step}/").content.decode()

    header = body[body.index("<header") : body.index("</header>")]
    assert 'href="/admin/edition/"' in header
    assert f'href="/admin/edition/inspect/{edition.pk}/"' in header
    assert title in header


def test_a_release_with_nothing_published_explains_why(client, publisher):
    edition = Edition.objects.create(label="1.0", title="First", kind="official")
    client.force_login(publisher)
    response = client.post(f"/admin/edition/{edition.pk}/release/do/", follow=True)
    assert "There is no published entry to release." in response.content.decode()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.IN_PREPARATION
