"""Cell readers for imports: each turns a cell's text into a value or raises a
ValueError whose message a person can act on. Lookups are loaded once per
import, so no row costs a query."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from import_export.widgets import Widget

from compendium.text import refuse_control_characters

LIST_SEPARATOR = re.compile(r"[;\n]")
SOURCE = re.compile(r"\s*(?P<title>[^<>]*?)\s*<(?P<url>[^<>]*)>\s*;?")


def key(text):
    """How cell texts are compared with codes and names: case and spacing aside."""
    return " ".join(str(text).split()).casefold()


def split_list(value):
    return [part.strip() for part in LIST_SEPARATOR.split(value or "") if part.strip()]


def check_cell(value):
    """Refuses what no cell may hold: a formula; a NUL character, which the
    database cannot store in text (it comes from a file in some program's own
    format, read as text); or another control character, which the site's
    exports, feed and PDF cannot carry (compendium.text), as the portal's
    forms refuse it."""
    if value.startswith("="):
        raise ValueError(
            _(
                "The cell holds a spreadsheet formula (%(start)s…), not text. "
                "Type the text itself."
            )
            % {"start": value[:20]}
        )
    if "\x00" in value:
        raise ValueError(
            _(
                "The cell holds an invisible NUL character, which text cannot "
                "keep. Delete it, or type the cell again."
            )
        )
    try:
        refuse_control_characters(value)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None


class TextWidget(Widget):
    """Text as typed, trimmed; never a formula."""

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        check_cell(value)
        return value


class LookupWidget(Widget):
    """One item named by any of its codes or names."""

    def __init__(self, lookup, unknown):
        super().__init__()
        self.lookup = lookup  # {key(code or name): value}
        self.unknown = unknown  # message with %(value)s

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return None
        check_cell(value)
        try:
            return self.lookup[key(value)]
        except KeyError:
            raise ValueError(self.unknown % {"value": value}) from None


class ListWidget(Widget):
    """Several items, separated by semicolons or new lines, each named by a code
    or a name; gives their sorted ids."""

    # Cells repeat ("I; II", "GHA"): each one is read once per import.
    MAX_KEPT = 10000

    def __init__(self, lookup, unknown):
        super().__init__()
        self.lookup = lookup
        self.unknown = unknown
        self.read = {}

    def clean(self, value, row=None, **kwargs):
        try:
            return list(self.read[value])
        except KeyError:
            ids = self._read(value)
        if len(self.read) < self.MAX_KEPT:
            self.read[value] = ids
        return list(ids)

    def _read(self, value):
        found, unknown = set(), []
        for part in split_list(value):
            check_cell(part)
            item = self.lookup.get(key(part))
            if item is None:
                unknown.append(part)
            else:
                found.add(item)
        if unknown:
            raise ValueError(
                self.unknown % {"value": "”, “".join(unknown[:5])}
                + (" " + _("(and %(count)s more)") % {"count": len(unknown) - 5})
                * (len(unknown) > 5)
            )
        return sorted(found)


class YearWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return None
        if not re.fullmatch(r"\d{4}(\.0+)?", value):
            raise ValueError(
                _("“%(value)s” is not a year. Write it as four digits, such as 2015.")
                % {"value": value[:40]}
            )
        return int(float(value))


TRUE = {"yes", "y", "true", "1", "x", "ongoing", "oui", "sí", "si"}
FALSE = {"no", "n", "false", "0", "non", ""}


class YesNoWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        value = key(value or "")
        if value in TRUE:
            return True
        if value in FALSE:
            return False
        raise ValueError(
            _("Write yes or no (or leave the cell empty for no), not “%(value)s”.")
            % {"value": value[:40]}
        )


class SourcesWidget(Widget):
    """Sources written as `Title <https://address>`, separated by semicolons,
    the way the compendium's own downloads write them."""

    validate_url = URLValidator(schemes=["http", "https"])
    # Most addresses are plainly well formed; Django's full check (measured at
    # a sixth of the time of checking a row) is kept for the others.
    plain_url = re.compile(
        r"https?://[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?(?:/[\w\-./%?=&#~+]*)?", re.I
    )

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        sources, position = [], 0
        while position < len(value):
            match = SOURCE.match(value, position)
            if not match or not match.group("title"):
                raise ValueError(
                    _(
                        "Write each source as Title <https://address>, separated "
                        "by semicolons; “%(value)s” is not in that form."
                    )
                    % {"value": value[position : position + 60].strip()}
                )
            title = match.group("title").lstrip("; ").strip()
            url = match.group("url").strip()
            check_cell(title)
            check_cell(url)
            try:
                if len(url) > 500:
                    raise ValidationError("too long")
                if not self.plain_url.fullmatch(url):
                    self.validate_url(url)
            except ValidationError:
                raise ValueError(
                    _(
                        "“%(url)s” is not a web address; it must start with "
                        "http:// or https://."
                    )
                    % {"url": url[:80]}
                ) from None
            sources.append((title[:255], url))
            position = match.end()
        return sources
