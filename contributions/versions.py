"""Reading an entry's versions and comparing any two of them, field by field."""

import copy

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, OuterRef, Subquery
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from compendium import classification, diff
from compendium.diff import FORMATTED, LIST, TEXT, Changes, word_diff  # noqa: F401
from compendium.models.content import period_of
from compendium.retiring import missing_label
from contributions.choices import EntryStatus, SubmissionLanguage
from contributions.models import (
    Attachment,
    EntryTransition,
    PracticeEntry,
    RevisionInfo,
    Source,
)
from contributions.models.entries import written_fields
from contributions.richtext import to_text


def _fields():
    def terms(facets):
        return [(facet.field, facet.plural, LIST) for facet in facets]

    return [
        ("title", _("Title"), TEXT),
        ("summary", _("Summary"), TEXT),
        ("description", _("Description"), FORMATTED),
        *terms(classification.published()),
        ("period", _("Period"), TEXT),
        *terms(classification.contributed_only()),
        ("language", _("Language of submission"), TEXT),
        ("internal_contact", _("Internal contact"), TEXT),
        ("sources", _("Sources"), LIST),
        ("attachments", _("Attachments"), LIST),
    ]


# (name in the snapshot, label, how it is compared); the order shown to people:
# what the compendium would publish, then what only the Office reads.
FIELDS = classification.Computed(_fields)
FIELD_LABELS = classification.ComputedMapping(
    lambda: {name: label for name, label, _kind in FIELDS}
)
# {field: (taxonomy model, how a version shows a term)}
TAXONOMY_FIELDS = classification.ComputedMapping(
    lambda: {
        facet.field: (facet.model, facet.describe) for facet in classification.facets()
    }
)


def history(entry):
    """The entry's versions, newest first, with author: one query."""
    return list(
        RevisionInfo.objects.filter(entry=entry)
        .select_related("revision__user")
        .order_by("-number")
    )


# While the entry is in one of these states its organisation cannot change it,
# so the Office reads its current version.
WITH_THE_OFFICE = frozenset(
    {
        EntryStatus.SUBMITTED,
        EntryStatus.UNDER_REVIEW,
        EntryStatus.ACCEPTED,
        EntryStatus.DECLINED,
    }
)
# What a version holds of the entry itself, as the Office reads it.
ENTRY_TEXT = tuple(written_fields(with_classification=False))


def office_version(entry):
    """The number of the version the Office reads: the one last submitted (see
    PracticeEntry.objects.seen_by_office), or None if the entry never was.

    While the entry is with the Office, or decided, that is its current
    version. Once it is back with its organisation (changes requested, ready
    again, withdrawn), it is the newest version saved before the entry last
    went to the Office; versions saved since are the organisation's own."""
    if entry.status in WITH_THE_OFFICE:
        return entry.version_number
    last_submitted = entry.transitions.filter(
        to_status=EntryStatus.SUBMITTED
    ).aggregate(at=Max("created_at"))["at"]
    if last_submitted is None:
        return None
    return RevisionInfo.objects.filter(
        entry=entry, revision__date_created__lte=last_submitted
    ).aggregate(number=Max("number"))["number"]


def office_history(entry, number=None):
    """The versions the Office may read, newest first: up to the one last
    submitted (or `number`, if office_version was already asked)."""
    if number is None:
        number = office_version(entry)
    if number is None:
        return []
    return [info for info in history(entry) if info.number <= number]


