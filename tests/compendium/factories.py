"""Published compendium entries and editions for tests, made the way publishers
make them: a draft revision published in Wagtail, then an edition released."""

import itertools

import factory

from compendium import editions
from compendium.choices import EditionKind, EntryOrigin, OrganisationKind
from compendium.models import (
    CompendiumEntry,
    CompendiumSource,
    Country,
    Edition,
    Pillar,
    Priority,
)

_numbers = itertools.count(9001)


def publish_entry(
    title="National early warning committee",
    summary="An inter-ministerial committee that monitors risk factors.",
    description="<p>The committee meets monthly.</p>",
    pillars=("I",),
    priorities=("2",),
    countries=(),
    contributor=("Ghana", OrganisationKind.MEMBER_STATE, "GHA"),
    start_year=2012,
    end_year=None,
    ongoing=True,
    reference=None,
    user=None,
):
    """A compendium entry, published (live) at its first revision."""
    name, kind, iso3 = contributor
    entry = CompendiumEntry(
        reference=reference or f"CP-{next(_numbers)}",
        title=title,
        summary=summary,
        description=description,
        contributor_name=name,
        contributor_kind=kind,
        contributor_country=Country.objects.get(iso3=iso3) if iso3 else None,
        start_year=start_year,
        end_year=end_year,
        ongoing=ongoing,
        origin=EntryOrigin.CONTRIBUTED,
        live=False,
    )
    entry.pillars.set(list(Pillar.objects.filter(code__in=pillars)))
    entry.priorities.set(list(Priority.objects.filter(code__in=priorities)))
    entry.countries.set(list(Country.objects.filter(iso3__in=countries)))
    entry.sources = [CompendiumSource(title="Decree", url="https://example.gov/decree")]
    entry.save()
    entry.save_revision(user=user).publish(user=user)
    entry.refresh_from_db()
    return entry


def revise_entry(entry, user=None, **changes):
    """Publish a new revision of an entry with some fields changed."""
    draft = entry.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision(user=user).publish(user=user)
    entry.refresh_from_db()
    return entry


class EditionFactory(factory.django.DjangoModelFactory):
    """An edition in preparation; `pre_publication=True` for a preliminary
    version. `shared=publisher` shares it and `released=publisher` releases it
    through the editions service (`True`: a new publisher does), pinning the
    entries live at that moment."""

    label = factory.Sequence(lambda n: f"0.{n}")
    title = factory.LazyAttribute(lambda o: f"Edition {o.label}")
    kind = EditionKind.OFFICIAL

    class Meta:
        model = Edition
        skip_postgeneration_save = True

    class Params:
        pre_publication = factory.Trait(
            kind=EditionKind.PRE_PUBLICATION,
            label=factory.Sequence(lambda n: f"{2015 + n}-pre"),
            title="Preliminary version",
        )
        update = factory.Trait(kind=EditionKind.UPDATE)

    @factory.post_generation
    def shared(self, create, extracted, **kwargs):
        if create and extracted:
            editions.share(actor=_publisher(extracted), edition=self)
            self.refresh_from_db()

    @factory.post_generation
    def released(self, create, extracted, **kwargs):
        if create and extracted:
            editions.release(actor=_publisher(extracted), edition=self)
            self.refresh_from_db()


def _publisher(given):
    if given is True:
        from accounts.choices import StaffRole
        from tests.contributions.factories import UserFactory

        return UserFactory(staff_roles=[StaffRole.PUBLISHER])
    return given


def release_edition(publisher, label="1.0", kind=EditionKind.OFFICIAL, **fields):
    """An edition released by the publisher with every entry live now."""
    return EditionFactory(label=label, kind=kind, released=publisher, **fields)


def bulk_item(number, *, country, pillar, priority, **fields):
    """Entry `number` as demo.published.bulk_publish takes it: a State's
    contribution (`country`, a Country) under one pillar and one priority
    (their ids), about that State, with one source; `fields` replace any of
    its values."""
    return {
        "reference": f"CP-{number + 1:04d}",
        "title": f"Synthetic mediation practice {number}",
        "summary": "Mediators defuse tension before elections.",
        "description": "<p>Local peace committees meet every month.</p>",
        "contributor_name": country.name,
        "contributor_kind": OrganisationKind.MEMBER_STATE,
        "contributor_country_id": country.pk,
        "start_year": 2015,
        "end_year": None,
        "ongoing": True,
        "origin": EntryOrigin.CONTRIBUTED,
        "source_version": 1,
        "pillars": [pillar],
        "priorities": [priority],
        "countries": [country.pk],
        "sources": [("Report", "https://example.org/report")],
        **fields,
    }
