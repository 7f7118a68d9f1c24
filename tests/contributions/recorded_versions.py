"""What django-reversion records when an entry is saved through the portal, for
tests of the places that write versions in bulk (import, synthetic entries)."""

import json

from django.core import serializers
from reversion.models import Version

from contributions.models import PracticeEntry


def assert_recorded_as_reversion_would(entry, **as_saved):
    """The entry's single version holds Django's JSON of the entry (its
    many-to-many ids included, in any order), with `as_saved` field values, and
    of each of its sources, labelled as reversion labels them; nothing else."""
    info = entry.revision_infos.get()
    stored = {
        (version.content_type.model, version.object_id): (
            json.loads(version.serialized_data),
            version.object_repr,
        )
        for version in Version.objects.filter(revision_id=info.revision_id)
    }
    expected = json.loads(serializers.serialize("json", [entry]))
    expected[0]["fields"].update(as_saved)
    data, label = stored.pop(("practiceentry", str(entry.pk)))
    for item in (data, expected):
        for field in PracticeEntry._meta.many_to_many:
            item[0]["fields"][field.name].sort()
    assert (data, label) == (expected, str(entry))
    for source in entry.sources.all():
        data, label = stored.pop(("source", str(source.pk)))
        assert data == json.loads(serializers.serialize("json", [source]))
        assert label == str(source)
    assert stored == {}
