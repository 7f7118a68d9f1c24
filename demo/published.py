"""Compendium entries in bulk, for demo volume and benchmarks.

Publishing through Wagtail writes a revision, an audit entry and a few updates
per entry: right for the Office's work, far too slow for 100,000 synthetic
entries. This writes the same rows — the entry, its classification, sources, and
one Wagtail revision that is both its latest and its live revision — in batches.
publish_accepted() puts there the accepted practice entries that are not yet
published, as `seed_demo --entries` does after making them.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from compendium.bulk import classification_of, through_of
from compendium.choices import EntryOrigin
from compendium.classification import Computed, field_names, published
from compendium.models import CompendiumEntry, CompendiumSource
from contributions.choices import EntryStatus
from contributions.models import PracticeEntry, Source

BATCH = 2000
CLASSIFICATION = Computed(lambda: field_names(published()))
SCALARS = [
    "reference",
    "title",
    "summary",
    "description",
    "contributor_name",
    "contributor_kind",
    "start_year",
    "end_year",
    "ongoing",
    "origin",
    "source_version",
]


def bulk_publish(items, user=None):
    """Publish entries given as dicts: the SCALARS, `contributor_country_id`,
    a list of primary keys per CLASSIFICATION field and `sources` as
    [(title, url)]. Returns how many were written. Existing references are
    skipped, so running it twice adds nothing twice."""
    content_type = ContentType.objects.get_for_model(CompendiumEntry)
    throughs = {name: through_of(CompendiumEntry, name) for name in CLASSIFICATION}
    written = 0
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            written += _write(batch, content_type, throughs, user)
            batch = []
    if batch:
        written += _write(batch, content_type, throughs, user)
    return written


@transaction.atomic
def _write(batch, content_type, throughs, user):
    known = set(
        CompendiumEntry.objects.filter(
            reference__in=[item["reference"] for item in batch]
        ).values_list("reference", flat=True)
    )
    batch = [item for item in batch if item["reference"] not in known]
    if not batch:
        return 0
    now = timezone.now()
    entries = [
        CompendiumEntry(
            **{name: item.get(name) for name in SCALARS},
            contributor_country_id=item.get("contributor_country_id"),
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
        )
        for item in batch
    ]
    CompendiumEntry.objects.bulk_create(entries)
    for name, (through, target) in throughs.items():
        through.objects.bulk_create(
            [
                through(**{"compendiumentry_id": entry.pk, target: pk})
                for entry, item in zip(entries, batch, strict=True)
                for pk in item.get(name, [])
            ]
        )
    sources = [
        CompendiumSource(entry_id=entry.pk, title=title, url=url, sort_order=index)
        for entry, item in zip(entries, batch, strict=True)
        for index, (title, url) in enumerate(item.get("sources", []))
    ]
    CompendiumSource.objects.bulk_create(sources)
    sources_of = {}
    for source in sources:
        sources_of.setdefault(source.entry_id, []).append(source)
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(entry.pk),
            object_str=str(entry),
            user=user,
            created_at=now,
            content=_content(entry, item, sources_of.get(entry.pk, []), now),
        )
        for entry, item in zip(entries, batch, strict=True)
    ]
    Revision.objects.bulk_create(revisions)
    for entry, revision in zip(entries, revisions, strict=True):
        entry.latest_revision_id = entry.live_revision_id = revision.pk
    CompendiumEntry.objects.bulk_update(entries, ["latest_revision", "live_revision"])
    return len(entries)


def _content(entry, item, sources, now):
    """The revision's JSON, in the shape Wagtail's serializable_data() gives."""
    return {
        "pk": entry.pk,
        "latest_revision": None,
        "live": True,
        "has_unpublished_changes": False,
        "first_published_at": now.isoformat(),
        "last_published_at": now.isoformat(),
        "live_revision": None,
        "go_live_at": None,
        "expire_at": None,
        "expired": False,
        "locked": False,
        "locked_at": None,
        "locked_by": None,
        **{name: item.get(name) for name in SCALARS},
        "contributor_country": item.get("contributor_country_id"),
        "updated_at": now.isoformat(),
        "sources": [
            {
                "pk": source.pk,
                "sort_order": source.sort_order,
                "entry": entry.pk,
                "title": source.title,
                "url": source.url,
            }
            for source in sources
        ],
        "documents": [],
        **{name: list(item.get(name, [])) for name in CLASSIFICATION},
    }


def publish_accepted(user=None):
    """Put every accepted practice entry that is not yet in the compendium there,
    as the publisher would; returns how many."""
    return bulk_publish(accepted_items(), user=user)


def accepted_items():
    """Accepted practice entries not yet in the compendium, as bulk_publish
    items, read a batch at a time."""
    known = set(CompendiumEntry.objects.values_list("reference", flat=True))
    accepted = (
        PracticeEntry.objects.filter(status=EntryStatus.ACCEPTED)
        .exclude(reference__in=known)
        .select_related("organisation")
        .order_by("pk")
    )
    ids = list(accepted.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
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
