"""The Office's export of practice entries from the admin list: the entries as
filtered and searched there, as CSV, XLSX or JSON, with the fields the public
would see once published, or with the Office's internal fields too.

Whatever the number of entries, memory stays flat and the queries are the
same few: the entries are read through one cursor, CHUNK at a time, each with
its classification and sources (subqueries the database answers from its
indexes; never a query per entry, nor per chunk). CSV and JSON are streamed;
XLSX is written by openpyxl's write-only workbook to a temporary file, as the
public downloads are.

Classification is given by the codes people use (pillar I, priority 2,
"genocide", "early-warning", ISO3 for countries, document symbols for the
Secretary-General's reports), regions by name, since their M49 numbers mean
nothing to a reader and lose their leading zeros in a spreadsheet. Several
values share a cell joined by "; ". Dates and times are in UTC, to the second:
"2025-06-01 10:00:00" in spreadsheets, "2025-06-01T10:00:00Z" in JSON.

Spreadsheet cells (CSV and XLSX) never start a formula: every text goes
through compendium.text.neutralise; nor hold a control character, which
an XLSX file cannot (compendium.text.printable). JSON is data for programs, which no
spreadsheet program opens, so its values are left as they are: an apostrophe
added there would only corrupt the data.
"""

import datetime
import json
import re
import tempfile
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass
from html import unescape
from itertools import islice

from django.contrib.auth import get_user_model
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import connections, models
from django.db.models import Aggregate, F, Func, OuterRef, Subquery
from django.db.transaction import atomic
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from compendium import classification
from compendium.bulk import through_of
from compendium.choices import OrganisationKind
from compendium.text import neutralise, printable

from . import versions
from .choices import EntryStatus, SubmissionLanguage
from .models import PracticeEntry, Source

CSV, XLSX, JSON = "csv", "xlsx", "json"
FORMATS = (CSV, XLSX, JSON)
PUBLIC, INTERNAL = "public", "internal"
CHUNK = 2000
# Streamed pieces of about this many characters, rather than one per entry.
PIECE = 64 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses longer cells.
XLSX_CELL_LIMIT = 32767
# Descriptions are sanitised HTML (contributions.richtext): every "<" starts a
# tag, so removing tags leaves the text.
TAG = re.compile(r"<[^>]*>")

# {entry field: (model, attribute shown)}: the classification.
TERMS = classification.ComputedMapping(
    lambda: {
        facet.field: (facet.model, facet.export_attribute)
        for facet in classification.facets()
    }
)

# What a column holds, which says how each format writes it.
TEXT = "text"
HTML = "html"  # sanitised HTML, exported as its text
VALUE = "value"  # a number, a year or a yes/no, written as it is
CHOICE = "choice"  # a code: its label in spreadsheets, the code in JSON
MOMENT = "moment"  # a date and time: "2025-06-01 10:00:00" (UTC), ISO 8601 in JSON
CLASSIFICATION = "classification"  # terms of a many-to-many field
SOURCES = "sources"


@dataclass(frozen=True)
class Column:
    """One exported field: its key in JSON, its heading in spreadsheets, where
    its value comes from (a values_list path, or the field's name for the
    classification and sources) and what it holds."""

    name: str
    heading: str
    path: str
    kind: str = TEXT
    internal: bool = False
    choices: type | None = None


