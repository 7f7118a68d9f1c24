"""Every admin surface of the project's viewsets and snippets asks for the
permission its listing asks for: choosers, their results and "chosen" answers,
previews, history, revisions and their comparison, usage, workflow screens,
inspect and bulk actions. Each address is walked with each of the Office's
roles, a bare staff account (admin access and nothing else) and forged ids,
and a refusal never carries the title of something the role cannot list."""

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLResolver, get_resolver, reverse

from accounts import services as account_services
from compendium.models import (
    AtrocityCrime,
    CompendiumEntry,
    Country,
    Edition,
    Pillar,
    PracticeArea,
    Priority,
    Region,
    SecretaryGeneralReport,
)
from review.models import Feedback
from tests.compendium.factories import publish_entry, release_edition
from tests.contributions.factories import (
    PracticeEntryFactory,
    UserFactory,
    create_entry,
)
from tests.review.factories import feedback_round

pytestmark = pytest.mark.django_db

DRAFT_ENTRY = "Unpublished compendium draft on courts"
DRAFT_PRACTICE = "Unsubmitted radio programme of Ghana"
SECRETS = (DRAFT_ENTRY, DRAFT_PRACTICE)

# Each viewset and snippet of the project, by URL namespace, and the roles that
# may list it (their groups carry one of its permissions).
SURFACES = {
    "wagtailsnippets_compendium_compendiumentry": {"publisher"},
    "wagtailsnippetchoosers_compendium_compendiumentry": {"publisher"},
    "edition": {"publisher"},
    "pillars": {"administrator"},
    "priorities": {"administrator"},
    "atrocity_crimes": {"administrator"},
    "practice_areas": {"administrator"},
    "regions": {"administrator"},
    "countries": {"administrator"},
    "sg_reports": {"administrator"},
    "organisations": {"reviewer", "publisher", "administrator"},
    "invitations": {"administrator"},
    "practice_entries": {"reviewer", "publisher", "administrator"},
    "feedback_round": {"reviewer", "publisher"},
    "feedback": {"reviewer", "publisher"},
}
ROLES = ["reviewer", "publisher", "administrator", "bare_staff"]
CHOOSER = "/admin/snippets/choose/compendium/compendiumentry/"


def project_urls():
    """(namespace, name, URL pattern) of every admin address of the project's
    viewsets and snippets, as Wagtail registered them."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace in SURFACES:
                yield namespace, pattern.name, pattern.pattern

    return list(walk(get_resolver().url_patterns))


def address(namespace, name, pattern, obj, revision_id):
    values = {
        "pk": obj.pk,
        "revision_id": revision_id,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "action_name": "approve",
        "task_state_id": 1,
        "workflow_state_id": 1,
        "task_id": 1,
        "attachment_id": 1,
    }
    kwargs = {group: values[group] for group in pattern.regex.groupindex}
    url = reverse(f"{namespace}:{name}", kwargs=kwargs)
    return url + (f"?id={obj.pk}" if name == "chosen_multiple" else "")


def assert_refused(response, url):
    """A refusal: 403, 404, 405 or Wagtail's redirect to the dashboard with its
    message (or to sign-in); never a page with what was asked for."""
    assert response.status_code in {302, 403, 404, 405}, url
    if response.status_code == 302:
        assert response["Location"] == "/admin/" or response["Location"].startswith(
            "/admin/login/"
        ), url
    if not getattr(response, "streaming", False):
        body = response.content.decode(errors="replace")
        for secret in SECRETS:
            assert secret not in body, url


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
def world(contributor, focal_point, ghana, superuser):
    """One object of each kind, among them a compendium entry never published
    (a draft only publishers may see) and Ghana's unsubmitted draft."""
    draft = publish_entry(title="Soon a draft")
    CompendiumEntry.objects.filter(pk=draft.pk).update(title=DRAFT_ENTRY, live=False)
    draft.refresh_from_db()
    draft.save_revision()
    practice_draft = create_entry(contributor, ghana, title=DRAFT_PRACTICE)
    submitted = PracticeEntryFactory(
        organisation=ghana,
        author=contributor,
        focal_point=focal_point,
        submitted=True,
        title="Submitted committee",
    )
    edition = Edition.objects.create(label="9.1", title="Edition", kind="official")
    round = feedback_round(
        edition,
        title="Round",
        opens=datetime.timedelta(0),
        closes=datetime.timedelta(days=14),
    )
    feedback = Feedback.objects.create(
        round=round,
        organisation=ghana,
        body="Remark",
        kind="entry",
        reference="CP-0001",
    )
    invitation = account_services.invite(
        actor=superuser, email="new@example.org", organisation=ghana, role="contributor"
    )
    return {
        "wagtailsnippets_compendium_compendiumentry": draft,
        "wagtailsnippetchoosers_compendium_compendiumentry": draft,
        "edition": edition,
        "pillars": Pillar.objects.first(),
        "priorities": Priority.objects.first(),
        "atrocity_crimes": AtrocityCrime.objects.first(),
        "practice_areas": PracticeArea.objects.first(),
        "regions": Region.objects.first(),
        "countries": Country.objects.first(),
        "sg_reports": SecretaryGeneralReport.objects.first(),
        "organisations": ghana,
        "invitations": invitation,
        "practice_entries": submitted,
        "feedback_round": round,
        "feedback": feedback,
        "practice_draft": practice_draft,
    }


