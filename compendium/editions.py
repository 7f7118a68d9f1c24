"""Editions: composing, sharing and releasing them, and what changed between two.

Releasing pins, in one transaction, the live revision of every chosen entry and
writes what the public site reads (EditionEntry rows with the entry's content as
released, their facet values and the full-text index). A released edition never
changes afterwards.
"""

import hashlib
import json
import re
from collections import defaultdict
from html import unescape

from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.rich_text import expand_db_html

from . import diff, pdf, search
from .bulk import classification_of
from .choices import EditionKind, EditionStatus, Language, OrganisationKind
from .classification import Computed, field_names, published
from .languages import in_english
from .models import (
    CompendiumDocument,
    CompendiumEntry,
    Country,
    Edition,
    EditionEntry,
    EditionFacet,
    EntryTranslation,
)
from .signals import edition_released, editions_changed

BATCH = 1000
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _fields():
    return [
        ("title", gettext_lazy("Title"), diff.TEXT),
        ("summary", gettext_lazy("Summary"), diff.TEXT),
        ("description_text", gettext_lazy("Description"), diff.FORMATTED),
        ("contributor_label", gettext_lazy("Contributed by"), diff.TEXT),
        *[(facet.names, facet.plural, diff.LIST) for facet in published()],
        ("period", gettext_lazy("Period"), diff.TEXT),
        ("source_labels", gettext_lazy("Sources"), diff.LIST),
        ("document_labels", gettext_lazy("Documents"), diff.LIST),
    ]


# What the changelog compares, in the order shown.
FIELDS = Computed(_fields)


