"""Reading an entry's versions and comparing any two of them, field by field."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from compendium import diff
from compendium.diff import FORMATTED, LIST, TEXT, Changes, word_diff  # noqa: F401
from compendium.models import (
    AtrocityCrime,
    Country,
    Pillar,
    PracticeArea,
    Priority,
    Region,
    SecretaryGeneralReport,
)
from contributions.choices import SubmissionLanguage
from contributions.models import Attachment, PracticeEntry, RevisionInfo, Source
from contributions.richtext import to_text

# (name in the snapshot, label, how it is compared); the order shown to people.
FIELDS = [
    ("title", _("Title"), TEXT),
    ("summary", _("Summary"), TEXT),
    ("description", _("Description"), FORMATTED),
    ("pillars", _("Pillars"), LIST),
    ("priorities", _("Priorities"), LIST),
    ("crimes", _("Atrocity crimes"), LIST),
    ("practice_areas", _("Practice areas"), LIST),
    ("countries", _("Countries concerned"), LIST),
    ("regions", _("Regions"), LIST),
    ("period", _("Period"), TEXT),
    ("sg_reports", _("Related Secretary-General reports"), LIST),
    ("language", _("Language of submission"), TEXT),
    ("internal_contact", _("Internal contact"), TEXT),
    ("sources", _("Sources"), LIST),
    ("attachments", _("Attachments"), LIST),
]

TAXONOMY_FIELDS = {
    "pillars": (Pillar, str),
    "priorities": (Priority, str),
    "crimes": (AtrocityCrime, str),
    "practice_areas": (PracticeArea, str),
    "countries": (Country, str),
    "regions": (Region, str),
    "sg_reports": (SecretaryGeneralReport, lambda report: report.symbol),
}


def history(entry):
    """The entry's versions, newest first, with author: one query."""
    return list(
        RevisionInfo.objects.filter(entry=entry)
        .select_related("revision__user")
        .order_by("-number")
    )


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


def _taxonomy_labels(entry_datas):
    wanted = {name: set() for name in TAXONOMY_FIELDS}
    entry_datas = list(entry_datas)
    for data in entry_datas:
        for name in TAXONOMY_FIELDS:
            wanted[name].update(data.get(name) or [])
    labels = {}
    for name, (model, label) in TAXONOMY_FIELDS.items():
        found = model.objects.in_bulk(wanted[name]) if wanted[name] else {}
        labels[name] = {pk: label(obj) for pk, obj in found.items()}
    return labels


def _period(data):
    start, end = data.get("start_year"), data.get("end_year")
    if data.get("ongoing"):
        return f"{start} – {_('ongoing')}"
    if end and end != start:
        return f"{start}–{end}"
    return str(start or "")


def _snapshot(data, labels):
    entry = data.get("entry", {})
    snapshot = {
        "title": entry.get("title", ""),
        "summary": entry.get("summary", ""),
        "description": to_text(entry.get("description", "")),
        "period": _period(entry),
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
    for name in TAXONOMY_FIELDS:
        names = [
            labels[name].get(pk, _("(removed item)")) for pk in entry.get(name) or []
        ]
        snapshot[name] = sorted(str(label) for label in names)
    return snapshot


def compare(old, new):
    """Every field of two snapshots, changed or not, in display order."""
    return diff.compare(old, new, FIELDS)