def as_submitted(entry, number=None):
    """The entry as the Office reads it, with its sources and attachments:
    (entry, sources, attachments). Itself while its current version is the one
    last submitted; otherwise an unsaved copy holding that version's text, with
    the sources and attachments that version had (status, reference and
    organisation stay as they are now)."""
    if number is None:
        number = office_version(entry)
    if number is None or number == entry.version_number:
        return entry, list(entry.sources.all()), list(entry.attachments.all())
    info = RevisionInfo.objects.select_related("revision__user").get(
        entry=entry, number=number
    )
    entry_type, source_type, attachment_type = (
        ContentType.objects.get_for_model(model)
        for model in (PracticeEntry, Source, Attachment)
    )
    then = copy.copy(entry)
    sources, attachments = [], []
    for version in Version.objects.filter(revision=info.revision).order_by("pk"):
        if version.content_type_id == entry_type.pk:
            data = version.field_dict
            for name in ENTRY_TEXT:
                setattr(then, name, data.get(name))
        elif version.content_type_id == source_type.pk:
            sources.append(version._object_version.object)
        elif version.content_type_id == attachment_type.pk:
            attachments.append(version._object_version.object)
    then.version_number = number
    then.updated_at = info.revision.date_created
    then.updated_by = info.revision.user
    sources.sort(key=lambda source: (source.sort_order, source.pk))
    attachments.sort(key=lambda attachment: attachment.pk)
    return then, sources, attachments


def submitted_versions(entries):
    """{entry id: its data as last submitted} for those of `entries` (a
    queryset) whose organisation has saved versions since it last submitted
    them; the others are read as they stand. The data is the version's
    field_dict (classification as lists of ids), with "version_number", the
    revision's "updated_at" and "updated_by_id", and "sources" as
    [[sort order, id, title, url], …].

    One query, however many entries, and two more when some were changed
    since: only entries back with their organisation are looked at."""
    back = entries.exclude(status__in=WITH_THE_OFFICE).order_by()
    last_submitted = (
        EntryTransition.objects.filter(
            entry=OuterRef("entry_id"), to_status=EntryStatus.SUBMITTED
        )
        .order_by()
        .values("entry")
        .annotate(at=Max("created_at"))
        .values("at")
    )
    found, current = {}, {}
    for entry_id, number, revision_id, saved_at, submitted_at, latest in (
        RevisionInfo.objects.filter(entry__in=back.values("pk"))
        .annotate(submitted_at=Subquery(last_submitted))
        .filter(submitted_at__isnull=False)
        .order_by("entry_id", "number")
        .values_list(
            "entry_id",
            "number",
            "revision_id",
            "revision__date_created",
            "submitted_at",
            "entry__version_number",
        )
    ):
        current[entry_id] = latest
        if saved_at <= submitted_at:
            found[entry_id] = (number, revision_id)
    older = {
        entry_id: (number, revision_id)
        for entry_id, (number, revision_id) in found.items()
        if number < current[entry_id]
    }
    if not older:
        return {}
    entry_type, source_type = (
        ContentType.objects.get_for_model(model) for model in (PracticeEntry, Source)
    )
    revisions = {revision_id: entry_id for entry_id, (_n, revision_id) in older.items()}
    data = {entry_id: {"sources": []} for entry_id in older}
    for version in Version.objects.filter(
        revision_id__in=revisions, content_type__in=[entry_type, source_type]
    ).select_related("revision"):
        entry_id = revisions[version.revision_id]
        fields = version.field_dict
        if version.content_type_id == entry_type.pk:
            data[entry_id].update(fields)
            data[entry_id]["version_number"] = older[entry_id][0]
            data[entry_id]["updated_at"] = version.revision.date_created
            data[entry_id]["updated_by_id"] = version.revision.user_id
        else:
            data[entry_id]["sources"].append(
                [fields["sort_order"], fields["id"], fields["title"], fields["url"]]
            )
    return data


def show_as_submitted(entries):
    """Gives entries of a list (a page of an Office's listing) their text as
    last submitted, where their organisation changed them since; in place."""
    entries = list(entries)
    found = submitted_versions(
        PracticeEntry.objects.filter(pk__in=[entry.pk for entry in entries])
    )
    for entry in entries:
        data = found.get(entry.pk)
        if data:
            for name in ENTRY_TEXT:
                if name in entry.__dict__:  # not deferred
                    setattr(entry, name, data.get(name))
            entry.version_number = data["version_number"]
            entry.updated_at = data["updated_at"]
    return entries


