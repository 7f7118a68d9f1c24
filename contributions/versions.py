"""Reading an entry's versions and comparing any two of them, field by field."""

import difflib
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

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

TEXT, FORMATTED, LIST = "text", "formatted", "list"

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

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


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


@dataclass
class FieldChange:
    name: str
    label: str
    kind: str
    changed: bool
    segments: list = field(default_factory=list)
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    kept: list = field(default_factory=list)


def word_diff(old, new):
    """[(op, text)] with op "equal", "insert" or "delete", at word level.

    A lone space between two changes joins them, so a rewritten phrase reads as
    one removal and one addition rather than a word-by-word zigzag.
    """
    old_tokens, new_tokens = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    hunks = []  # [equal?, old text, new text]
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        hunks.append(
            [op == "equal", "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])]
        )
    for index in range(1, len(hunks) - 1):
        equal, text, _same = hunks[index]
        if (
            equal
            and not text.strip()
            and not hunks[index - 1][0]
            and not (hunks[index + 1][0])
        ):
            hunks[index][0] = False
    merged = []
    for hunk in hunks:
        if merged and not hunk[0] and not merged[-1][0]:
            merged[-1][1] += hunk[1]
            merged[-1][2] += hunk[2]
        else:
            merged.append(list(hunk))
    segments = []
    for equal, old_text, new_text in merged:
        if equal:
            segments.append(("equal", old_text))
            continue
        if old_text:
            segments.append(("delete", old_text))
        if new_text:
            segments.append(("insert", new_text))
    return segments


class Changes(list):
    """Every field's FieldChange, in display order."""

    @property
    def changed(self):
        return [change for change in self if change.changed]

    @property
    def unchanged_labels(self):
        return [str(change.label) for change in self if not change.changed]


def compare(old, new):
    """Every field of two snapshots, changed or not, in display order."""
    changes = Changes()
    for name, label, kind in FIELDS:
        before, after = old.get(name), new.get(name)
        if kind == LIST:
            before, after = before or [], after or []
            changes.append(
                FieldChange(
                    name,
                    label,
                    kind,
                    changed=before != after,
                    added=[item for item in after if item not in before],
                    removed=[item for item in before if item not in after],
                    kept=[item for item in after if item in before],
                )
            )
        else:
            changes.append(
                FieldChange(
                    name,
                    label,
                    kind,
                    changed=(before or "") != (after or ""),
                    segments=word_diff(before, after),
                )
            )
    return changes