def test_the_walk_covers_every_viewset_of_the_project():
    """A new viewset must be added to SURFACES to be walked."""
    from wagtail.admin.viewsets import viewsets

    walked = {namespace for namespace, _name, _pattern in project_urls()}
    assert walked == set(SURFACES)

    def app_of(viewset):
        model = getattr(viewset, "model", None)
        if isinstance(model, str):
            return model.split(".")[0]
        return model._meta.app_label if model is not None else None

    ours = {
        viewset.url_namespace
        for viewset in viewsets.viewsets
        if app_of(viewset) in {"compendium", "contributions", "review"}
        # Wagtail's own screens for the user model, under its own policy.
        and not viewset.url_namespace.startswith("wagtailusers_")
    }
    assert ours <= set(SURFACES)


@pytest.mark.parametrize("role", ROLES)
def test_every_surface_of_what_a_role_cannot_list_refuses_it(
    client, request, role, world
):
    client.force_login(request.getfixturevalue(role))
    revision_id = world["wagtailsnippets_compendium_compendiumentry"].latest_revision_id
    walked = 0
    for namespace, name, pattern in project_urls():
        if role in SURFACES[namespace]:
            continue
        url = address(namespace, name, pattern, world[namespace], revision_id)
        assert_refused(client.get(url), url)
        assert_refused(client.post(url), url)
        walked += 1
    assert walked >= 30


@pytest.mark.parametrize("role", ["reviewer", "administrator", "bare_staff"])
def test_the_snippet_chooser_lists_no_entry_to_staff_who_may_not_list_them(
    client, request, role, world
):
    draft = world["wagtailsnippets_compendium_compendiumentry"]
    client.force_login(request.getfixturevalue(role))
    for url in (
        CHOOSER,
        f"{CHOOSER}results/",
        f"{CHOOSER}results/?q=courts",
        f"{CHOOSER}chosen/{draft.pk}/",
        f"{CHOOSER}chosen-multiple/?id={draft.pk}",
    ):
        assert_refused(client.get(url), url)
        # As the chooser's modal asks, by XMLHttpRequest: 403, no JSON.
        answer = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
        assert answer.status_code == 403, url
        assert DRAFT_ENTRY not in answer.content.decode()


def test_publishers_still_choose_entries_drafts_included(client, publisher, world):
    draft = world["wagtailsnippets_compendium_compendiumentry"]
    client.force_login(publisher)
    results = client.get(f"{CHOOSER}results/?q=courts")
    assert results.status_code == 200
    assert DRAFT_ENTRY in results.content.decode()
    chosen = json.loads(client.get(f"{CHOOSER}chosen/{draft.pk}/").content)
    assert chosen["step"] == "chosen"
    assert chosen["result"]["string"] == str(draft)


