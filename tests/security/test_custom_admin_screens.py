"""The admin screens that are viewsets of their own rather than of a model: the
review queue with each entry's review, spreadsheet imports and notifications.
Every address they register refuses those it is not for, whatever is posted,
and their menu items show only to those their views let in. The addresses are
read from the registered viewsets, so a new one is walked without being listed
here (test_admin_surfaces walks the model viewsets)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from contributions import services
from contributions.choices import ImportKind, ImportStatus
from contributions.models import ImportJob, Notification
from review import services as review_services
from review.models import Assignment, Comment, Decision
from tests.contributions.factories import UserFactory, create_entry

pytestmark = pytest.mark.django_db

REVIEW = "review_admin"
IMPORTS = "imports"
NOTIFICATIONS = "notifications_admin"


def custom_viewsets():
    from django.urls import get_resolver
    from wagtail.admin.viewsets import viewsets

    assert get_resolver().url_patterns  # Wagtail registers viewsets with its URLs.
    return {
        viewset.url_namespace: viewset
        for viewset in viewsets.viewsets
        if getattr(viewset, "model", None) is None
        and type(viewset).__module__.split(".")[0]
        in {"compendium", "contributions", "review"}
    }


def addresses(namespace, **values):
    """Every address of the viewset, with the ids given for its parameters."""
    viewset = custom_viewsets()[namespace]
    return {
        pattern.name: reverse(
            f"{namespace}:{pattern.name}",
            kwargs={group: values[group] for group in pattern.pattern.regex.groupindex},
        )
        for pattern in viewset.get_urlpatterns()
    }


def assert_refused(response, url):
    """403, 404, 405, or Wagtail's redirect home or to sign-in."""
    assert response.status_code in {302, 403, 404, 405}, url
    if response.status_code == 302:
        location = response["Location"]
        assert location == "/admin/" or location.startswith("/admin/login/"), url


@pytest.fixture
def bare_staff():
    """Staff with admin access and no other permission."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return user


@pytest.fixture
def under_review(contributor, focal_point, ghana, reviewer):
    entry = create_entry(contributor, ghana, title="Submitted committee")
    services.submit(actor=focal_point, entry=entry)
    comment = review_services.add_comment(
        actor=reviewer, entry=entry, body="Which committee?"
    )
    return entry, comment


def uploaded_job(person):
    return ImportJob.objects.create(
        kind=ImportKind.ENTRIES,
        created_by=person,
        file_name="entries.csv",
        sha256="0" * 64,
        size=1,
    )


def test_the_walk_knows_every_custom_viewset_of_the_project():
    assert set(custom_viewsets()) == {REVIEW, IMPORTS, NOTIFICATIONS}


@pytest.mark.parametrize(
    "role", ["publisher", "administrator", "bare_staff", "contributor"]
)
def test_every_review_address_refuses_those_who_do_not_review(
    client, request, role, under_review
):
    entry, comment = under_review
    client.force_login(request.getfixturevalue(role))
    urls = addresses(REVIEW, pk=entry.pk, comment_id=comment.pk)
    assert len(urls) >= 10
    forged = {
        "body": "Forged",
        "kind": "accept",
        "resolved": "1",
        "reviewer": "",
        "parent": comment.pk,
        "message": "Forged",
    }
    for name, url in urls.items():
        # Publishing is the publishers' step, refused to everyone else below.
        if name == "publish" and role == "publisher":
            continue
        assert_refused(client.get(url), url)
        assert_refused(client.post(url, forged), url)
    assert Comment.objects.count() == 1
    assert not Decision.objects.exists()
    assert not Assignment.objects.exists()
    comment.refresh_from_db()
    assert comment.body == "Which committee?" and comment.resolved_at is None


@pytest.mark.parametrize("role", ["reviewer", "administrator", "bare_staff"])
def test_only_publishers_reach_the_publish_step(client, request, role, under_review):
    entry, comment = under_review
    client.force_login(request.getfixturevalue(role))
    url = addresses(REVIEW, pk=entry.pk, comment_id=comment.pk)["publish"]
    assert_refused(client.get(url), url)
    assert_refused(client.post(url), url)


@pytest.mark.parametrize("role", ["publisher", "bare_staff", "contributor"])
def test_every_import_address_refuses_those_who_may_import_nothing(
    client, request, role, reviewer
):
    job = uploaded_job(reviewer)
    client.force_login(request.getfixturevalue(role))
    urls = addresses(IMPORTS, pk=job.pk, kind="entries", extension="csv")
    assert len(urls) == 5
    for url in urls.values():
        assert_refused(client.get(url), url)
        assert_refused(client.post(url), url)
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKING


def test_another_importers_job_is_not_found(client, reviewer, administrator):
    job = uploaded_job(reviewer)
    client.force_login(administrator)
    for name in ("job", "confirm", "cancel"):
        url = reverse(f"{IMPORTS}:{name}", args=[job.pk])
        assert client.post(url).status_code == 404, url


def test_notifications_are_for_signed_in_staff_and_each_their_own(
    client, reviewer, publisher, contributor
):
    mine = Notification.objects.create(
        recipient=reviewer, subject="Private subject", body="Body", path="/"
    )
    urls = addresses(NOTIFICATIONS, pk=mine.pk)
    assert len(urls) == 4
    client.force_login(contributor)
    for url in urls.values():
        assert_refused(client.get(url), url)
        assert_refused(client.post(url, {"daily_digest": "1"}), url)
    client.force_login(publisher)
    assert client.get(urls["open"]).status_code == 404
    assert "Private subject" not in client.get(urls["index"]).content.decode()
    client.post(urls["read_all"])
    mine.refresh_from_db()
    assert mine.read_at is None


@pytest.mark.parametrize(
    ("role", "menu"),
    [
        ("reviewer", {"review-queue", "import", "notifications"}),
        ("administrator", {"import", "notifications"}),
        ("publisher", {"notifications"}),
        ("bare_staff", {"notifications"}),
    ],
)
def test_menu_items_show_only_to_those_their_screens_let_in(
    client, request, role, menu
):
    from wagtail.admin.menu import admin_menu

    user = request.getfixturevalue(role)
    client.force_login(user)
    home = client.get("/admin/")
    shown = {
        item.name
        for item in admin_menu.menu_items_for_request(home.wsgi_request)
        if item.name in {"review-queue", "import", "notifications"}
    }
    assert shown == menu
    for namespace, viewset in custom_viewsets().items():
        url = reverse(f"{namespace}:{viewset.get_urlpatterns()[0].name}")
        answer = client.get(url)
        if viewset.get_menu_item().name in menu:
            assert answer.status_code == 200, url
        else:
            assert_refused(answer, url)