def _columns():
    return [
        Column("reference", _("Reference"), "reference"),
        Column("title", _("Title"), "title"),
        Column("summary", _("Summary"), "summary"),
        Column("description", _("Description"), "description", HTML),
        Column("organisation", _("Organisation"), "organisation__name"),
        Column(
            "organisation_kind",
            _("Kind of organisation"),
            "organisation__kind",
            CHOICE,
            choices=OrganisationKind,
        ),
        Column(
            "organisation_country",
            _("State of the organisation (ISO3)"),
            "organisation__country__iso3",
        ),
        *[
            Column(facet.field, facet.heading, facet.field, CLASSIFICATION)
            for facet in classification.facets()
        ],
        Column("start_year", _("Start year"), "start_year", VALUE),
        Column("end_year", _("End year"), "end_year", VALUE),
        Column("ongoing", _("Ongoing"), "ongoing", VALUE),
        Column(
            "language",
            _("Language of submission"),
            "language",
            CHOICE,
            choices=SubmissionLanguage,
        ),
        Column("sources", _("Sources"), "sources", SOURCES),
        Column(
            "internal_contact", _("Internal contact"), "internal_contact", TEXT, True
        ),
        Column("status", _("Status"), "status", CHOICE, True, EntryStatus),
        Column("version", _("Version"), "version_number", VALUE, True),
        Column("created_at", _("Created (UTC)"), "created_at", MOMENT, True),
        Column("created_by", _("Created by"), "created_by__email", TEXT, True),
        Column("updated_at", _("Last change (UTC)"), "updated_at", MOMENT, True),
        Column("updated_by", _("Last changed by"), "updated_by__email", TEXT, True),
        Column(
            "organisation_active",
            _("Organisation active"),
            "organisation__active",
            VALUE,
            True,
        ),
    ]


# Every column, in order: the classification's from the registry.
COLUMNS = classification.Computed(_columns)


def columns_for(fields):
    """The columns of an export with `fields` PUBLIC or INTERNAL."""
    return [column for column in COLUMNS if fields == INTERNAL or not column.internal]


def plain_text(html):
    """The text of a description, paragraphs run together with a space."""
    return " ".join(unescape(TAG.sub(" ", html)).split()) if html else ""


class TermIds(Subquery):
    """The ids a subquery of one column selects, as one text, "3,1" (in no
    particular order; "" or None for none).

    On PostgreSQL the ids are gathered by ARRAY(), with no aggregate: measured
    over 100,000 entries and seven fields, 1.0 s of database time against
    1.4–1.6 s for STRING_AGG in a grouped subquery, and against 1.4 s for one
    subquery reading the seven tables UNION ALL."""

    output_field = models.TextField()

    def __init__(self, queryset, column):
        self.column = column
        super().__init__(queryset)

    def as_sql(self, compiler, connection, **extra_context):
        column = connection.ops.quote_name(self.column)
        return super().as_sql(
            compiler,
            connection,
            # The column is a name of our models, quoted.
            template=f"(SELECT GROUP_CONCAT({column}, ',') FROM (%(subquery)s))",  # noqa: S608
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="ARRAY_TO_STRING(ARRAY(%(subquery)s), ',')",
            **extra_context,
        )


def term_ids(name):
    """The ids of an entry's terms of the field `name`, as a subquery: the
    database reads them through the index as it reads the entry, which costs
    far less than a query per chunk spelling out the chunk's ids."""
    through, target = through_of(PracticeEntry, name)
    return TermIds(
        through.objects.filter(practiceentry_id=OuterRef("pk")).values(target), target
    )