@pytest.mark.parametrize("role", ["reviewer", "administrator", "bare_staff"])
def test_the_bulk_delete_of_entries_shows_no_title_to_those_who_cannot_list(
    client, request, role, world
):
    draft = world["wagtailsnippets_compendium_compendiumentry"]
    client.force_login(request.getfixturevalue(role))
    url = f"/admin/bulk/compendium/compendiumentry/delete/?id={draft.pk}"
    assert_refused(client.get(url), url)
    assert_refused(client.post(url), url)
    assert CompendiumEntry.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("role", ["reviewer", "bare_staff"])
def test_the_workflow_cancellation_question_is_for_those_who_publish(
    client, request, role, world
):
    draft = world["wagtailsnippets_compendium_compendiumentry"]
    client.force_login(request.getfixturevalue(role))
    url = (
        "/admin/snippets/compendium/compendiumentry/workflow/confirm_cancellation/"
        f"{draft.pk}/"
    )
    assert_refused(client.get(url), url)


def test_a_publisher_may_ask_the_workflow_cancellation_question(
    client, publisher, world
):
    draft = world["wagtailsnippets_compendium_compendiumentry"]
    client.force_login(publisher)
    url = (
        "/admin/snippets/compendium/compendiumentry/workflow/confirm_cancellation/"
        f"{draft.pk}/"
    )
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "role", ["reviewer", "publisher", "administrator", "superuser"]
)
def test_a_practice_entry_draft_answers_404_at_every_address_of_the_entries(
    client, request, role, world
):
    """Forged ids: the organisation's draft is not the Office's to see."""
    client.force_login(request.getfixturevalue(role))
    draft = world["practice_draft"]
    for namespace, name, pattern in project_urls():
        if namespace != "practice_entries" or "pk" not in pattern.regex.groupindex:
            continue
        url = address(namespace, name, pattern, draft, None)
        for response in (client.get(url), client.post(url)):
            assert response.status_code in {302, 403, 404}, url
            assert DRAFT_PRACTICE not in response.content.decode(), url


@pytest.mark.parametrize("role", ["reviewer", "publisher", "administrator"])
def test_lists_a_role_may_see_hold_no_draft(client, request, role, world):
    client.force_login(request.getfixturevalue(role))
    for url in (
        "/admin/practice_entries/",
        "/admin/practice_entries/?archived=all",
        "/admin/organisations/",
        f"/admin/organisations/inspect/{world['organisations'].pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert DRAFT_PRACTICE not in response.content.decode(), url


# Compendium entries in a released edition --------------------------------------


@pytest.fixture
def released_entry(publisher):
    entry = publish_entry(title="Released committee", reference="CP-0777")
    release_edition(publisher, label="1.0")
    return entry


def test_deleting_an_entry_of_a_released_edition_is_refused_with_a_message(
    client, superuser, released_entry
):
    client.force_login(superuser)
    url = f"/admin/snippets/compendium/compendiumentry/delete/{released_entry.pk}/"
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == "/admin/snippets/compendium/compendiumentry/"
    page = client.get("/admin/snippets/compendium/compendiumentry/")
    assert "CP-0777 (in 1.0) cannot be deleted" in page.content.decode()
    assert CompendiumEntry.objects.filter(pk=released_entry.pk).exists()


def test_the_bulk_delete_keeps_entries_of_released_editions_too(
    client, superuser, released_entry
):
    other = publish_entry(title="Never released")
    client.force_login(superuser)
    url = (
        "/admin/bulk/compendium/compendiumentry/delete/"
        f"?id={released_entry.pk}&id={other.pk}"
    )
    response = client.post(url)
    assert response.status_code == 302
    assert CompendiumEntry.objects.filter(pk=released_entry.pk).exists()
    assert CompendiumEntry.objects.filter(pk=other.pk).exists()


def test_an_entry_in_no_released_edition_can_still_be_deleted(client, superuser):
    entry = publish_entry(title="Written by mistake")
    client.force_login(superuser)
    url = f"/admin/snippets/compendium/compendiumentry/delete/{entry.pk}/"
    assert client.get(url).status_code == 200
    client.post(url)
    assert not CompendiumEntry.objects.filter(pk=entry.pk).exists()
