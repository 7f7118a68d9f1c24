import factory
from django.contrib.auth import get_user_model

from contributions.choices import MembershipRole, OrganisationKind
from contributions.models import Membership, Organisation
from contributions.roles import staff_group

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