class EditionProblem(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def may_publish(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("compendium.release_edition")
    )


def _taxonomy():
    """{field: {pk: (code, name)}} for every classification, in two queries each
    at most; countries are keyed by ISO3."""
    return {
        facet.field: {
            pk: (code, label)
            for pk, code, label in facet.model.objects.values_list(
                "pk", facet.code, "name"
            )
        }
        for facet in published()
    }


def _plain(html):
    """Rich text as plain text: block ends become spaces, so paragraphs do not
    run into each other; the text as written, no longer HTML's entities."""
    return " ".join(unescape(strip_tags(_BLOCK_END.sub(" ", html))).split())


def _languages(entry, translations):
    """The keys an entry's content gains for its languages: the original's
    language and each translation's text. Editions released before entries had
    languages hold neither and read as English originals; an English entry
    without translations still releases without them, so its content is what
    it always was."""
    if translations is None:
        translations = [
            (item.language, item.title, item.summary, item.description)
            for item in entry.translations.all()
        ]
    language = entry.language or Language.ENGLISH
    if language == Language.ENGLISH and not translations:
        return {}
    rendered = {}
    for code, title, summary, description in sorted(translations):
        if code == language:
            continue
        html = expand_db_html(description or "")
        rendered[code] = {
            "title": title,
            "summary": summary,
            "description": html,
            "description_text": _plain(html),
        }
    return {"language": language, "translations": rendered}


# Released content is written in English whoever releases it and whatever
# language their request was read in: the labels made here (the kind of
# contributor, the period) are pinned, and each reader's page names them in the
# reader's language (compendium.localized.released).
@in_english
def content_of(
    entry,
    classification=None,
    taxonomy=None,
    sources=None,
    documents=None,
    translations=None,
):
    """Everything the entry page and the changelog need, as plain data.

    For a release, `classification` ({field: [pk, …]}), `taxonomy`, `sources`,
    `documents` and `translations` ([(language, title, summary, description)])
    come from bulk queries; for a preview they are read from the entry itself,
    which may be a draft revision never saved.
    """
    taxonomy = taxonomy or _taxonomy()
    facets = published()
    if classification is None:
        classification = {
            facet.field: [item.pk for item in getattr(entry, facet.field).all()]
            for facet in facets
        }
    if sources is None:
        sources = [(source.title, source.url) for source in entry.sources.all()]
    if documents is None:
        documents = [
            (item.title or item.document.title, item.document.url)
            for item in entry.documents.select_related("document")
        ]
    terms = {
        facet.field: sorted(
            (
                taxonomy[facet.field][pk]
                for pk in classification.get(facet.field, [])
                if pk in taxonomy[facet.field]
            ),
            key=lambda pair: pair[0],
        )
        for facet in facets
    }
    country = taxonomy["countries"].get(entry.contributor_country_id)
    description_html = expand_db_html(entry.description or "")
    kind_label = (
        str(OrganisationKind(entry.contributor_kind).label)
        if entry.contributor_kind
        else ""
    )
    return {
        "reference": entry.reference,
        "title": entry.title,
        "summary": entry.summary,
        "description_html": description_html,
        "description_text": _plain(description_html),
        "contributor": {
            "name": entry.contributor_name,
            "kind": entry.contributor_kind,
            "kind_label": kind_label,
            "country": country[0] if country else None,
        },
        "contributor_label": f"{entry.contributor_name} ({kind_label})",
        **{name: [list(pair) for pair in pairs] for name, pairs in terms.items()},
        **{
            facet.names: [facet.name_of(*pair) for pair in terms[facet.field]]
            for facet in facets
        },
        "start_year": entry.start_year,
        "end_year": entry.end_year,
        "ongoing": entry.ongoing,
        "period": str(entry.period),
        "sources": [list(source) for source in sources],
        "source_labels": [f"{title} <{url}>" for title, url in sources],
        "documents": [list(document) for document in documents],
        "document_labels": [title for title, _url in documents],
        "origin": entry.origin,
        "source_version": entry.source_version,
        **_languages(entry, translations),
    }


def _organisation_names(names):
    """{registered name: {language: name}}: the contributors' names as the
    Office writes them in other languages, from the apps that register
    organisations (the "compendium_contributor_names" hook, given the set of
    registered names). An entry names its contributor as registered when it
    was published."""
    names = set(names)
    found = defaultdict(dict)
    for hook in hooks.get_hooks("compendium_contributor_names"):
        for registered, by_language in (hook(names) or {}).items():
            found[registered].update(by_language)
    return found


def in_languages(entry, translations, contributor_names):
    """What lists show of the entry in each language but its original, as
    released: the translation's title and summary, the contributor's name."""
    original = entry.language or Language.ENGLISH
    shown = defaultdict(dict)
    for code, title, summary, *_description in translations:
        if code != original:
            shown[code]["title"] = title
            shown[code]["summary"] = summary
    for code, name in contributor_names.items():
        if name and name != entry.contributor_name:
            shown[code]["contributor_name"] = name
    return {code: shown[code] for code in sorted(shown)}


def chosen_entries(edition):
    """The live entries an edition would contain if released now."""
    entries = CompendiumEntry.objects.filter(live=True)
    if not edition.include_every_published_entry:
        entries = entries.filter(pk__in=edition.chosen_entries.values("pk"))
    return entries


def _pin(edition, progress=None):
    """Write the edition's rows, facets and search index from the live entries.

    progress(done, total) after each batch, then progress(total, total,
    finishing=True) while the search keeps its words common to many entries
    (seconds at 100,000 entries, with every entry already written)."""
    taxonomy = _taxonomy()
    facets = published()
    country_regions = {
        iso3: [code for code in (region, sub_region) if code]
        for iso3, region, sub_region in Country.objects.values_list(
            "iso3", "region__code", "sub_region__code"
        )
    }
    entries = chosen_entries(edition).order_by("pk")
    search.start_index(edition)
    total = entries.count()
    ids = list(entries.values_list("pk", flat=True))
    done = 0
    # The languages the entries can be read in: the edition's PDF is offered in each.
    languages = set()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        terms = classification_of(CompendiumEntry, field_names(facets), chunk)
        sources = defaultdict(list)
        for entry_id, title, url in (
            CompendiumEntry.sources.rel.related_model.objects.filter(entry_id__in=chunk)
            .order_by("entry_id", "sort_order", "pk")
            .values_list("entry_id", "title", "url")
        ):
            sources[entry_id].append((title, url))
        documents = defaultdict(list)
        for item in (
            CompendiumDocument.objects.filter(entry_id__in=chunk)
            .select_related("document")
            .order_by("entry_id", "sort_order", "pk")
        ):
            documents[item.entry_id].append(
                (item.title or item.document.title, item.document.url)
            )
        translations = defaultdict(list)
        for entry_id, *text in EntryTranslation.objects.filter(
            entry_id__in=chunk
        ).values_list("entry_id", "language", "title", "summary", "description"):
            translations[entry_id].append(tuple(text))
        chunk_entries = list(
            CompendiumEntry.objects.filter(pk__in=chunk).order_by("pk")
        )
        names = _organisation_names(entry.contributor_name for entry in chunk_entries)
        rows = []
        for entry in chunk_entries:
            content = content_of(
                entry,
                classification=terms[entry.pk],
                taxonomy=taxonomy,
                sources=sources[entry.pk],
                documents=documents[entry.pk],
                translations=translations[entry.pk],
            )
            rows.append(
                EditionEntry(
                    edition=edition,
                    entry_id=entry.pk,
                    revision_id=entry.live_revision_id,
                    reference=entry.reference,
                    title=entry.title,
                    summary=entry.summary,
                    start_year=entry.start_year,
                    end_year=None
                    if entry.ongoing
                    else (entry.end_year or entry.start_year),
                    contributor_name=entry.contributor_name,
                    contributor_kind=entry.contributor_kind,
                    content=content,
                    language=entry.language or Language.ENGLISH,
                    in_languages=in_languages(
                        entry,
                        translations[entry.pk],
                        names.get(entry.contributor_name, {}),
                    ),
                )
            )
        EditionEntry.objects.bulk_create(rows)
        for row in rows:
            languages.add(row.content.get("language") or Language.ENGLISH)
            languages.update(row.content.get("translations") or ())
        values = []
        for row in rows:
            # An entry is in the regions it names and in the M49 regions and
            # sub-regions of the countries it concerns and of the contributing
            # State: "entries in Africa" finds all three.
            places = [code for code, _label in row.content["countries"]]
            if row.content["contributor"]["country"]:
                places.append(row.content["contributor"]["country"])
            regions = {code for code, _label in row.content["regions"]}
            for iso3 in places:
                regions.update(country_regions.get(iso3, ()))
            for code in sorted(regions):
                values.append(
                    EditionFacet(row=row, edition=edition, facet="region", value=code)
                )
            for facet in facets:
                if facet.field == "regions":
                    continue
                for code, _label in row.content[facet.field]:
                    values.append(
                        EditionFacet(
                            row=row, edition=edition, facet=facet.param, value=code
                        )
                    )
            values.append(
                EditionFacet(
                    row=row,
                    edition=edition,
                    facet="org_kind",
                    value=row.contributor_kind,
                )
            )
            if row.content["contributor"]["country"]:
                values.append(
                    EditionFacet(
                        row=row,
                        edition=edition,
                        facet="by",
                        value=row.content["contributor"]["country"],
                    )
                )
        EditionFacet.objects.bulk_create(values, batch_size=5000)
        search.index_rows(rows)
        done += len(rows)
        if progress:
            progress(done, total)
    if progress:
        progress(total, total, finishing=True)
    search.keep_common_words(edition)
    pdf.offer(edition, languages)
    return total


def share(*, actor, edition):
    """Share a pre-publication edition with the participants: its entries are
    pinned now, and participants read exactly that."""
    if not may_publish(actor):
        raise PermissionDenied
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.kind != EditionKind.PRE_PUBLICATION:
            raise EditionProblem(
                _("Only a pre-publication edition is shared before release.")
            )
        if edition.status != EditionStatus.IN_PREPARATION:
            raise EditionProblem(_("This edition has already been shared or released."))
        edition.entry_count = _pin(edition)
        edition.status = EditionStatus.SHARED
        edition.shared_at = timezone.now()
        edition.save(update_fields=["entry_count", "status", "shared_at"])
        log(edition, "compendium.edition.share", user=actor)
    return edition


def release(*, actor, edition, progress=None):
    """Release the edition: from now on it never changes. An official version or
    update supersedes the one released before it."""
    if not may_publish(actor):
        raise PermissionDenied
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.is_released:
            raise EditionProblem(_("This edition has already been released."))
        if edition.status == EditionStatus.IN_PREPARATION:
            edition.entry_count = _pin(edition, progress)
        if not edition.entry_count:
            raise EditionProblem(_("There is no published entry to release."))
        now = timezone.now()
        superseded = []
        if edition.kind != EditionKind.PRE_PUBLICATION:
            previous = Edition.objects.filter(
                status=EditionStatus.RELEASED,
                kind__in=[EditionKind.OFFICIAL, EditionKind.UPDATE],
            )
            superseded = list(previous.values_list("label", flat=True))
            previous.update(status=EditionStatus.SUPERSEDED)
        edition.status = EditionStatus.RELEASED
        edition.released_at = now
        edition.released_by = actor
        edition.save(
            update_fields=["entry_count", "status", "released_at", "released_by"]
        )
        log(
            edition,
            "compendium.edition.release",
            user=actor,
            data={"label": edition.label, "entries": edition.entry_count},
        )
        transaction.on_commit(
            lambda: editions_changed.send(
                sender=Edition, labels=[edition.label, *superseded]
            )
        )
        transaction.on_commit(
            lambda: edition_released.send(sender=Edition, edition=edition)
        )
    return edition


CURRENT_KEY = "compendium:edition:current"


def current():
    """The current edition (None before the first release), kept in the cache
    until editions change: every public page and its scope in the page cache
    ask for it, and it changes only with a release. It is kept for signed-in
    people too, whose pages are not, so in the default cache by name."""
    kept = caches["default"]
    edition = kept.get(CURRENT_KEY)
    if edition is None:
        edition = Edition.objects.current()
        if edition is not None:
            kept.set(CURRENT_KEY, edition, None)
    return edition


@receiver(editions_changed)
def forget_current(sender, **kwargs):
    caches["default"].delete(CURRENT_KEY)


FINGERPRINTED = (
    "reference",
    "entry_id",
    "revision_id",
    "title",
    "summary",
    "start_year",
    "end_year",
    "contributor_name",
    "contributor_kind",
    "content",
)


def fingerprint(edition, using=None):
    """A SHA-256 over what a released edition holds: its label, kind and moment
    of release, then each released row in the order of its reference, with its
    content and facet values. Two databases holding the same edition give the
    same fingerprint whatever their engine, so a restored backup can be checked
    against the one it was made from (compendium/backups.py)."""
    using = using or "default"
    digest = hashlib.sha256()

    def add(value):
        digest.update(
            json.dumps(
                value, sort_keys=True, ensure_ascii=False, separators=(",", ":")
            ).encode()
        )
        digest.update(b"\n")

    released_at = edition.released_at
    add([edition.label, edition.kind, released_at and released_at.isoformat()])
    facets = defaultdict(list)
    for row_id, facet, value in (
        EditionFacet.objects.using(using)
        .filter(edition_id=edition.pk)
        .values_list("row_id", "facet", "value")
        .iterator(chunk_size=BATCH * 10)
    ):
        facets[row_id].append([facet, value])
    rows = (
        EditionEntry.objects.using(using)
        .filter(edition_id=edition.pk)
        .order_by("reference")
        .values_list("pk", *FINGERPRINTED)
        .iterator(chunk_size=BATCH)
    )
    for pk, *values in rows:
        add([*values, sorted(facets.pop(pk, []))])
    return digest.hexdigest()


def pinned_at(edition):
    """When the edition's entries were pinned: when a pre-publication edition
    was shared, else when the edition was released (None before either)."""
    if edition.kind == EditionKind.PRE_PUBLICATION and edition.shared_at:
        return edition.shared_at
    return edition.released_at


def _released_before(edition):
    moment = pinned_at(edition)
    if moment is None:
        return Edition.objects.none()
    return (
        Edition.objects.released()
        .filter(released_at__lt=moment)
        .exclude(pk=edition.pk)
        .order_by("-released_at", "-pk")
    )


def previous_of(edition):
    """The edition this one is compared with: always one the public can read.

    An official version or update is compared with the public edition released
    before it; a pre-publication edition with the official version or update
    that was current when its entries were pinned. A pre-publication edition is
    never anyone's baseline: the public gets 404 for it, and its round's
    participants read what changed since the last official version."""
    return _released_before(edition).exclude(kind=EditionKind.PRE_PUBLICATION).first()


def earlier_editions(edition):
    """Every edition released before this one's entries were pinned, newest
    first, of any kind: the comparisons a reader may choose beside the baseline,
    once the view has kept those they may read."""
    return list(_released_before(edition))


def changes(edition, since=None):
    """(previous edition, added rows, [(row, Changes)] revised, withdrawn rows)."""
    since = since if since is not None else previous_of(edition)
    current = {row.reference: row for row in edition.rows.all()}
    before = {row.reference: row for row in since.rows.all()} if since else {}
    added = [current[ref] for ref in sorted(current.keys() - before.keys())]
    withdrawn = [before[ref] for ref in sorted(before.keys() - current.keys())]
    revised = []
    for ref in sorted(current.keys() & before.keys()):
        new, old = current[ref], before[ref]
        if new.revision_id == old.revision_id:
            continue
        changed = diff.compare(old.content, new.content, FIELDS)
        if changed.changed:
            revised.append((new, changed))
    return since, added, revised, withdrawn
