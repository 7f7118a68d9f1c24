"""The review's part of the demo data (the `seed_demo` hook): the Office accepts
the demo entries meant to be accepted and publishes them, releases edition 1.0
if none exists, and puts accepted synthetic entries into the compendium."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction

from compendium import editions
from compendium.bulk import classification_of
from compendium.choices import EditionKind, EntryOrigin
from compendium.models import CompendiumEntry, Edition
from compendium.synthetic import CLASSIFICATION, bulk_publish
from contributions.choices import EntryStatus
from contributions.models import PracticeEntry, Source

from . import publishing, services
from .choices import DecisionKind

REVIEWER = "reviewer@example.org"
PUBLISHER = "publisher@example.org"
CHUNK = 2000


def seed(stdout, *, to_accept, synthetic):
    people = get_user_model().objects.in_bulk([REVIEWER, PUBLISHER], field_name="email")
    reviewer, publisher = people.get(REVIEWER), people.get(PUBLISHER)
    if reviewer is None or publisher is None:
        return
    with transaction.atomic():
        for entry in to_accept.filter(status__in=[EntryStatus.SUBMITTED]):
            services.decide(actor=reviewer, entry=entry, kind=DecisionKind.ACCEPT)
        published = 0
        for entry in to_accept.filter(status=EntryStatus.ACCEPTED):
            if CompendiumEntry.objects.filter(reference=entry.reference).exists():
                continue
            draft = publishing.publish(actor=publisher, entry=entry)
            draft.get_latest_revision().publish(user=publisher)
            published += 1
        if published:
            stdout.write(f"Demo compendium entries published: {published}.")
        if not Edition.objects.exists() and CompendiumEntry.objects.filter(live=True):
            edition = Edition.objects.create(
                label="1.0",
                title="First official version",
                kind=EditionKind.OFFICIAL,
            )
            editions.release(actor=publisher, edition=edition)
            stdout.write("Demo edition 1.0 released: /compendium/")
    if synthetic:
        added = bulk_publish(_accepted_synthetic_items(), user=publisher)
        stdout.write(
            f"Accepted synthetic entries published in the compendium: {added:,} "
            "(release an edition in the admin to show them on the public site)."
        )


def _accepted_synthetic_items():
    """Accepted entries not yet in the compendium, as bulk_publish items, read a
    chunk at a time."""
    known = set(CompendiumEntry.objects.values_list("reference", flat=True))
    accepted = (
        PracticeEntry.objects.filter(status=EntryStatus.ACCEPTED)
        .exclude(reference__in=known)
        .select_related("organisation")
        .order_by("pk")
    )
    ids = list(accepted.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        classification = classification_of(PracticeEntry, CLASSIFICATION, chunk)
        sources = defaultdict(list)
        for entry_id, title, url in (
            Source.objects.filter(entry_id__in=chunk)
            .order_by("entry_id", "pk")
            .values_list("entry_id", "title", "url")
        ):
            sources[entry_id].append((title, url))
        for entry in accepted.filter(pk__in=chunk):
            yield {
                "reference": entry.reference,
                "title": entry.title,
                "summary": entry.summary,
                "description": entry.description,
                "contributor_name": entry.organisation.name,
                "contributor_kind": entry.organisation.kind,
                "contributor_country_id": entry.organisation.country_id,
                "start_year": entry.start_year,
                "end_year": entry.end_year,
                "ongoing": entry.ongoing,
                "origin": EntryOrigin.CONTRIBUTED,
                "source_version": entry.version_number,
                "sources": sources[entry.pk],
                **classification[entry.pk],
            }
