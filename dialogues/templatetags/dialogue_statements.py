"""The statements section of a dialogue's public page, its own inclusion so
the page's view need not know of it."""

from django import template

from compendium import editions
from compendium.models import EditionEntry

from ..statements import is_on_the_list, published_statements

register = template.Library()


def _in_current_edition(statements):
    """Each statement's linked entries that the current edition holds, as
    (reference, title) rows a reader can open; none before a first release."""
    edition = editions.current()
    references = {
        entry.reference for statement in statements for entry in statement.entries.all()
    }
    if edition is None or not references:
        return {}
    return dict(
        EditionEntry.objects.filter(
            edition=edition, reference__in=references
        ).values_list("reference", "title")
    )


@register.inclusion_tag("dialogues/_statements.html")
def dialogue_statements(dialogue):
    statements = published_statements(dialogue)
    released = _in_current_edition(statements)
    for statement in statements:
        statement.released_entries = [
            (entry.reference, released[entry.reference])
            for entry in sorted(statement.entries.all(), key=lambda e: e.reference)
            if entry.reference in released
        ]
    return {"dialogue": dialogue, "statements": statements}


@register.filter
def has_on_the_list(dialogue, organisation):
    """Whether the organisation may upload statements of the dialogue."""
    return is_on_the_list(dialogue, organisation)
