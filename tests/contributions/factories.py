"""People, organisations and practice entries for tests. An entry is written
through the entry form and taken through its life by the same services people
use, so what a test builds is what users would have made."""

import factory
from django.contrib.auth import get_user_model

from accounts.choices import MembershipRole, StaffRole
from accounts.models import Membership, Organisation
from accounts.roles import staff_group
from compendium.choices import OrganisationKind
from contributions import services
from contributions.choices import EntryStatus
from contributions.models import PracticeEntry

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
    from contributions.forms import NewEntryForm, SourceFormSet

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


# The life of an entry ------------------------------------------------------------

DRAFT = "draft"
READY = "ready"
SUBMITTED = "submitted"
UNDER_REVIEW = "under_review"
CHANGES_REQUESTED = "changes_requested"
ACCEPTED = "accepted"
DECLINED = "declined"
PUBLISHED = "published"
RELEASED = "released"
ROUND_OPEN = "round_open"

# Each state and the steps, from a fresh draft, that people take to reach it.
PATHS = {
    DRAFT: [],
    READY: ["mark_ready"],
    SUBMITTED: ["submit"],
    UNDER_REVIEW: ["submit", "start_review"],
    CHANGES_REQUESTED: ["submit", "request_changes"],
    ACCEPTED: ["submit", "accept"],
    DECLINED: ["submit", "decline"],
    PUBLISHED: ["submit", "accept", "publish"],
    RELEASED: ["submit", "accept", "publish", "release"],
    ROUND_OPEN: ["submit", "accept", "publish", "open_round"],
}
STATES = list(PATHS)

_STATUS_STATES = {
    EntryStatus.DRAFT: DRAFT,
    EntryStatus.READY: READY,
    EntryStatus.SUBMITTED: SUBMITTED,
    EntryStatus.UNDER_REVIEW: UNDER_REVIEW,
    EntryStatus.CHANGES_REQUESTED: CHANGES_REQUESTED,
    EntryStatus.ACCEPTED: ACCEPTED,
    EntryStatus.DECLINED: DECLINED,
}

REQUESTED_CHANGES = "Please add sources."
DECLINE_REASON = "Outside the compendium's scope."


def advance(
    entry,
    state,
    *,
    focal_point=None,
    reviewer=None,
    publisher=None,
    message=None,
):
    """Take an entry on to `state` through the services people use, from the
    state its status shows (an accepted entry counts as not yet published):
    the author marks it ready; the organisation's focal point submits it; a
    reviewer starts the review, requests changes, accepts or declines it
    (`message` for the last two); a publisher publishes the accepted version
    live in Wagtail, then releases an official edition with it or shares a
    pre-publication edition in a feedback round open to its organisation.
    People not given are made: a focal point of the organisation, a reviewer,
    a publisher. The entry comes back as the database now has it."""
    from review import publishing
    from review import services as review_services
    from review.choices import DecisionKind
    from tests.compendium.factories import EditionFactory
    from tests.review.factories import open_round

    def focal():
        nonlocal focal_point
        if focal_point is None:
            focal_point = MembershipFactory(
                organisation=entry.organisation, focal_point=True
            ).user
        return focal_point

    def office(role):
        return UserFactory(staff_roles=[role])

    done = PATHS[_STATUS_STATES[entry.status]]
    todo = PATHS[state]
    while done and todo and done[0] == todo[0]:
        done, todo = done[1:], todo[1:]
    if done and not todo:
        raise ValueError(f"A {entry.status} entry does not go back to {state}.")
    for step in todo:
        if step == "mark_ready":
            services.mark_ready(actor=entry.created_by, entry=entry)
        elif step == "submit":
            services.submit(actor=focal(), entry=entry)
        elif step == "start_review":
            reviewer = reviewer or office(StaffRole.REVIEWER)
            review_services.start_review(actor=reviewer, entry=entry)
        elif step in {"request_changes", "accept", "decline"}:
            reviewer = reviewer or office(StaffRole.REVIEWER)
            kind, default = {
                "request_changes": (DecisionKind.REQUEST_CHANGES, REQUESTED_CHANGES),
                "accept": (DecisionKind.ACCEPT, ""),
                "decline": (DecisionKind.DECLINE, DECLINE_REASON),
            }[step]
            review_services.decide(
                actor=reviewer,
                entry=entry,
                kind=kind,
                message=default if message is None else message,
            )
        elif step == "publish":
            publisher = publisher or office(StaffRole.PUBLISHER)
            published = publishing.publish(actor=publisher, entry=entry)
            published.get_latest_revision().publish(user=publisher)
        elif step == "release":
            EditionFactory(released=publisher)
        elif step == "open_round":
            open_round([entry.organisation], publisher=publisher)
        entry.refresh_from_db()
    return entry


class PracticeEntryFactory(factory.Factory):
    """An organisation's practice entry, written by a contributor through the
    entry form and taken to its state by the services (see `advance`), so it
    has the versions, transitions, audit log and visibility to the Office of
    one that people made:

        PracticeEntryFactory(organisation=ghana, author=contributor, submitted=True)

    Other keywords are the entry form's fields (`title="…"`,
    `pillars=[pillar.pk]`)."""

    organisation = factory.SubFactory(OrganisationFactory)
    author = factory.LazyAttribute(
        lambda o: MembershipFactory(organisation=o.organisation).user
    )
    state = DRAFT
    focal_point = None
    reviewer = None
    publisher = None
    message = None

    class Meta:
        model = PracticeEntry

    class Params:
        ready = factory.Trait(state=READY)
        submitted = factory.Trait(state=SUBMITTED)
        under_review = factory.Trait(state=UNDER_REVIEW)
        changes_requested = factory.Trait(state=CHANGES_REQUESTED)
        accepted = factory.Trait(state=ACCEPTED)
        declined = factory.Trait(state=DECLINED)
        published = factory.Trait(state=PUBLISHED)
        released = factory.Trait(state=RELEASED)
        round_open = factory.Trait(state=ROUND_OPEN)

    @classmethod
    def _create(cls, model_class, *, organisation, author, state, **fields):
        people = {
            name: fields.pop(name)
            for name in ("focal_point", "reviewer", "publisher", "message")
        }
        entry = create_entry(author, organisation, **fields)
        return advance(entry, state, **people)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("An entry exists only once the services save it.")
