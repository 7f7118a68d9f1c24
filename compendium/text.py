"""Text as people write it, and as every output can carry it: one rule for the
characters that are not text, applied at input and again at each output.

What each kind of character gets, and why:

- Control characters: the C0 controls other than tab, line feed and carriage
  return (U+0001–U+0008, U+000B, U+000C, U+000E–U+001F), DEL (U+007F) and the
  C1 controls (U+0080–U+009F, NEL among them). No language writes with them;
  they come from text pasted out of terminals, PDFs or files in old encodings,
  and show as nothing or as boxes. XML 1.0 forbids the C0 ones, so a single
  one made openpyxl refuse a whole workbook (IllegalCharacterError) and the
  Atom feed's writer fail (UnserializableContentError); e-mail headers break
  lines at U+000B, U+000C, U+001C–U+001E and U+0085, which would split a
  subject into a header of its own. They are refused at input with a message
  naming the character and where it is (`refuse_control_characters`), and
  taken out again at every output that cannot carry them (`printable`): data
  stored before the rule, imported, or written by code still flows.
- NUL (U+0000): refused everywhere already (Django's own validator for forms,
  the import's cell check, the middleware for addresses); `printable` takes it
  out too.
- Lone surrogates (U+D800–U+DFFF) and the noncharacters U+FFFE and U+FFFF are
  not characters at all; XML forbids them. Treated as the controls.
- Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
  U+061C), zero-width characters (U+200B–U+200D, U+2060), the byte-order mark
  U+FEFF inside text, combining marks and emoji sequences are how Arabic,
  Hebrew, Persian, Indic scripts and emoji are written: kept, at input and in
  every output, which escape them as text and never interpret them.
- Markup ("<svg onload=…>", "&amp;") is text like any other: every output
  escapes it for its own format; none renders it.

JSON (the API and the JSON download) can carry every character escaped, so it
gives the text exactly as stored; so do e-mail bodies. Spreadsheets (CSV and
XLSX, `spreadsheet_cell`) and the Atom feed go through `printable`, e-mail
subjects through `one_line`. The site's pages and the PDF carry the text in
HTML, escaped, where a control character is a parse error HTML recovers from:
they are left to show it as browsers and the PDF's layout do (nothing, or a
box), which tests/security/test_any_character.py checks breaks neither.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What no output but JSON carries (see the module's description).
_NOT_TEXT = "\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
UNPRINTABLE = re.compile(f"[\x00{_NOT_TEXT}]+")
# Refused at input; NUL has its own validator in every form field already.
REFUSED = re.compile(f"[{_NOT_TEXT}]")
# Characters of context shown before a refused one, at most.
CONTEXT = 30
# What a spreadsheet program may run as a formula at the start of a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _replacement(match):
    # Vertical tab, form feed, the information separators and NEL separate
    # words: a space keeps two words apart, none is added beside a space or at
    # either end; every other control just goes.
    run, text = match.group(), match.string
    start, end = match.start(), match.end()
    if (
        any(character.isspace() for character in run)
        and start > 0
        and end < len(text)
        and not text[start - 1].isspace()
        and not text[end].isspace()
    ):
        return " "
    return ""


def printable(text):
    """`text` without the characters no output but JSON can carry: each
    control character (tab, line feed and carriage return aside), surrogate and
    noncharacter taken out, or made a space where it separated two words.
    Anything that is not a string is given back as it is."""
    if not isinstance(text, str) or UNPRINTABLE.search(text) is None:
        return text
    return UNPRINTABLE.sub(_replacement, text)


def neutralise(value):
    """Text that a spreadsheet shows as text, never runs as a formula: a text
    beginning with =, +, -, @, a tab or a carriage return (also after spaces,
    and in repeated forms such as ==1+1) is prefixed with an apostrophe, which
    spreadsheet programs show as plain text."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_cell(value):
    """A value as a spreadsheet cell (CSV or XLSX) holds it: a text printable
    and never a formula; anything else as it is."""
    return neutralise(printable(value)) if isinstance(value, str) else value


def one_line(text):
    """`text` as one line, for e-mail subjects and other headers: printable,
    and every run of spaces and line breaks of any kind (U+2028 and NEL
    included) one space."""
    return " ".join(printable(str(text)).split())


def refuse_control_characters(value):
    """A validator: refuses text holding a control character, saying which one
    and after what, so that the person can find and delete it."""
    if not isinstance(value, str):
        return
    found = REFUSED.search(value)
    if found is None:
        return
    before = " ".join(printable(value[: found.start()]).split()[-CONTEXT:])
    if len(before) > CONTEXT:
        # Whole words only, the first of them cut where it was.
        words = before[-CONTEXT:].split(" ", 1)
        before = "…" + words[-1]
    if before:
        message = _(
            "The text holds an invisible control character (U+%(code)04X) after "
            "“%(before)s”, which cannot be shown, printed or exported. Delete it, "
            "or type that passage again."
        )
    else:
        message = _(
            "The text holds an invisible control character (U+%(code)04X) at its "
            "start, which cannot be shown, printed or exported. Delete it, or type "
            "that passage again."
        )
    raise ValidationError(
        message,
        code="control_character",
        params={"code": ord(found.group()), "before": before},
    )


def refuse_control_characters_in(form):
    """Adds `refuse_control_characters` to every text field of a form instance
    (its fields are its own copies, so the form class is left as it is)."""
    from django import forms

    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            if refuse_control_characters not in field.validators:
                field.validators.append(refuse_control_characters)
    return form


class RefusesControlCharacters:
    """A form mixin: each of the form's text fields refuses control characters
    (`refuse_control_characters`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_control_characters_in(self)


def render_plain(template_name, context):
    """A plain-text template (an e-mail's subject or body) rendered as text:
    nothing in it is HTML-escaped, whatever the template says, so "<" and "&"
    arrive as typed, never as "&lt;" or "&amp;"."""
    from django.template import Context
    from django.template.loader import get_template

    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


class SpreadsheetCells:
    """A mixin for Wagtail's listing views with exports (list_export): each
    text of their CSV and XLSX files is a `spreadsheet_cell`, where Wagtail
    writes it as it is (an XLSX with a control character fails; a CSV cell
    may start a formula)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return spreadsheet_cell(value)


def counted(number, singular, plural=None):
    """A count and its noun in the English of the management commands' output:
    "1 entry", "3 entries", "1 file", "12 files"."""
    noun = singular if number == 1 else plural or f"{singular}s"
    return f"{number:,} {noun}"
