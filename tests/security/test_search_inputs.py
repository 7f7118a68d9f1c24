"""No search or filter box of the site can fail: whatever is typed into it (a
whole book, quotes, brackets, the operators of SQL and of full-text engines,
control characters, emoji, right-to-left text), the page answers normally, on
SQLite as on PostgreSQL, for the person the page is meant for.

Every listing of the Wagtail admin that searches or filters is found from the
site's own addresses, so a listing added later is tested without being named
here."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver
from django.utils.functional import cached_property
from PIL import Image
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image as WagtailImage

from accounts.choices import MembershipRole
from accounts.services import invite
from review.models import Feedback, FeedbackRound
from tests.compendium.factories import publish_entry, release_edition
from tests.contributions.factories import PracticeEntryFactory

pytestmark = pytest.mark.django_db

NASTY = {
    "50,000 characters": "prevention " * 4_545 + "x" * 5,
    "50,000 characters, one word": "a" * 50_000,
    "50,000 characters of operators": '("* AND ' * 6_250,
    "quotes": '"early warning" \'mediation\' “curly” «guillemets» "unclosed',
    "parentheses": "(early (warning) mediation))( (",
    "asterisks": "* warn* *ing **",
    "control characters": "early\x01\x02\x07\x08\x0b\x0c\x1b\x1f\x7f\u0085 warning",
    "emoji": "🌍🕊️ peace 👩🏽‍⚖️ justice 🇬🇭",
    "right-to-left text": "حماية السكان من الفظائع \u200f مسؤولية \u202e",
    "full-text operators": (
        'AND OR NOT NEAR(early warning, 2) " * ^ : - + title:x {a b}'
    ),
    "operators alone": "NOT",
    "a lone quote": '"',
    "a lone hyphen": "-",
    "column filter": "title:genocide summary: ^early",
    "SQL": "' OR 1=1; DROP TABLE compendium_search; --",
    "LIKE wildcards": "%_%\\%[a-z]",
    "backslashes": "\\\\ \\",
    "combining marks alone": "\u0301\u0302\u0308",
    "tabs and newlines": "early\twarning\r\nmediation\n",
}

# Parts of an address that are not searched but must not fail either.
PUBLIC = ["/compendium/", "/compendium/editions/1.0/"]
API = ["/api/v1/editions/1.0/entries/"]
PORTAL = ["/contribute/"]

# Who uses each of the project's listings; Wagtail's own are tried as a
# superuser, who reaches them all.
ROLES = {
    "/admin/review/": "reviewer",
    "/admin/practice_entries/": "reviewer",
    "/admin/feedback/": "reviewer",
    "/admin/feedback_round/": "publisher",
    "/admin/snippets/compendium/compendiumentry/": "publisher",
    "/admin/edition/": "publisher",
    "/admin/organisations/": "administrator",
    "/admin/invitations/": "administrator",
    "/admin/pillars/": "administrator",
    "/admin/priorities/": "administrator",
    "/admin/atrocity_crimes/": "administrator",
    "/admin/practice_areas/": "administrator",
    "/admin/regions/": "administrator",
    "/admin/countries/": "administrator",
    "/admin/sg_reports/": "administrator",
}

# Searches of Wagtail's own that are not listings of the generic kind.
OTHER_ADMIN_SEARCHES = [
    ("/admin/pages/search/", "q"),
    ("/admin/choose-page/search/", "q"),
    ("/admin/snippets/choose/compendium/compendiumentry/results/", "q"),
    ("/admin/documents/chooser/results/", "q"),
    ("/admin/images/chooser/results/", "q"),
    ("/admin/workflows/task_chooser/results/", "q"),
    ("/admin/reports/site-history/", "q"),
    ("/admin/api/main/pages/", "search"),
    ("/admin/tag-autocomplete/", "term"),
]


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def admin_listings():
    """{address: filter names} of every admin listing with a search box or
    filters, without arguments in its address (a listing's results alone, as
    the search box fetches them, included)."""
    found = {}
    for route, pattern in _routes(get_resolver().url_patterns):
        view = getattr(pattern.callback, "view_class", None)
        if "<" in route or "^" in route or not isinstance(view, type):
            continue
        if not issubclass(view, BaseListingView):
            continue
        given = getattr(pattern.callback, "view_initkwargs", {})
        filterset = given.get("filterset_class", view.filterset_class)
        filters = list(getattr(filterset, "base_filters", {}))
        # True, or worked out for each model's listing (a property).
        flag = view.is_searchable
        searchable = (
            given.get("search_fields", view.search_fields)
            or flag is True
            or isinstance(flag, property | cached_property)
        )
        if filters or searchable:
            found["/" + route] = filters
    return found


LISTINGS = admin_listings()


def role_of(address):
    for start, role in ROLES.items():
        if address.startswith(start):
            return role
    return "superuser"


@pytest.fixture
def everything(publisher, reviewer, contributor, focal_point, ghana, administrator):
    """A row in every table that is searched, so that every search compares
    the query with something: a released edition, an entry under review,
    feedback, an invitation, a document, an image and a redirect."""
    publish_entry(
        title="Early warning in Côte d'Ivoire",
        summary="Mediators of São Tomé and Príncipe met in Türkiye.",
        reference="CP-0001",
    )
    edition = release_edition(publisher, "1.0")
    PracticeEntryFactory(
        organisation=ghana,
        author=contributor,
        focal_point=focal_point,
        submitted=True,
        title="Radio for peace in Curaçao",
    )
    round = FeedbackRound.objects.create(
        title="Feedback on 1.0",
        edition=edition,
        opens_at="2015-01-01T00:00Z",
        closes_at="2015-02-01T00:00Z",
    )
    Feedback.objects.create(
        round=round,
        organisation=ghana,
        author=contributor,
        reference="CP-0001",
        body="The committee of Réunion was renamed.",
    )
    invite(
        actor=administrator,
        email="someone@example.org",
        organisation=ghana,
        role=MembershipRole.CONTRIBUTOR,
    )
    Document.objects.create(
        title="Decree of 2012", file=ContentFile(b"decree", name="decree.pdf")
    )
    picture = io.BytesIO()
    Image.new("RGB", (4, 4)).save(picture, "PNG")
    WagtailImage.objects.create(
        title="Map of the region", file=ContentFile(picture.getvalue(), "map.png")
    )
    Redirect.objects.create(old_path="/old-warning", redirect_link="/compendium/")


def failures(client, address, names=("q",), extra=None):
    """[(what was typed, how the page failed)] for every nasty value typed
    into each of `names` of the page at `address`."""
    found = []
    for label, value in NASTY.items():
        params = {name: value for name in names}
        params.update(extra or {})
        try:
            response = client.get(address, params)
        except Exception as error:  # noqa: BLE001 - every failure is reported
            found.append((label, f"{type(error).__name__}: {error}"[:300]))
            continue
        if response.status_code != 200:
            found.append((label, response.status_code))
        elif "html" in response["Content-Type"] and not _rendered(response):
            found.append((label, "the page stops short"))
    return found


def assert_answers(client, address, names=("q",)):
    found = failures(client, address, names)
    assert not found, f"{address}:\n" + "\n".join(
        f"  {label}: {failure}" for label, failure in found
    )


def _rendered(response):
    body = response.content.decode()
    return body.rstrip().endswith("</html>") or "<html" not in body


def test_the_admin_listings_found_include_each_search_of_the_office(
    everything,
):
    """Guard for the tests below: the listings are found from the addresses."""
    for address in [
        "/admin/review/",
        "/admin/practice_entries/",
        "/admin/feedback/",
        "/admin/organisations/",
        "/admin/invitations/",
        "/admin/countries/",
        "/admin/snippets/compendium/compendiumentry/",
        "/admin/users/",
        "/admin/documents/",
    ]:
        assert address in LISTINGS


@pytest.mark.parametrize("address", PUBLIC + API)
def test_a_public_search_answers_whatever_is_typed(client, everything, address):
    assert_answers(client, address)


@pytest.mark.parametrize("address", PUBLIC + API)
def test_a_public_filter_answers_whatever_is_typed(client, everything, address):
    names = [
        "pillar",
        "priority",
        "crime",
        "region",
        "country",
        "org_kind",
        "year_from",
        "year_to",
        "sort",
        "page",
    ]
    assert_answers(client, address, names)


@pytest.mark.parametrize("address", PORTAL)
def test_the_portal_search_answers_whatever_is_typed(
    client, everything, contributor, address
):
    client.force_login(contributor)
    assert_answers(client, address, ["q"])
    assert_answers(client, address, ["q", "status", "pillar", "page"])


@pytest.mark.parametrize("address", sorted(LISTINGS))
def test_an_admin_search_answers_whatever_is_typed(
    client, everything, request, address
):
    client.force_login(request.getfixturevalue(role_of(address)))
    assert client.get(address).status_code == 200
    assert_answers(client, address)


@pytest.mark.parametrize(
    "address", sorted(address for address, filters in LISTINGS.items() if filters)
)
def test_an_admin_filter_answers_whatever_is_typed(
    client, everything, request, address
):
    client.force_login(request.getfixturevalue(role_of(address)))
    names = ["q"]
    for name in LISTINGS[address]:
        names += [name, f"{name}_after", f"{name}_before", f"{name}_0", f"{name}_1"]
    assert_answers(client, address, names)


@pytest.mark.parametrize(("address", "name"), OTHER_ADMIN_SEARCHES)
def test_the_admin_choosers_and_page_search_answer_whatever_is_typed(
    client, everything, superuser, address, name
):
    client.force_login(superuser)
    assert_answers(client, address, [name])


def test_a_query_that_is_not_utf_8_is_answered(client, everything, reviewer):
    client.force_login(reviewer)
    for address in ["/compendium/", "/admin/review/", "/admin/organisations/"]:
        response = client.get(address, QUERY_STRING="q=%ED%A0%80%FF%FE%C3")
        assert response.status_code in (200, 302), address
