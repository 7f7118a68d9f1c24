import factory
from django.contrib.auth import get_user_model

from accounts.choices import MembershipRole
from accounts.models import Membership, Organisation
from accounts.roles import staff_group
from compendium.choices import OrganisationKind

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.net")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def staff_roles(self, create, extracted, **kwargs):
        """staff_roles=[StaffRole.REVIEWER] puts the user in those groups."""
        if create and extracted:
            self.groups.add(*(staff_group(role) for role in extracted))


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Civil Society Network {n}")
    short_name = factory.Sequence(lambda n: f"CSN{n}")
    kind = OrganisationKind.CIVIL_SOCIETY

    class Meta:
        model = Organisation
        django_get_or_create = ["name"]


class MembershipFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.CONTRIBUTOR

    class Meta:
        model = Membership

    class Params:
        focal_point = factory.Trait(role=MembershipRole.FOCAL_POINT)
        observer = factory.Trait(role=MembershipRole.OBSERVER)


def entry_form_data(**overrides):
    """A valid POST for the entry form, sources included (two rows, one filled)."""
    from compendium.models import Pillar, Priority

    data = {
        "title": "National committee for the prevention of genocide",
        "summary": "An inter-ministerial committee that monitors risk factors.",
        "description": "<p>The committee meets monthly.</p>",
        "pillars": [Pillar.objects.get(code="I").pk],
        "priorities": [Priority.objects.get(code="2").pk],
        "start_year": "2012",
        "end_year": "",
        "language": "en",
        "internal_contact": "Desk officer, +233 000 000",
        "message": "",
        "sources-TOTAL_FORMS": "2",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "sources-0-title": "Decree establishing the committee",
        "sources-0-url": "https://example.gov/decree",
        "sources-1-title": "",
        "sources-1-url": "",
    }
    data.update(overrides)
    return data


def create_entry(actor, organisation, **overrides):
    """An entry saved through the service, as version 1."""
    from accounts.models import Organisation
    from contributions import services
    from contributions.forms import NewEntryForm, SourceFormSet
    from contributions.models import PracticeEntry

    data = entry_form_data(organisation=organisation.pk, **overrides)
    form = NewEntryForm(
        data, organisations=Organisation.objects.filter(pk=organisation.pk)
    )
    sources = SourceFormSet(data, instance=PracticeEntry(), prefix="sources")
    assert form.is_valid(), form.errors
    assert sources.is_valid(), sources.errors
    return services.save_entry(
        actor=actor, form=form, sources_formset=sources, message="First draft"
    )


def edit_entry(actor, entry, message="", **overrides):
    """Save a new version through the service, starting from the entry as it is:
    its sources are kept unless the overrides change them, and one empty source
    row is offered (overrides may fill it)."""
    from contributions import services
    from contributions.forms import PracticeEntryForm, SourceFormSet

    entry.refresh_from_db()
    source_overrides = {k: v for k, v in overrides.items() if k.startswith("sources-")}
    field_overrides = {
        k: v for k, v in overrides.items() if not k.startswith("sources-")
    }
    data = {
        key: value
        for key, value in entry_form_data(
            expected_version=entry.version_number, **field_overrides
        ).items()
        if not key.startswith("sources-")
    }
    existing = list(entry.sources.all())
    data["sources-TOTAL_FORMS"] = str(len(existing) + 1)
    data["sources-INITIAL_FORMS"] = str(len(existing))
    data["sources-MIN_NUM_FORMS"] = "0"
    data["sources-MAX_NUM_FORMS"] = "1000"
    for index, source in enumerate(existing):
        data[f"sources-{index}-id"] = str(source.pk)
        data[f"sources-{index}-title"] = source.title
        data[f"sources-{index}-url"] = source.url
    data[f"sources-{len(existing)}-title"] = ""
    data[f"sources-{len(existing)}-url"] = ""
    data.update(source_overrides)

    form = PracticeEntryForm(data, instance=entry)
    sources = SourceFormSet(data, instance=entry, prefix="sources")
    assert form.is_valid(), form.errors
    assert sources.is_valid(), sources.errors
    return services.save_entry(
        actor=actor,
        form=form,
        sources_formset=sources,
        message=message,
        expected_version=form.cleaned_data["expected_version"],
    )
