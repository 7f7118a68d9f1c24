"""The public site of the compendium: browse and search a released edition,
read an entry and cite it, see what changed between editions, country profiles
and statistics. Everything is read from released editions, never from drafts."""

from itertools import islice
from urllib.parse import quote_plus, urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from pyroaring import BitMap
from wagtail import hooks

from . import browse_html, diff, editions
from .browse import FACETS, PER_PAGE, SORTS, Query, browser_for, facet_labels
from .choices import EditionKind, EditionStatus, OrganisationKind
from .models import Country, Edition, EditionEntry, Pillar, Priority, Region
from .page_cache import (
    cached_for_visitors,
    edition_of,
    scope_of_edition,
    scope_of_releases,
)

RELATED = 5


def may_read(user, edition):
    """Released official versions and updates are public; a pre-publication
    edition, once shared, only for the Office and the round's participants."""
    if edition.kind != EditionKind.PRE_PUBLICATION:
        return edition.is_released
    if edition.status == EditionStatus.IN_PREPARATION:
        return False
    # The open-data API authenticates nobody: its requests carry no user.
    if user is None or not user.is_authenticated:
        return False
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    return any(
        hook(user, edition) for hook in hooks.get_hooks("compendium_may_read_edition")
    )


def _edition(request, label):
    edition = edition_of(request, label)
    if label is None:
        return edition
    if edition is None or not may_read(request.user, edition):
        raise Http404
    return edition


def released_edition_or_404(request, label):
    """An edition by label for its data (downloads, API): released, and one this
    person may read."""
    edition = Edition.objects.filter(label=label).first()
    if (
        edition is None
        or not edition.is_released
        or not may_read(request.user, edition)
    ):
        raise Http404
    return edition


