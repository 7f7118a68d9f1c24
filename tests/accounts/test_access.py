"""Who reaches /admin/ and /contribute/: every role, denials included."""

import pytest
from django.urls import reverse

from tests.contributions.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ADMIN_REFUSAL = "You do not have permission to access the admin"


@pytest.mark.parametrize(
    "role", ["reviewer", "publisher", "administrator", "superuser"]
)
def test_staff_reach_the_admin(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "wagtail" in response.content.decode().lower()


@pytest.mark.parametrize("role", ["focal_point", "contributor", "observer"])
def test_organisation_members_are_refused_the_admin_the_way_wagtail_refuses(
    client, request, role
):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))

    followed = client.get("/admin/", follow=True)
    assert followed.status_code == 200
    assert ADMIN_REFUSAL in followed.content.decode()


def test_anonymous_visitor_is_sent_to_the_admin_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_member_cannot_open_an_admin_screen_directly(client, focal_point):
    client.force_login(focal_point)
    response = client.get("/admin/organisations/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("role", ["focal_point", "contributor", "observer"])
def test_members_reach_the_portal(client, request, role, ghana):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/contribute/")
    assert response.status_code == 200
    assert "Ghana" in response.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in_from_the_portal(client):
    response = client.get("/contribute/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/contribute/"


@pytest.mark.parametrize("role", ["reviewer", "publisher", "administrator"])
def test_staff_without_membership_are_pointed_to_the_admin(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/contribute/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Go to the administration" in body
    assert 'href="/admin/"' in body


def test_member_of_an_inactive_organisation_is_refused_the_portal(client):
    membership = MembershipFactory(organisation=OrganisationFactory(active=False))
    client.force_login(membership.user)
    response = client.get("/contribute/")
    assert response.status_code == 403
    assert "not a member of any active organisation" in response.content.decode()


def test_portal_lists_only_the_members_own_organisations(client, contributor, denmark):
    client.force_login(contributor)
    body = client.get("/contribute/").content.decode()
    assert "Ghana" in body
    assert "Denmark" not in body


def test_member_cannot_see_another_organisations_members(
    client, contributor, denmark, other_focal_point
):
    client.force_login(contributor)
    response = client.get(f"/contribute/organisations/{denmark.pk}/members/")
    assert response.status_code == 404
    assert other_focal_point.email not in response.content.decode()


def test_observer_sees_members_but_no_invitation_form(client, observer, ghana):
    client.force_login(observer)
    response = client.get(f"/contribute/organisations/{ghana.pk}/members/")
    assert response.status_code == 200
    body = response.content.decode()
    assert observer.email in body
    assert "Send invitation" not in body


def test_administrators_manage_users_in_wagtail(client, administrator, contributor):
    client.force_login(administrator)
    assert client.get("/admin/users/").status_code == 200
    response = client.get(f"/admin/users/edit/{contributor.pk}/")
    assert response.status_code == 200
    assert contributor.email in response.content.decode()


@pytest.mark.parametrize("role", ["reviewer", "publisher"])
def test_other_staff_cannot_manage_users(client, request, role, contributor):
    client.force_login(request.getfixturevalue(role))
    response = client.get(f"/admin/users/edit/{contributor.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
