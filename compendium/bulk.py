"""Many-to-many classification read and written in bulk, one query per field,
for releases and bulk publication of tens of thousands of entries."""

from collections import defaultdict


def through_of(model, name):
    """(the through model of `model.name`, the attribute naming the other side)."""
    through = getattr(model, name).through
    own = f"{model._meta.model_name}_id"
    target = next(
        field.attname
        for field in through._meta.concrete_fields
        if field.attname not in {"id", own}
    )
    return through, target


def classification_of(model, names, ids):
    """{row id: {field: [primary keys]}} for the rows `ids` of `model`."""
    found = defaultdict(lambda: defaultdict(list))
    own = f"{model._meta.model_name}_id"
    for name in names:
        through, target = through_of(model, name)
        for row_id, pk in through.objects.filter(**{f"{own}__in": ids}).values_list(
            own, target
        ):
            found[row_id][name].append(pk)
    return found
