"""Reference data is retired, never deleted while anything names it.

Practice entries, their versions and the compendium's revisions name pillars,
priorities, crimes, practice areas, regions, countries and reports by id. A
deleted item would take its links off every entry without a word and leave old
versions naming an id that no longer exists, so restoring them failed. Instead:

- `retire` hides an item from new choices (`objects.current()`); whatever names
  it keeps it, and an entry that has it keeps it when saved (`OffersCurrentTerms`).
  `bring_back` offers it again. Both are kept in the admin's history.
- `uses_of` lists what names an item: rows of any model that links to it, the
  versions of models kept with django-reversion and the revisions of models
  kept with Wagtail. An item that nothing names, ever, may still be deleted
  (one added by mistake); any other deletion is refused (`TermInUse`), in the
  admin and from code alike.
- `missing_label` says what an id that no longer exists was called, from the
  admin's history of its deletion, for restores that must leave it out.

It learns about other apps' models only through Django's and Wagtail's
registries, never by name.
"""

import re
from dataclasses import dataclass

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.functions import Cast
from django.db.models.signals import pre_delete
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.models import Version
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Revision, RevisionMixin

from . import localized
from .models.taxonomy import Retirable

RETIRE = "compendium.term.retire"
BRING_BACK = "compendium.term.bring_back"


class TermInUse(models.ProtectedError):
    """Deleting an item something names; retire it instead."""

    def __init__(self, term, uses):
        self.term = term
        self.uses = uses
        super().__init__(
            _("%(item)s is in use (%(uses)s): retire it instead of deleting it.")
            % {"item": term, "uses": describe(uses)},
            set(),
        )


@dataclass(frozen=True)
class Use:
    label: str
    count: int

    def __str__(self):
        return f"{self.label}: {self.count}"


def describe(uses):
    return "; ".join(str(use) for use in uses)


def reference_models():
    """Every model whose items are retired rather than deleted."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Retirable) and not model._meta.abstract
    ]


def may_retire(user, model):
    """Those who may change an item may retire it and bring it back."""
    return user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")


# What names an item -----------------------------------------------------------


def _relations_to(model):
    """{model: [fields]} of every foreign key, one-to-one and many-to-many field
    of the installed models that points at `model`."""
    found = {}
    for other in apps.get_models():
        for field in other._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey | models.ManyToManyField)
                and field.related_model is model
            ):
                found.setdefault(other, []).append(field)
    return found


def _naming(fields, pk):
    """A pattern matching serialised data (JSON, as Django's serialiser and
    Wagtail's revisions write it) in which one of `fields` names `pk`; written
    so that SQLite (Python's re) and PostgreSQL read it alike."""
    pk = int(pk)
    patterns = []
    for field in fields:
        name = re.escape(field.name)
        if field.many_to_many:
            patterns.append(rf'"{name}": *\[([0-9, ]*[ ,])?{pk} *(\]|,)')
        else:
            patterns.append(rf'"{name}": *"?{pk}"? *(,|\}})')
    return "|".join(f"({pattern})" for pattern in patterns)


def _versions_naming(model, fields, pk):
    return Version.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        serialized_data__regex=_naming(fields, pk),
    ).count()


def _revisions_naming(model, fields, pk):
    return (
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(model, False)
        )
        .annotate(text=Cast("content", models.TextField()))
        .filter(text__regex=_naming(fields, pk))
        .count()
    )


def uses_of(term):
    """What names the item now or ever did: [Use(label, count)], empty if
    nothing does."""
    uses = []
    for other, fields in _relations_to(type(term)).items():
        condition = models.Q()
        for field in fields:
            condition |= models.Q(**{field.name: term.pk})
        plural = other._meta.verbose_name_plural
        count = other._base_manager.filter(condition).distinct().count()
        if count:
            uses.append(Use(str(capfirst(plural)), count))
        if reversion.is_registered(other):
            count = _versions_naming(other, fields, term.pk)
            if count:
                uses.append(Use(_("Versions of %(items)s") % {"items": plural}, count))
        if issubclass(other, RevisionMixin):
            count = _revisions_naming(other, fields, term.pk)
            if count:
                uses.append(Use(_("Revisions of %(items)s") % {"items": plural}, count))
    return uses


def protect_used_terms(sender, instance, **kwargs):
    """No deletion, from the admin or from code, takes an item something names:
    its links would go without a word and old versions could not be restored."""
    uses = uses_of(instance)
    if uses:
        raise TermInUse(instance, uses)


def connect():
    for model in reference_models():
        pre_delete.connect(
            protect_used_terms,
            sender=model,
            dispatch_uid=f"protect_used_{model._meta.label_lower}",
        )


# Retiring and bringing back ---------------------------------------------------


def retire(*, actor, term):
    """Hide an item from new choices; whatever names it keeps it."""
    return _set_retired(actor, term, retired=True)


def bring_back(*, actor, term):
    """Offer a retired item again."""
    return _set_retired(actor, term, retired=False)


def _set_retired(actor, term, *, retired):
    model = type(term)
    if not may_retire(actor, model):
        raise PermissionDenied
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=term.pk)
        if current.is_retired == retired:
            return current
        current.retired_at = timezone.now() if retired else None
        current.save(update_fields=["retired_at"])
        log(current, RETIRE if retired else BRING_BACK, user=actor)
    return current


# Forms and restores -----------------------------------------------------------


def offer_current_terms(form):
    """Each choice of reference data in a model form offers the current items
    and those the form's instance already has, so a retired item is never a new
    choice and an entry that has one keeps it when saved."""
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or not issubclass(queryset.model, Retirable):
            continue
        field.queryset = queryset.filter(
            pk__in=queryset.model.objects.current_or(_kept(form, name))
        )
        # Named in the reader's language, in its alphabetical order.
        localized.collate_choices(field)


def _kept(form, name):
    instance = getattr(form, "instance", None)
    if instance is None:
        return []
    try:
        value = getattr(instance, name)
        if hasattr(value, "all"):
            return [item.pk for item in value.all()]
    except (AttributeError, ValueError, models.ObjectDoesNotExist):
        # An unsaved entry has no classification yet.
        return []
    return [value.pk] if isinstance(value, models.Model) else []


class OffersCurrentTerms:
    """A model form whose choices of reference data offer only current items
    and those its instance has (`offer_current_terms`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_current_terms(self)


def missing_label(model, pk):
    """What an item that no longer exists was called: its name in the admin's
    history of its deletion, or its kind and number."""
    deleted = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model, False),
            object_id=str(pk),
        )
        .exclude(label="")
        .order_by("-timestamp")
        .values_list("label", flat=True)
        .first()
    )
    if deleted:
        return deleted
    return _("%(kind)s no. %(pk)s") % {"kind": model._meta.verbose_name, "pk": pk}
