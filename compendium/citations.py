"""How to cite an entry of an edition, or a whole edition: the sentence shown
on the page and the files reference managers import (BibTeX, RIS, CSL-JSON),
all from one `Citation`, so that every form names the same work, the same
edition and the same stable address.

A citation is pinned to an edition: its date is the edition's release and its
address the edition's own (/compendium/editions/<label>/entries/<reference>/),
never "the current edition", whose content changes with the next release.

Every field goes through `printable` and has its runs of white space made one
space: a title pasted with a control character or a line break would
otherwise end a RIS line or break a BibTeX entry. Text in any script (Arabic,
Chinese) is kept as it is, in UTF-8; each format escapes what is special to
it.
"""

import json
import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .text import printable

COMPENDIUM = "R2P Compendium of Practice"
# The Office that assembles and publishes the compendium, as the site's header
# names it; files for reference managers carry it in English.
PUBLISHER = (
    "United Nations Office on Genocide Prevention and the Responsibility to Protect"
)

FORMATS = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}

_SPACES = re.compile(r"\s+")


def clean(text):
    """One line of printable text: no control character, no NUL, no line break."""
    return _SPACES.sub(" ", printable(str(text or ""))).strip()


def licence():
    """The licence the compendium's content is published under (settings):
    {"name", "url"}; the API's page and the pages' structured data state it."""
    return {
        "name": settings.COMPENDIUM_LICENCE_NAME,
        "url": settings.COMPENDIUM_LICENCE_URL,
    }


def edition_date(edition):
    """The date an edition is cited by: its release, or for a pre-publication
    edition read in a feedback round, when it was shared."""
    moment = edition.released_at or edition.shared_at or edition.created_at
    return moment.date()


@dataclass
class Citation:
    kind: str  # "entry" or "edition"
    key: str
    title: str
    author: str
    edition_label: str
    edition_title: str
    issued: date
    url: str
    language: str = "en"
    reference: str = ""
    abstract: str = ""
    publisher: str = PUBLISHER
    container: str = COMPENDIUM

    @property
    def year(self):
        return self.issued.year


def _key(*parts):
    return re.sub(r"[^a-z0-9]+", "-", "-".join(("r2p-compendium", *parts)).lower())


def for_entry(edition, row, url):
    """The citation of one entry as released in `edition`, at its stable `url`."""
    return Citation(
        kind="entry",
        key=_key(edition.label, row.reference),
        title=clean(row.title),
        author=clean(row.contributor_name),
        edition_label=clean(edition.label),
        edition_title=clean(edition.title),
        issued=edition_date(edition),
        url=url,
        language=row.language,
        reference=clean(row.reference),
        abstract=clean(row.summary),
    )


def for_edition(edition, url):
    """The citation of a whole edition, at its own `url`."""
    return Citation(
        kind="edition",
        key=_key(edition.label),
        title=COMPENDIUM,
        author=PUBLISHER,
        edition_label=clean(edition.label),
        edition_title=clean(edition.title),
        issued=edition_date(edition),
        url=url,
    )


def entry_url(request, edition, reference):
    return request.build_absolute_uri(
        reverse("compendium_public:edition_entry", args=[edition.label, reference])
    )


def edition_url(request, edition):
    return request.build_absolute_uri(
        reverse("compendium_public:edition", args=[edition.label])
    )


# The sentence, in the reader's language.


def as_text(citation):
    values = {
        "contributor": citation.author,
        "title": citation.title,
        "label": citation.edition_label,
        "year": citation.year,
        "reference": citation.reference,
        "publisher": _(
            "United Nations Office on Genocide Prevention and the Responsibility "
            "to Protect"
        ),
        "url": citation.url,
    }
    if citation.kind == "entry":
        return (
            _(
                "%(contributor)s. %(title)s. In: R2P Compendium of Practice, "
                "edition %(label)s (%(year)s), entry %(reference)s. %(publisher)s. "
                "%(url)s"
            )
            % values
        )
    return (
        _(
            "%(publisher)s. R2P Compendium of Practice, edition %(label)s "
            "(%(year)s). %(url)s"
        )
        % values
    )


# BibTeX: the characters TeX reads as commands are escaped; a field's text is
# in braces, which escaped braces never end.

_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text):
    return "".join(_BIBTEX.get(char, char) for char in clean(text))


def as_bibtex(citation):
    # An organisation as author goes in a second pair of braces, or BibTeX
    # takes its last word for a surname.
    fields = [
        ("author", "{" + bibtex_escape(citation.author) + "}"),
        ("title", bibtex_escape(citation.title)),
    ]
    if citation.kind == "entry":
        kind = "misc"
        fields += [
            (
                "howpublished",
                bibtex_escape(
                    f"{citation.container}, edition {citation.edition_label}, "
                    f"entry {citation.reference}"
                ),
            ),
            ("number", bibtex_escape(citation.reference)),
        ]
    else:
        kind = "book"
        fields.append(("note", bibtex_escape(citation.edition_title)))
    fields += [
        ("edition", bibtex_escape(citation.edition_label)),
        ("publisher", bibtex_escape(citation.publisher)),
        ("year", str(citation.year)),
        ("date", citation.issued.isoformat()),
        ("language", bibtex_escape(citation.language)),
        # A URL is read verbatim by the url package: only its braces and
        # percent signs would matter, and a built address has no braces.
        ("url", citation.url.replace("%", r"\%")),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{citation.key},\n{body}\n}}\n"


# RIS: one "TAG  - value" per line, TY first and ER last.


def as_ris(citation):
    if citation.kind == "entry":
        lines = [
            ("TY", "ENCYC"),
            ("TI", citation.title),
            ("AU", citation.author),
            ("T2", citation.container),
            ("ET", citation.edition_label),
            ("AN", citation.reference),
            ("AB", citation.abstract),
        ]
    else:
        lines = [
            ("TY", "BOOK"),
            ("TI", citation.title),
            ("AU", citation.author),
            ("ET", citation.edition_label),
            ("N1", citation.edition_title),
        ]
    lines += [
        ("PY", str(citation.year)),
        ("DA", citation.issued.strftime("%Y/%m/%d")),
        ("PB", citation.publisher),
        ("LA", citation.language),
        ("UR", citation.url),
        ("ID", citation.key),
    ]
    text = "".join(f"{tag}  - {clean(value)}\r\n" for tag, value in lines if value)
    return text + "ER  - \r\n"


# CSL-JSON: a list of items, as citeproc and reference managers read them.


def as_csl(citation):
    item = {
        "id": citation.key,
        "type": "entry-encyclopedia" if citation.kind == "entry" else "book",
        "title": citation.title,
        "author": [{"literal": citation.author}],
        "edition": citation.edition_label,
        "publisher": citation.publisher,
        "issued": {
            "date-parts": [
                [citation.issued.year, citation.issued.month, citation.issued.day]
            ]
        },
        "URL": citation.url,
        "language": citation.language,
    }
    if citation.kind == "entry":
        item["container-title"] = citation.container
        item["number"] = citation.reference
        item["abstract"] = citation.abstract
    else:
        item["note"] = citation.edition_title
    return [item]


def as_csl_json(citation):
    return json.dumps(as_csl(citation), ensure_ascii=False, indent=2) + "\n"


WRITERS = {"bib": as_bibtex, "ris": as_ris, "json": as_csl_json}