def snapshots(entry, numbers):
    """{number: {field: text or list of texts}} for the given version numbers.

    A constant number of queries however many versions, sources or
    classifications there are.
    """
    infos = {
        info.revision_id: info.number
        for info in RevisionInfo.objects.filter(entry=entry, number__in=numbers)
    }
    entry_type, source_type, attachment_type = (
        ContentType.objects.get_for_model(model)
        for model in (PracticeEntry, Source, Attachment)
    )
    raw = {number: {"sources": [], "attachments": []} for number in infos.values()}
    for version in Version.objects.filter(revision_id__in=infos).order_by("pk"):
        number = infos[version.revision_id]
        data = version.field_dict
        if version.content_type_id == entry_type.pk:
            raw[number]["entry"] = data
        elif version.content_type_id == source_type.pk:
            raw[number]["sources"].append(data)
        elif version.content_type_id == attachment_type.pk:
            raw[number]["attachments"].append(data)

    labels = _taxonomy_labels(data["entry"] for data in raw.values() if "entry" in data)
    return {number: _snapshot(data, labels) for number, data in raw.items()}


def entry_data(revision):
    """What a version holds of the entry itself (its field_dict: text, and
    classification as lists of ids)."""
    version = Version.objects.filter(
        revision=revision,
        content_type=ContentType.objects.get_for_model(PracticeEntry),
    ).first()
    return version.field_dict if version is not None else {}


def missing_classification(data):
    """{field: [ids]} of the classification in a version's `data` that names
    items which no longer exist (deleted before reference data was retired
    instead). Retired items exist: a version that names one restores it."""
    missing = {}
    for name, (model, _label) in TAXONOMY_FIELDS.items():
        wanted = set(data.get(name) or [])
        if not wanted:
            continue
        found = set(
            model._base_manager.filter(pk__in=wanted).values_list("pk", flat=True)
        )
        if wanted - found:
            missing[name] = sorted(wanted - found)
    return missing


def left_out(missing, *, done=True):
    """A sentence for each item of `missing` a restore leaves out (done) or
    would leave out."""
    sentences = []
    for name, ids in missing.items():
        model = TAXONOMY_FIELDS[name][0]
        for pk in ids:
            values = {
                "kind": capfirst(model._meta.verbose_name),
                "name": missing_label(model, pk),
            }
            if done:
                sentence = gettext(
                    "%(kind)s “%(name)s” no longer exists and was left out."
                )
            else:
                sentence = gettext(
                    "%(kind)s “%(name)s” no longer exists and will be left out."
                )
            sentences.append(sentence % values)
    return sentences


def _taxonomy_labels(entry_datas):
    taxonomy = dict(TAXONOMY_FIELDS)
    wanted = {name: set() for name in taxonomy}
    entry_datas = list(entry_datas)
    for data in entry_datas:
        for name in taxonomy:
            wanted[name].update(data.get(name) or [])
    labels = {}
    for name, (model, label) in taxonomy.items():
        found = model.objects.in_bulk(wanted[name]) if wanted[name] else {}
        labels[name] = {pk: label(obj) for pk, obj in found.items()}
    return labels


def _snapshot(data, labels):
    entry = data.get("entry", {})
    snapshot = {
        "title": entry.get("title", ""),
        "summary": entry.get("summary", ""),
        "description": to_text(entry.get("description", "")),
        "period": str(
            period_of(
                entry.get("start_year"), entry.get("end_year"), entry.get("ongoing")
            )
        ),
        "language": str(
            dict(SubmissionLanguage.choices).get(entry.get("language"), "")
        ),
        "internal_contact": entry.get("internal_contact", ""),
        "sources": [
            f"{source['title']} — {source['url']}"
            for source in sorted(
                data["sources"], key=lambda s: (s.get("sort_order", 0), s["id"])
            )
        ],
        "attachments": [
            attachment["display_name"]
            for attachment in sorted(data["attachments"], key=lambda a: a["id"])
        ],
    }
    for name in labels:
        names = [
            labels[name].get(pk, _("(removed item)")) for pk in entry.get(name) or []
        ]
        snapshot[name] = sorted(str(label) for label in names)
    return snapshot


def compare(old, new):
    """Every field of two snapshots, changed or not, in display order."""
    return diff.compare(old, new, FIELDS)