class UtcText(Func):
    """A date and time as the database writes it in UTC, "2025-06-01 10:00:00",
    or with iso, in ISO 8601, "2025-06-01T10:00:00Z": reading a datetime and
    writing it out again took Python longer than all the other internal
    fields together (Django's loaders parse each one)."""

    output_field = models.TextField()

    def __init__(self, expression, iso=False):
        super().__init__(expression)
        self.iso = iso

    def as_sqlite(self, compiler, connection, **extra_context):
        between, after = ("T", "Z") if self.iso else (" ", "")
        return self.as_sql(
            compiler,
            connection,
            function="STRFTIME",
            # %% twice: once for this template, once for the SQL's parameters.
            template=(
                f"%(function)s('%%%%Y-%%%%m-%%%%d{between}%%%%H:%%%%M:%%%%S{after}', "
                "%(expressions)s)"
            ),
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        between, after = ('"T"', '"Z"') if self.iso else (" ", "")
        return self.as_sql(
            compiler,
            connection,
            function="TO_CHAR",
            template=(
                "%(function)s(%(expressions)s AT TIME ZONE 'UTC', "
                f"'YYYY-MM-DD{between}HH24:MI:SS{after}')"
            ),
            **extra_context,
        )


class Taxonomy:
    """Each term's shown value, in the editors' order, read once per export.
    Each different set of an entry's terms is sorted and shown once: `shown`
    makes the value of a set from its list of values, such as one cell."""

    # Sets remembered per field, the first met; others are shown each time
    # (countries: 36,000 different sets among 100,000 synthetic entries).
    REMEMBERED = 5000

    def __init__(self, names, shown=list):
        self.labels = {}
        self.ranks = {}
        self.known = {}
        self.show = shown
        for name in names:
            model, attribute = TERMS[name]
            rows = list(model.objects.values_list("pk", attribute))
            self.labels[name] = dict(rows)
            self.ranks[name] = {pk: rank for rank, (pk, _label) in enumerate(rows)}
            self.known[name] = {}

    def of(self, name, ids):
        """The shown value of the terms whose ids TermIds joined into `ids`."""
        known = self.known[name]
        try:
            return known[ids]
        except KeyError:
            pass
        labels, ranks = self.labels[name], self.ranks[name]
        pks = map(int, ids.split(",")) if ids else ()
        shown = self.show([labels[pk] for pk in sorted(pks, key=ranks.__getitem__)])
        if len(known) < self.REMEMBERED:
            known[ids] = shown
        return shown


class SourceList(Aggregate):
    """An entry's sources as one JSON text, [[sort order, id, title, url], …]
    in no particular order (SQLite before 3.44 cannot order an aggregate); on
    PostgreSQL, [{"title", "url"}, …] in the entry's own order, as the export
    writes them."""

    function = "JSON_GROUP_ARRAY"
    template = "%(function)s(JSON_ARRAY(%(expressions)s))"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        (order, pk, title, url) = (
            compiler.compile(expression) for expression in self.source_expressions
        )
        sql = (
            f"JSON_AGG(JSON_BUILD_OBJECT('title', {title[0]}, 'url', {url[0]}) "
            f"ORDER BY {order[0]}, {pk[0]})::text"
        )
        return sql, (*title[1], *url[1], *order[1], *pk[1])


def source_list():
    """An entry's sources, as a subquery read with the entry."""
    return Subquery(
        Source.objects.filter(entry_id=OuterRef("pk"))
        .values("entry_id")
        .annotate(items=SourceList("sort_order", "pk", "title", "url"))
        .values("items")
    )


def sources_of(text):
    """[{"title", "url"}, …] in the entry's own order, from a SourceList."""
    if not text:
        return []
    items = json.loads(text)
    if isinstance(items[0], dict):  # as they are written, from PostgreSQL
        return items
    if len(items) > 1:
        items.sort()
    return [{"title": title, "url": url} for _order, _pk, title, url in items]


@contextmanager
def without_jit(alias):
    """On PostgreSQL, the query without JIT compilation, which the planner
    chooses for a query this size and which costs more than it saves (measured:
    4.0 s against 3.1 s for 100,000 entries); the session's setting is put back
    afterwards."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', false)")
        (previous, _off) = cursor.fetchone()
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', %s, false)", [previous])


def streamed(rows, names):
    """The rows of a values_list queryset of the columns `names`, in order,
    CHUNK at a time.

    On PostgreSQL the database sends the rows as it finds them, while Python
    writes out those already received (psycopg's stream, libpq's chunked
    mode): through a server-side cursor, it found each chunk only when asked
    for it and Python waited, then the database (measured over 20,000 entries:
    0.56 s of 1.26 s was waiting). Elsewhere, Django's own iterator."""
    connection = connections[rows.db]
    if connection.vendor != "postgresql":
        yield from rows.iterator(chunk_size=CHUNK)
        return
    compiler = rows.query.get_compiler(using=rows.db)
    sql, params = compiler.as_sql()
    selected = [alias for _expression, _sql, alias in compiler.select]
    if selected != list(names):
        raise ValueError(f"Selected {selected}, not {names}.")
    converters = compiler.get_converters(
        [expression for expression, _sql, _alias in compiler.select]
    )
    # A stream left unfinished (the browser went away) is cancelled, which
    # fails the transaction it runs in: within one, a savepoint takes the
    # failure.
    savepoint = atomic(using=rows.db) if connection.in_atomic_block else nullcontext()
    with savepoint, connection.cursor() as cursor:
        # Logged as Django logs its own queries (tests, the debug toolbar).
        debug_sql = getattr(cursor, "debug_sql", None)
        if debug_sql:
            with debug_sql(sql, params):
                pass
        found = cursor.cursor.stream(sql, params, size=CHUNK)
        if compiler.has_extra_select:
            # Columns the database needs to order distinct rows by, not asked for.
            found = (row[: compiler.col_count] for row in found)
        if converters:
            found = compiler.apply_converters(found, converters)
        yield from found


def records(queryset, columns, terms_shown=list, iso_moments=False):
    """Each entry of `queryset`, in its order, as a list of plain values in the
    order of `columns`: lists of codes for the classification (or what
    `terms_shown` makes of such a list), {"title", "url"} for sources, dates
    and times as UtcText (in ISO 8601 with iso_moments).

    One query: the classification and sources come with each entry, through
    subqueries the database answers from its indexes, and the entries through
    one cursor, CHUNK at a time."""
    annotations = {}
    paths = []
    classified, html, sources = [], [], []
    for index, column in enumerate(columns):
        if column.kind in (CLASSIFICATION, SOURCES, MOMENT):
            alias = f"{column.name}_export"
            if column.kind == CLASSIFICATION:
                annotations[alias] = term_ids(column.name)
            elif column.kind == SOURCES:
                annotations[alias] = source_list()
            else:
                annotations[alias] = UtcText(column.path, iso=iso_moments)
            paths.append(alias)
        else:
            paths.append(column.path)
        if column.kind == CLASSIFICATION:
            classified.append((index, column.name))
        elif column.kind == HTML:
            html.append(index)
        elif column.kind == SOURCES:
            sources.append(index)
    # Entries back with their organisation and changed since: the Office
    # exports the version last submitted (see PracticeEntry.seen_by_office).
    revised = submitted_versions(queryset, columns, iso_moments)
    if revised:
        annotations["export_pk"] = F("pk")
        paths.append("export_pk")
    taxonomy = Taxonomy([name for _index, name in classified], terms_shown)
    # The sets already shown, looked up here rather than through a call: this
    # loop runs for every entry and field.
    classified = [(index, name, taxonomy.known[name]) for index, name in classified]
    rows = queryset.annotate(**annotations).values_list(*paths)
    # The stream is closed before JIT is put back, however the loop ends.
    with without_jit(rows.db), closing(streamed(rows, paths)) as found:
        for row in found:
            values = list(row)
            if revised:
                submitted = revised.get(values.pop())
                if submitted:
                    values = [
                        value if new is KEEP else new
                        for value, new in zip(values, submitted, strict=True)
                    ]
            for index in html:
                values[index] = plain_text(values[index])
            for index, name, known in classified:
                ids = values[index]
                shown = known.get(ids)
                values[index] = taxonomy.of(name, ids) if shown is None else shown
            for index in sources:
                values[index] = sources_of(values[index])
            yield values


KEEP = object()


def submitted_versions(queryset, columns, iso_moments=False):
    """{entry id: its values as last submitted, in the order of `columns`, as
    the query gives them (KEEP where the row's own value stands)} for the
    entries of `queryset` changed by their organisation since."""
    found = versions.submitted_versions(queryset)
    if not found:
        return {}
    emails = dict(
        get_user_model()
        .objects.filter(pk__in={data.get("updated_by_id") for data in found.values()})
        .values_list("pk", "email")
    )
    moment = "%Y-%m-%dT%H:%M:%SZ" if iso_moments else "%Y-%m-%d %H:%M:%S"
    rows = {}
    for entry_id, data in found.items():
        values = []
        for column in columns:
            if column.kind == CLASSIFICATION:
                values.append(",".join(map(str, data.get(column.name) or [])))
            elif column.kind == SOURCES:
                values.append(json.dumps(data["sources"]))
            elif column.path == "updated_at":
                at = data["updated_at"].astimezone(datetime.UTC)
                values.append(at.strftime(moment))
            elif column.path == "updated_by__email":
                values.append(emails.get(data.get("updated_by_id")))
            elif column.path in versions.ENTRY_TEXT or column.path == "version_number":
                values.append(data.get(column.path))
            else:
                values.append(KEEP)
        rows[entry_id] = values
    return rows


class SpreadsheetCells:
    """Turns records into rows of spreadsheet cells, every text neutralised: for
    XLSX, values openpyxl writes; for CSV, each cell's text as it goes in the
    file, quoted where needed."""

    def __init__(self, columns, spreadsheet_format):
        self.xlsx = spreadsheet_format == XLSX
        self.converters = [self.converter(column) for column in columns]

    def text(self, value):
        value = printable(value)
        if not self.xlsx:
            return csv_field(neutralise(value))
        if value:
            value = value[: XLSX_CELL_LIMIT - 1]
        return neutralise(value)

    def terms(self, codes):
        """The cell of a classification: records() makes it once per set of
        terms."""
        return self.text("; ".join(codes))

    def converter(self, column):
        """How to write the column's values; None: as they are."""
        text = self.text
        if column.kind in (TEXT, HTML):
            return text
        if column.kind == VALUE:
            return None if self.xlsx else csv_field
        if column.kind == CLASSIFICATION:
            return None  # made by terms()
        if column.kind == SOURCES:
            return lambda sources: text(
                "; ".join(f"{s['title']} <{s['url']}>" for s in sources)
            )
        if column.kind == CHOICE:
            labels = {
                value: text(capfirst(str(label)))
                for value, label in column.choices.choices
            }
            return lambda code: labels[code] if code in labels else text(code)
        if self.xlsx:  # MOMENT
            return lambda moment: moment and datetime.datetime.fromisoformat(moment)
        return text

    def rows(self, queryset, columns):
        """The cells of each entry of `queryset`."""
        converters = self.converters
        for values in records(queryset, columns, terms_shown=self.terms):
            yield [
                value if convert is None else convert(value)
                for convert, value in zip(converters, values, strict=True)
            ]


def pieces(parts):
    """Joins many small strings into pieces of about PIECE characters."""
    buffer, size = [], 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= PIECE:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def csv_field(value):
    """One field as csv.writer writes it (QUOTE_MINIMAL, RFC 4180): done here
    with str methods, which scan in C at memory speed, it takes a fifth of the
    time csv.writer takes to copy every character (measured: 4 against 20 µs
    for an entry), the largest part of a CSV export."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def csv_line(cells):
    return ",".join(map(csv_field, cells)) + "\r\n"


def csv_lines(queryset, columns):
    yield "\ufeff"  # a BOM, so spreadsheet programs read UTF-8
    yield csv_line([str(column.heading) for column in columns])
    for cells in SpreadsheetCells(columns, CSV).rows(queryset, columns):
        yield ",".join(cells) + "\r\n"


def json_parts(queryset, columns, fields):
    head = json.dumps(
        {"exported_at": timezone.now().isoformat(), "fields": fields, "entries": []},
        ensure_ascii=False,
    )
    yield head[:-2]  # everything but the closing "]}"
    names = [column.name for column in columns]
    entries = (
        dict(zip(names, values, strict=True))
        for values in records(queryset, columns, iso_moments=True)
    )
    separator = ""
    # A hundred entries to each call of the encoder rather than one: its cost
    # per call counts at this rate.
    while batch := list(islice(entries, 100)):
        text = json.dumps(
            batch,
            ensure_ascii=False,
            separators=(",", ":"),
            check_circular=False,  # plain data, made here
        )
        yield separator + text[1:-1]
        separator = ","
    yield "]}"


def write_xlsx(queryset, columns, output):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(_("Practice entries")))
    sheet.freeze_panes = "A2"
    sheet.append([str(column.heading) for column in columns])
    for cells in SpreadsheetCells(columns, XLSX).rows(queryset, columns):
        sheet.append(cells)
    book.save(output)


class PracticeEntryIndexView(generic.IndexView):
    """The admin list of entries, exporting what it lists: ?export=csv, xlsx or
    json, and &fields=internal for the Office's internal fields."""

    FORMATS = FORMATS
    fields_kwarg = "fields"
    # This list offers its own buttons, a format by a set of fields, in
    # place of Wagtail's two.
    show_export_buttons = False
    export_fields = PUBLIC  # or INTERNAL, from the request

    def get_base_queryset(self):
        """Only the entries the Office may see, in the list as in every export."""
        return PracticeEntry.objects.seen_by_office().select_related("organisation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions.show_as_submitted(context["object_list"])
        return context

    def get(self, request, *args, **kwargs):
        if "export" not in request.GET:
            return super().get(request, *args, **kwargs)
        export_format = request.GET["export"]
        self.export_fields = request.GET.get(self.fields_kwarg, PUBLIC)
        if export_format not in FORMATS or self.export_fields not in (PUBLIC, INTERNAL):
            raise Http404
        if self.export_fields == INTERNAL and not self.may_see_internal_fields:
            raise PermissionDenied
        if self.filters and not self.filters.is_valid():
            # Exporting everything in place of what was asked for would
            # surprise; the list shows the errors instead.
            raise BadRequest("Invalid filters")
        # Who took which entries out, and with which fields, is kept in the
        # site's history, beside the person.
        chosen = request.GET.copy()
        for name in ("export", self.fields_kwarg):
            chosen.pop(name, None)
        # The site history files an entry under its instance's model, which a
        # lazily verified user (the second factor's middleware) hides.
        person = getattr(request.user, "_wrapped", request.user)
        log(
            instance=person,
            action="contributions.export",
            user=request.user,
            data={
                "format": export_format,
                "fields": self.export_fields,
                "filters": chosen.urlencode(),
            },
        )
        return self.as_spreadsheet(self.get_queryset(), export_format)

    @cached_property
    def may_see_internal_fields(self):
        """Whoever may inspect an entry, and so already sees its internal
        contact, status, versions and authors there."""
        return self.user_has_any_permission(generic.InspectView.any_permission_required)

    @cached_property
    def export_columns(self):
        return columns_for(self.export_fields)

    def get_filename(self):
        internal = "-internal" if self.export_fields == INTERNAL else ""
        return super().get_filename() + internal

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """Wagtail's way in to an export, reached from get() without building
        the list's page, which would load every entry to count them."""
        response = {
            CSV: self.write_csv_response,
            XLSX: self.write_xlsx_response,
            JSON: self.write_json_response,
        }[spreadsheet_format](queryset)
        # Internal data should not stay in a shared cache or the browser's.
        add_never_cache_headers(response)
        return response

    def stream_csv(self, queryset):
        return csv_lines(queryset, self.export_columns)

    def write_csv_response(self, queryset):
        return self.streaming_response(
            self.stream_csv(queryset), CSV, "text/csv; charset=utf-8"
        )

    def write_json_response(self, queryset):
        parts = json_parts(queryset, self.export_columns, self.export_fields)
        return self.streaming_response(parts, JSON, "application/json")

    def streaming_response(self, parts, extension, content_type):
        response = StreamingHttpResponse(pieces(parts), content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{self.get_filename()}.{extension}"'
        )
        return response

    def write_xlsx(self, queryset, output):
        write_xlsx(queryset, self.export_columns, output)

    def write_xlsx_response(self, queryset):
        """Written to a temporary file, not memory, then sent from it."""
        output = tempfile.TemporaryFile(suffix=".xlsx")
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            filename=f"{self.get_filename()}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )

    def get_export_url(self, format, fields=PUBLIC):
        """The list's own address with its filters, search and ordering, for
        whichever list the buttons are drawn in (the page or its results)."""
        params = self.request.GET.copy()
        for key in [self.page_kwarg, *(k for k in params if k.startswith("_w_"))]:
            params.pop(key, None)
        params["export"] = format
        if fields == INTERNAL:
            params[self.fields_kwarg] = INTERNAL
        else:
            params.pop(self.fields_kwarg, None)
        return f"{self.index_url}?{params.urlencode()}"

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        labels = {
            (CSV, PUBLIC): _("Download CSV"),
            (XLSX, PUBLIC): _("Download XLSX"),
            (JSON, PUBLIC): _("Download JSON"),
            (CSV, INTERNAL): _("Download CSV with internal fields"),
            (XLSX, INTERNAL): _("Download XLSX with internal fields"),
            (JSON, INTERNAL): _("Download JSON with internal fields"),
        }
        for priority, ((export_format, fields), label) in enumerate(labels.items()):
            if fields == INTERNAL and not self.may_see_internal_fields:
                continue
            buttons.append(
                Button(
                    label,
                    url=self.get_export_url(export_format, fields),
                    icon_name="download",
                    priority=90 + priority,
                )
            )
        return buttons
