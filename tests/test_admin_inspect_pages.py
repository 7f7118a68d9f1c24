"""Every inspect page of the project's admin reads as people write: "—" for
nothing, "Yes" and "No", never None, True, False or an empty value."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.models import Invitation, Organisation
from compendium.admin_inspect import ReadableInspectMixin, readable
from compendium.choices import EditionKind
from compendium.models import (
    AtrocityCrime,
    CompendiumEntry,
    Country,
    Edition,
    Pillar,
    PracticeArea,
    Priority,
    Region,
)
from contributions.models import PracticeEntry
from review.models import FeedbackRound
from tests.compendium.factories import publish_entry
from tests.contributions.factories import PracticeEntryFactory
from tests.review.factories import feedback_round

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"accounts", "compendium", "contributions", "review"}


def project_inspect_viewsets():
    # The admin's URLs register the viewsets the first time they are read.
    reverse("wagtailadmin_home")
    return [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet)
        and type(viewset).__module__.split(".")[0] in PROJECT_APPS
        and viewset.inspect_view_enabled
    ]


@pytest.fixture
def objects_with_empty_values(contributor, focal_point, ghana, publisher):
    """One object per inspected model, each with fields left empty, unset
    (None) and true or false."""
    entry = PracticeEntryFactory(
        organisation=ghana, author=contributor, focal_point=focal_point, submitted=True
    )
    edition = Edition.objects.create(
        label="1.1", title="First update", kind=EditionKind.PRE_PUBLICATION
    )
    PracticeArea.objects.get_or_create(
        code="early-warning", defaults={"name": "Early warning"}
    )
    for term in (Pillar, Priority, AtrocityCrime, PracticeArea):
        term.objects.update(description="")
    return {
        CompendiumEntry: publish_entry(end_year=None, ongoing=True),
        Edition: edition,
        Pillar: Pillar.objects.first(),
        Priority: Priority.objects.first(),
        AtrocityCrime: AtrocityCrime.objects.first(),
        PracticeArea: PracticeArea.objects.first(),
        Region: Region.objects.filter(parent__isnull=True).first(),
        Country: Country.objects.filter(intermediate_region__isnull=True).first(),
        Organisation: Organisation.objects.get(pk=ghana.pk),
        Invitation: Invitation.objects.create(
            email="new.member@example.org",
            organisation=ghana,
            role="contributor",
            token_hash="0" * 64,
            expires_at=timezone.now() + datetime.timedelta(days=7),
        ),
        PracticeEntry: PracticeEntry.objects.get(pk=entry.pk),
        FeedbackRound: feedback_round(
            edition,
            title="Feedback on 1.1",
            opens=datetime.timedelta(days=1),
            closes=datetime.timedelta(days=14),
            instructions="",
        ),
    }


def values_shown(body):
    """The page's markup with the space around tags taken out, so that a value
    printed alone in its element reads >None<."""
    return re.sub(r"\s*(<|>)\s*", r"\1", body)


def test_every_inspect_view_of_the_project_shows_values_readably():
    found = project_inspect_viewsets()
    assert len(found) >= 12
    for viewset in found:
        assert issubclass(viewset.inspect_view_class, ReadableInspectMixin), viewset


def test_no_inspect_page_prints_none_true_false_or_nothing(
    client, superuser, objects_with_empty_values
):
    client.force_login(superuser)
    for viewset in project_inspect_viewsets():
        shown = objects_with_empty_values[viewset.model]
        url = reverse(viewset.get_url_name("inspect"), args=[shown.pk])
        response = client.get(url)
        assert response.status_code == 200, url
        body = values_shown(response.content.decode())
        for raw in (">None<", ">True<", ">False<", "<dd></dd>"):
            assert raw not in body, (url, raw)
        assert "<dd>—</dd>" in body or "<dd>Yes</dd>" in body, url


def test_unset_and_true_or_false_values_read_as_words(
    client, superuser, objects_with_empty_values
):
    client.force_login(superuser)
    edition = objects_with_empty_values[Edition]
    body = values_shown(
        client.get(f"/admin/edition/inspect/{edition.pk}/").content.decode()
    )
    assert "<dt>Released</dt><dd>—</dd>" in body
    assert "<dt>Release notes</dt><dd>—</dd>" in body

    entry = objects_with_empty_values[CompendiumEntry]
    body = values_shown(
        client.get(
            f"/admin/snippets/compendium/compendiumentry/inspect/{entry.pk}/"
        ).content.decode()
    )
    assert "<dt>Ongoing</dt><dd>Yes</dd>" in body
    assert "<dt>End year</dt><dd>—</dd>" in body
    assert "<dt>Atrocity crimes</dt><dd>—</dd>" in body
    # Rich text reads as text, not as its HTML source.
    assert "&lt;p&gt;" not in body
    assert "The committee meets monthly." in body


def test_readable_keeps_real_values_and_names_the_empty_ones():
    assert readable(None) == "—"
    assert readable("") == "—"
    assert readable("  ") == "—"
    assert readable([]) == "—"
    assert readable(True) == "Yes"
    assert readable(False) == "No"
    assert readable(0) == 0
    assert readable("Ghana") == "Ghana"
