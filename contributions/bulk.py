"""Writing many entries' classification, sources and versions in a few queries.

Both the spreadsheet import and the synthetic entries of `seed_demo --entries`
write entries by the thousand. Each entry's version must look exactly as
django-reversion records it when an entry is saved through the portal (a
Revision with a Version of the entry, with its many-to-many ids, and of each
source, numbered by a RevisionInfo), so history, diffs and restore treat them
like any other.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import router
from django.utils import timezone
from reversion.models import Revision, Version

from contributions.models import PracticeEntry, RevisionInfo, Source

CLASSIFICATION = [field.name for field in PracticeEntry._meta.many_to_many]


class EntryWriter:
    """Writes the rows that go with entries already inserted: one bulk insert (or
    delete) per kind of row for a whole batch."""

    def __init__(self, batch_size=2000):
        self.batch_size = batch_size
        self.db = router.db_for_write(PracticeEntry)
        content_types = ContentType.objects.get_for_models(PracticeEntry, Source)
        self.entry_type = content_types[PracticeEntry].pk
        self.source_type = content_types[Source].pk
        self.m2m = [
            (
                m2m.name,
                m2m.remote_field.through,
                f"{m2m.m2m_field_name()}_id",
                f"{m2m.m2m_reverse_field_name()}_id",
            )
            for m2m in PracticeEntry._meta.many_to_many
        ]
        self.entry_fields = [
            f.name for f in PracticeEntry._meta.concrete_fields if not f.primary_key
        ]

    def classify(self, entries, classification_of, replace=False):
        """Links each entry to its terms: classification_of(entry) gives
        {"pillars": [ids], …}. With replace, earlier links are removed first."""
        ids = [entry.pk for entry in entries]
        for name, through, entry_column, other_column in self.m2m:
            if replace:
                through.objects.filter(**{f"{entry_column}__in": ids}).delete()
            through.objects.bulk_create(
                [
                    through(**{entry_column: entry.pk, other_column: other})
                    for entry in entries
                    for other in classification_of(entry).get(name, ())
                ],
                batch_size=self.batch_size,
            )

    def add_sources(self, entries, sources_of, replace=False):
        """Inserts each entry's sources, sources_of(entry) giving (title, url)
        pairs in order; returns {entry id: [Source]}."""
        if replace:
            Source.objects.filter(entry_id__in=[entry.pk for entry in entries]).delete()
        sources = [
            Source(entry_id=entry.pk, title=title, url=url, sort_order=index)
            for entry in entries
            for index, (title, url) in enumerate(sources_of(entry))
        ]
        Source.objects.bulk_create(sources, batch_size=self.batch_size)
        by_entry = {entry.pk: [] for entry in entries}
        for source in sources:
            by_entry[source.entry_id].append(source)
        return by_entry

    def add_versions(
        self,
        entries,
        *,
        classification_of,
        sources,
        user_of,
        comment,
        action,
        as_saved=None,
    ):
        """Records each entry's current state as its version entry.version_number.

        sources is {entry id: [Source]}; as_saved(entry) may give field values
        that differed when the version was saved (synthetic entries are saved as
        drafts and moved on later).
        """
        now = timezone.now()
        revisions = [
            Revision(date_created=now, user_id=user_of(entry), comment=comment)
            for entry in entries
        ]
        Revision.objects.bulk_create(revisions, batch_size=self.batch_size)
        versions = []
        revision_of = {}
        serialised = PythonSerializer().serialize(entries, fields=self.entry_fields)
        for entry, revision, item in zip(entries, revisions, serialised, strict=True):
            revision_of[entry.pk] = revision
            item["fields"].update(classification_of(entry))
            if as_saved:
                item["fields"].update(as_saved(entry))
            versions.append(self._version(revision, self.entry_type, entry, item))
        every_source = [
            source for entry in entries for source in sources.get(entry.pk, ())
        ]
        for source, item in zip(
            every_source, PythonSerializer().serialize(every_source), strict=True
        ):
            versions.append(
                self._version(
                    revision_of[source.entry_id], self.source_type, source, item
                )
            )
        Version.objects.bulk_create(versions, batch_size=self.batch_size)
        RevisionInfo.objects.bulk_create(
            [
                RevisionInfo(
                    revision_id=revision.pk,
                    entry_id=entry.pk,
                    number=entry.version_number,
                    action=action,
                )
                for entry, revision in zip(entries, revisions, strict=True)
            ],
            batch_size=self.batch_size,
        )

    def _version(self, revision, content_type_id, obj, item):
        return Version(
            revision_id=revision.pk,
            content_type_id=content_type_id,
            object_id=str(obj.pk),
            db=self.db,
            format="json",
            serialized_data=json.dumps(
                [item], cls=DjangoJSONEncoder, ensure_ascii=False
            ),
            object_repr=str(obj),
        )