def _params(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params


def _with(params, **changes):
    copy = params.copy()
    for name, value in changes.items():
        if value is None:
            copy.pop(name, None)
        else:
            copy[name] = value
    encoded = copy.urlencode()
    return f"?{encoded}" if encoded else "?"


class _Toggles:
    """The URLs that add or remove one facet value, keeping every other
    parameter: what copying the parameters, setting the value's list and
    encoding them all gives, but with each parameter encoded once for the whole
    page (a page links to some two hundred facet values)."""

    def __init__(self, params):
        self.lists = list(params.lists())
        self.encoding = params.encoding
        self.encoded = {}

    def _pair(self, name, value):
        """One name=value, as QueryDict.urlencode() encodes it."""
        key = (name, value)
        if key not in self.encoded:
            self.encoded[key] = (
                f"{quote_plus(name, encoding=self.encoding)}="
                f"{quote_plus(str(value), encoding=self.encoding)}"
            )
        return self.encoded[key]

    def url(self, name, value):
        parts, seen = [], False
        for key, values in self.lists:
            if key == name:
                seen = True
                values = list(values)
                if value in values:
                    values.remove(value)
                else:
                    values.append(value)
            parts.extend(self._pair(key, item) for item in values)
        if not seen:
            parts.append(self._pair(name, value))
        encoded = "&".join(parts)
        return f"?{encoded}" if encoded else "?"


class _FacetValue(dict):
    """One facet value for the template. Its URL is built when the template
    asks for it: the page shows the first values of each facet, and only looks
    through the others for the selected ones."""

    def __init__(self, toggles, name, **fields):
        super().__init__(**fields)
        self._toggles = toggles
        self._name = name

    def __missing__(self, key):
        if key != "url":
            raise KeyError(key)
        url = self["url"] = self._toggles.url(self._name, self["value"])
        return url


@cached_for_visitors(scope_of_edition)
def browse(request, label=None):
    edition = _edition(request, label)
    if edition is None:
        return render(request, "compendium/no_edition.html", status=200)
    query = Query.from_params(request.GET)
    answer = browser_for(edition).answer(query)
    labels = facet_labels()
    params = _params(request)
    toggles = _Toggles(params)
    facets = []
    for name, (facet, heading, _model) in FACETS.items():
        counts = answer.counts.get(facet, {})
        chosen = set(query.filters.get(name, []))
        ordered = sorted(
            set(counts) | chosen, key=lambda value: (-counts.get(value, 0), value)
        )
        # The values the page lists, and the chosen ones among the rest for the
        # forms' hidden fields; a facet can have two hundred values.
        shown = browse_html.FACET_VALUES_SHOWN
        values = [
            _FacetValue(
                toggles,
                name,
                value=value,
                label=labels.get(facet, {}).get(value, value),
                count=counts.get(value, 0),
                selected=value in chosen,
            )
            for index, value in enumerate(ordered)
            if index < shown or value in chosen
        ]
        facets.append(
            {"name": name, "heading": heading, "values": values, "size": len(ordered)}
        )
    return render(
        request,
        "compendium/browse.html",
        {
            "edition": edition,
            "is_current": label is None,
            "query": query,
            "answer": answer,
            "facet_lists": browse_html.facet_lists(facets),
            "selected_filters": browse_html.selected_filters(facets),
            "result_items": browse_html.result_items(
                answer.rows, edition, is_current=label is None
            ),
            "sorts": [
                (value, text, _with(params, sort=value))
                for value, text in SORTS.items()
                if value != "relevance" or query.words
            ],
            "clear_url": request.path,
            "previous_url": _with(request.GET, page=str(answer.page - 1))
            if answer.page > 1
            else None,
            "next_url": _with(request.GET, page=str(answer.page + 1))
            if answer.page < answer.pages
            else None,
            "first": (answer.page - 1) * PER_PAGE + 1,
            "last": (answer.page - 1) * PER_PAGE + len(answer.rows),
        },
    )


def _related(edition, row):
    """Up to five entries of the same edition about the same countries and
    priorities (or, failing that, the same priorities)."""
    index = browser_for(edition).index
    content = row.content
    by_priority = BitMap()
    for code, _label in content["priorities"]:
        by_priority |= index.rows_with("priority", code)
    by_country = BitMap()
    for code, _label in content["countries"]:
        by_country |= index.rows_with("country", code)
    candidates = (by_priority & by_country) if by_country else by_priority
    candidates.discard(row.pk)
    if len(candidates) < RELATED and by_country:
        candidates |= by_priority
        candidates.discard(row.pk)
    chosen = list(islice(candidates, RELATED))
    return list(
        EditionEntry.objects.filter(pk__in=chosen)
        .only("reference", "title", "edition_id")
        .order_by("reference")
    )


@cached_for_visitors(scope_of_edition)
def entry(request, reference, label=None):
    edition = _edition(request, label)
    if edition is None:
        raise Http404
    previous = editions.previous_of(edition)
    # The entry as in this edition and, if it was there, in the previous one:
    # one query for both.
    rows = {
        row.edition_id: row
        for row in EditionEntry.objects.filter(
            edition__in=[edition.pk, previous.pk] if previous else [edition.pk],
            reference=reference,
        )
    }
    row = rows.get(edition.pk)
    if row is None:
        raise Http404
    earlier = rows.get(previous.pk) if previous else None
    changes = None
    if earlier is not None and earlier.revision_id != row.revision_id:
        changes = diff.compare(earlier.content, row.content, editions.FIELDS)
    stable_url = request.build_absolute_uri(
        reverse("compendium_public:edition_entry", args=[edition.label, reference])
    )
    # A pre-publication edition is read during a feedback round: the review app
    # notes the reading and offers the way to send feedback on this entry.
    actions = []
    if edition.kind == EditionKind.PRE_PUBLICATION:
        actions = [
            action
            for hook in hooks.get_hooks("compendium_pre_publication_entry")
            if (action := hook(request, edition, row))
        ]
    return render(
        request,
        "compendium/entry.html",
        {
            "actions": actions,
            "edition": edition,
            "is_current": label is None,
            "row": row,
            "entry": row.content,
            "previous": previous,
            "earlier": earlier,
            "changes": changes,
            "related": _related(edition, row),
            "stable_url": stable_url,
            "citation": citation(edition, row, stable_url),
            "bibtex": bibtex(edition, row, stable_url),
        },
    )


def _year_of(edition):
    return (edition.released_at or edition.created_at).year


def citation(edition, row, url):
    return _(
        "%(contributor)s. %(title)s. In: R2P Compendium of Practice, edition "
        "%(label)s (%(year)s), entry %(reference)s. Office of the Special Adviser on "
        "the Responsibility to Protect. %(url)s"
    ) % {
        "contributor": row.contributor_name,
        "title": row.title,
        "label": edition.label,
        "year": _year_of(edition),
        "reference": row.reference,
        "url": url,
    }


def _bib(text):
    """BibTeX-safe text: braces and backslashes would change its meaning."""
    return "".join(
        {
            "{": r"\{",
            "}": r"\}",
            "\\": r"\textbackslash{}",
            "%": r"\%",
            "&": r"\&",
            "#": r"\#",
            "$": r"\$",
            "_": r"\_",
        }.get(char, char)
        for char in str(text)
    )


def bibtex(edition, row, url):
    key = f"r2p-compendium-{edition.label}-{row.reference}".lower().replace(".", "-")
    return (
        f"@misc{{{key},\n"
        f"  author = {{{{{_bib(row.contributor_name)}}}}},\n"
        f"  title = {{{_bib(row.title)}}},\n"
        "  howpublished = {R2P Compendium of Practice, "
        f"edition {_bib(edition.label)}, entry {_bib(row.reference)}}},\n"
        f"  year = {{{_year_of(edition)}}},\n"
        f"  url = {{{url}}},\n"
        "  publisher = {Office of the Special Adviser on the Responsibility to "
        "Protect}\n"
        "}"
    )


@cached_for_visitors(scope_of_releases)
def edition_list(request):
    listed = [
        edition
        for edition in Edition.objects.exclude(status=EditionStatus.IN_PREPARATION)
        if may_read(request.user, edition)
    ]
    return render(
        request,
        "compendium/editions.html",
        {"editions": listed, "current": Edition.objects.current()},
    )


@cached_for_visitors(scope_of_edition)
def edition_changes(request, label):
    """What changed in an edition since its baseline (a public edition, see
    `editions.previous_of`), or since any earlier edition the reader may read,
    chosen with `?since=`: the Office and a round's participants can see what
    the official version changed since the pre-publication edition they read."""
    edition = _edition(request, label)
    earlier = [
        other
        for other in editions.earlier_editions(edition)
        if may_read(request.user, other)
    ]
    baseline = editions.previous_of(edition)
    since = baseline
    if "since" in request.GET:
        since = next(
            (other for other in earlier if other.label == request.GET["since"]), None
        )
        if since is None:
            raise Http404
    previous, added, revised, withdrawn = editions.changes(edition, since=since)
    return render(
        request,
        "compendium/changes.html",
        {
            "edition": edition,
            "previous": previous,
            "baseline": baseline,
            "comparisons": [other for other in earlier if other != since],
            "added": added,
            "revised": revised,
            "withdrawn": withdrawn,
        },
    )


def _bar_rows(pairs):
    """[(label, count, percent of the largest)] for a simple bar chart."""
    largest = max((count for _label, count in pairs), default=0) or 1
    return [(label, count, round(100 * count / largest)) for label, count in pairs]


@cached_for_visitors(scope_of_releases)
def country(request, iso3):
    place = get_object_or_404(Country, iso3=iso3.upper())
    edition = Edition.objects.current()
    about = by = BitMap()
    rows_about = rows_by = []
    pillars = []
    if edition is not None:
        index = browser_for(edition).index
        about = index.rows_with("country", place.iso3)
        by = index.rows_with("by", place.iso3)
        either = about | by
        pillars = _bar_rows(
            [
                (
                    str(pillar),
                    either.intersection_cardinality(
                        index.rows_with("pillar", pillar.code)
                    ),
                )
                for pillar in Pillar.objects.all()
            ]
        )
        rows_about = list(
            EditionEntry.objects.filter(pk__in=list(islice(about, 50))).only(
                "reference", "title", "start_year", "contributor_name"
            )
        )
        rows_by = list(
            EditionEntry.objects.filter(pk__in=list(islice(by, 50))).only(
                "reference", "title", "start_year"
            )
        )
    return render(
        request,
        "compendium/country.html",
        {
            "country": place,
            "edition": edition,
            "about_count": len(about),
            "by_count": len(by),
            "rows_about": rows_about,
            "rows_by": rows_by,
            "pillars": pillars,
            "browse_about": reverse("compendium_public:browse")
            + "?"
            + urlencode({"country": place.iso3}),
        },
    )


@cached_for_visitors(scope_of_releases)
def statistics(request):
    edition = Edition.objects.current()
    context = {"edition": edition}
    if edition is not None:
        index = browser_for(edition).index
        regions = list(Region.objects.filter(kind="region").order_by("name"))
        pillars = list(Pillar.objects.all())
        context["matrix"] = [
            (
                region,
                [
                    index.rows_with("pillar", pillar.code).intersection_cardinality(
                        index.rows_with("region", region.code)
                    )
                    for pillar in pillars
                ],
            )
            for region in regions
        ]
        context["matrix_pillars"] = pillars
        context["priorities"] = _bar_rows(
            [
                (str(priority), len(index.rows_with("priority", priority.code)))
                for priority in Priority.objects.all()
            ]
        )
        context["kinds"] = _bar_rows(
            [
                (str(label), len(index.rows_with("org_kind", value)))
                for value, label in OrganisationKind.choices
            ]
        )
        context["growth"] = _bar_rows(
            [
                (f"{released.label} ({released.released_at:%Y})", released.entry_count)
                for released in Edition.objects.released()
                .exclude(kind=EditionKind.PRE_PUBLICATION)
                .order_by("released_at")
            ]
        )
        context["total"] = len(index.everything)
    return render(request, "compendium/statistics.html", context)
