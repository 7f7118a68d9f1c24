import pytest

from accounts.choices import StaffRole
from accounts.models import Organisation
from tests.contributions.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.second_factor import authenticator_app


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def ghana():
    """Ghana's organisation, created with every State's by the data migration."""
    return Organisation.objects.get(country__iso3="GHA")


@pytest.fixture
def denmark():
    return Organisation.objects.get(country__iso3="DNK")


@pytest.fixture
def focal_point(ghana):
    return MembershipFactory(organisation=ghana, focal_point=True).user


@pytest.fixture
def contributor(ghana):
    return MembershipFactory(organisation=ghana).user


@pytest.fixture
def observer(ghana):
    return MembershipFactory(organisation=ghana, observer=True).user


@pytest.fixture
def other_focal_point(denmark):
    return MembershipFactory(organisation=denmark, focal_point=True).user


@pytest.fixture
def civil_society():
    return OrganisationFactory()


@pytest.fixture
def reviewer():
    return UserFactory(staff_roles=[StaffRole.REVIEWER])


@pytest.fixture
def publisher():
    return UserFactory(staff_roles=[StaffRole.PUBLISHER])


@pytest.fixture
def administrator():
    return UserFactory(staff_roles=[StaffRole.ADMINISTRATOR])


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Attachments of each test go to their own folder, removed afterwards."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def draft(contributor, ghana):
    """Ghana's draft CP-0001 at version 1, written by a contributor."""
    from tests.contributions.factories import create_entry

    return create_entry(contributor, ghana)


@pytest.fixture(autouse=True)
def english_to_begin_with():
    """A request leaves its language active in the thread that served it:
    every test starts, and code run outside a request runs, in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages and per-edition answers are keyed by database ids, which a
    rolled-back test may hand out again: every test starts with empty caches."""
    from django.core.cache import cache

    from compendium import browse, localized, page_cache, search

    def forget():
        cache.clear()
        # Answers each process keeps per released edition, keyed by its id.
        browse._browsers.clear()
        browse._labels.clear()
        # Names of terms a test may have renamed, then rolled back.
        localized._names_by_code.clear()
        search._indexes.clear()
        search._common_words.clear()
        page_cache._recent.clear()

    forget()
    yield
    forget()


@pytest.fixture(autouse=True)
def staff_sign_in_includes_the_second_factor(request, monkeypatch):
    """client.force_login signs a person in fully: whoever must give a second
    factor (staff, superusers, members who turned it on) has given it in that
    session, with an authenticator app set up for them if they had none. Tests
    of the second factor itself opt out with @pytest.mark.real_second_factor."""
    if request.node.get_closest_marker("real_second_factor"):
        return
    from django.test import Client

    from accounts.two_factor import remember_verified, requires_second_factor

    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        # A fresh copy, so the test's own user object keeps no cached permissions.
        person = type(user)._default_manager.get(pk=user.pk)
        if requires_second_factor(person):
            session = self.session
            remember_verified(session, authenticator_app(person))
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture
def submitted(draft, focal_point):
    """Ghana's CP-0001, submitted to the Office by its focal point."""
    from tests.contributions.factories import SUBMITTED, advance

    return advance(draft, SUBMITTED, focal_point=focal_point)


@pytest.fixture
def accepted(submitted, reviewer):
    """Ghana's CP-0001, submitted and accepted by a reviewer at version 1."""
    from tests.contributions.factories import ACCEPTED, advance

    return advance(submitted, ACCEPTED, reviewer=reviewer)
