"""Field-by-field differences between two snapshots of an entry, with word-level
changes in text: used for contributed versions and for released editions."""

import difflib
import re
from dataclasses import dataclass, field

from .analysis import CJK

TEXT, FORMATTED, LIST = "text", "formatted", "list"

# Spaces, words, and each punctuation mark; and each Chinese character on its
# own, as Chinese writes no space between words: a change of one character
# marks that character, not the whole sentence around it.
_TOKEN = re.compile(rf"\s+|[{CJK}]|(?:(?![{CJK}])\w)+|[^\w\s]")


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
    """[(op, text)] with op "equal", "insert" or "delete", at word level (at
    character level in Chinese).

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


def compare(old, new, fields):
    """Every field of two snapshots, changed or not, in the order of `fields`
    ((name, label, kind) triples)."""
    changes = Changes()
    for name, label, kind in fields:
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
