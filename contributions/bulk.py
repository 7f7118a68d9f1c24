"""Writing many entries' classification, sources and versions in a few queries.

Both the spreadsheet import and the synthetic entries of `seed_demo --entries`
write entries by the thousand. Each entry's version must look exactly as
django-reversion records it when an entry is saved through the portal (a
Revision with a Version of the entry, with its many-to-many ids, and of each
source, numbered by a RevisionInfo), so history, diffs and restore treat them
like any other.
"""

import datetime
import functools
import itertools
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router
from django.utils import timezone
from django.utils.encoding import is_protected_type
from reversion.models import Revision, Version

from contributions.models import PracticeEntry, RevisionInfo, Source

VERSION_COLUMNS = [
    "revision_id",
    "object_id",
    "content_type_id",
    "db",
    "format",
    "serialized_data",
    "object_repr",
]
# Rows per INSERT, within the database's limit on parameters.
ROWS_PER_INSERT = 2000


def insert_rows(model, columns, rows, using=None, returning=None):
    """Inserts plain rows (tuples of values ready for the database); with
    returning (the primary key's column), gives the id of every row inserted,
    in order.

    Without returning, rows may be any iterable, taken as it is written: on
    PostgreSQL the database stores the first rows while the next are made.

    Measured on an import of 5,000 entries: building a model instance for each
    of some 60,000 classification links, versions and numbers, and preparing
    each value through its field, took longer than writing them.
    """
    if returning is None:
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return []
        rows = itertools.chain([first], rows)
    elif not rows:
        return []
    connection = connections[using or router.db_for_write(model)]
    if connection.vendor == "postgresql":
        return _copy_rows(connection, model, columns, rows, returning)
    statement, per_insert = _values_insert(connection, model, columns, returning)
    returned = []
    rows = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(rows, per_insert)):
            cursor.execute(
                statement(len(batch)), [value for row in batch for value in row]
            )
            if returning:
                returned += [row[0] for row in cursor.fetchall()]
    return returned


def _copy_rows(connection, model, columns, rows, returning):
    """PostgreSQL: all the rows in one COPY, the ids taken beforehand from the
    table's sequence when they are wanted back (COPY returns nothing).

    Measured on an import of 10,000 entries: psycopg spent 0.4 s turning
    values into arrays for INSERT … SELECT FROM UNNEST, where COPY's rows are
    written by its C code.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    ids = []
    with connection.cursor() as cursor:
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                "FROM generate_series(1, %s)",
                [table, returning, len(rows)],
            )
            ids = sorted(row[0] for row in cursor.fetchall())
            columns = [returning, *columns]
            rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
        # Names come from the models, never from input.
        statement = "COPY {} ({}) FROM STDIN".format(
            table, ", ".join(quote(column) for column in columns)
        )
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    return ids


def _insert_head(connection, model, columns, returning):
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) ".format(
        quote(model._meta.db_table), ", ".join(quote(column) for column in columns)
    )
    tail = f" RETURNING {quote(returning)}" if returning else ""
    return head, tail


def _values_insert(connection, model, columns, returning):
    """Elsewhere: a VALUES list, within the database's limit on parameters."""
    head, tail = _insert_head(connection, model, columns, returning)
    placeholder = "({})".format(", ".join(["%s"] * len(columns)))
    per_insert = ROWS_PER_INSERT
    if connection.features.max_query_params:
        per_insert = min(
            per_insert, connection.features.max_query_params // len(columns)
        )

    def statement(count):
        return head + "VALUES " + ", ".join([placeholder] * count) + tail

    return statement, per_insert


PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.DateTimeField,
    models.ForeignKey,
    models.IntegerField,
    models.TextField,
)


def insert_objects(objects, using=None):
    """bulk_create for new instances of a model of plain fields (text, numbers,
    booleans, foreign keys, dates and times as they are set): their values go to
    the database without passing through each field, and each gets its id."""
    if not objects:
        return
    model = type(objects[0])
    connection = connections[using or router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    if not all(isinstance(field, PLAIN_FIELDS) for field in fields):
        raise TypeError(f"{model.__name__} has fields that need preparing.")
    adapted = {}

    def adapt(value):
        # A batch's times are mostly one and the same moment.
        try:
            return adapted[value]
        except KeyError:
            adapted[value] = connection.ops.adapt_datetimefield_value(value)
            return adapted[value]

    times = {
        index
        for index, field in enumerate(fields)
        if isinstance(field, models.DateTimeField)
    }
    attnames = [field.attname for field in fields]
    rows = [
        tuple(
            adapt(value) if index in times and value is not None else value
            for index, value in enumerate(getattr(obj, attname) for attname in attnames)
        )
        for obj in objects
    ]
    ids = insert_rows(
        model,
        [field.column for field in fields],
        rows,
        using=connection.alias,
        returning=model._meta.pk.column,
    )
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


class Serialiser:
    """Django's serialisation of instances of a model of plain fields, the form
    django-reversion stores a version in, from each instance's attributes.

    Measured on an import of 10,000 entries: Django's serializer, asking each
    field of each instance for its value and its text, took a quarter of the
    import. The values are the same: ids for foreign keys, numbers, booleans,
    dates and None as they are, anything else as its text.
    """

    def __init__(self, model, exclude=()):
        fields = [
            field
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name not in exclude
        ]
        if not all(isinstance(field, PLAIN_FIELDS) for field in fields):
            raise TypeError(f"{model.__name__} has fields that need preparing.")
        self.label = str(model._meta)
        self.attributes = [(field.name, field.attname) for field in fields]

    def item(self, pk, values):
        """The serialised object, values giving each attribute by its attname."""
        return {
            "model": self.label,
            "pk": pk,
            "fields": {
                name: value if value.__class__ in AS_THEY_ARE else _serialised(value)
                for name, value in (
                    (name, values(attname)) for name, attname in self.attributes
                )
            },
        }


# One encoder for every version, as Django's JSON serializer configures it.
_ENCODER = DjangoJSONEncoder(ensure_ascii=False)
ENCODE = _ENCODER.encode
AS_THEY_ARE = {str, int, bool, float, type(None)}


@functools.lru_cache(maxsize=64)
def _moment(value):
    # The entries of a batch share their times of creation and change.
    return _ENCODER.default(value)


def _serialised(value):
    """A value as Django's serializer keeps it, dates and times already in the
    text its JSON encoder would write, so encoding calls back into Python for
    nothing."""
    if isinstance(value, datetime.date | datetime.time):
        return _moment(value)
    return value if is_protected_type(value) else str(value)


class SourceRow(NamedTuple):
    """A source as written by EntryWriter.add_sources."""

    pk: int
    entry_id: int
    title: str
    url: str
    sort_order: int

    def __str__(self):
        return Source.label(self.title, self.url)


class EntryWriter:
    """Writes the rows that go with entries already inserted: one bulk insert (or
    delete) per kind of row for a whole batch."""

    def __init__(self, batch_size=2000):
        self.batch_size = batch_size
        self.db = router.db_for_write(PracticeEntry)
        content_types = ContentType.objects.get_for_models(PracticeEntry, Source)
        self.entry_type = content_types[PracticeEntry].pk
        self.source_type = content_types[Source].pk
        self.m2m = [
            (
                m2m.name,
                m2m.remote_field.through,
                f"{m2m.m2m_field_name()}_id",
                f"{m2m.m2m_reverse_field_name()}_id",
            )
            for m2m in PracticeEntry._meta.many_to_many
        ]
        self.entries = Serialiser(PracticeEntry)
        self.sources = Serialiser(Source)

    def classify(self, entries, classification_of, replace=False):
        """Links each entry to its terms: classification_of(entry) gives
        {"pillars": [ids], …}. With replace, earlier links are removed first."""
        ids = [entry.pk for entry in entries]
        classifications = [(entry.pk, classification_of(entry)) for entry in entries]
        for name, through, entry_column, other_column in self.m2m:
            if replace:
                through.objects.filter(**{f"{entry_column}__in": ids}).delete()
            insert_rows(
                through,
                [entry_column, other_column],
                [
                    (pk, other)
                    for pk, classification in classifications
                    for other in classification.get(name, ())
                ],
                using=self.db,
            )

    def add_sources(self, entries, sources_of, replace=False):
        """Inserts each entry's sources, sources_of(entry) giving (title, url)
        pairs in order; returns {entry id: [SourceRow]}."""
        if replace:
            Source.objects.filter(entry_id__in=[entry.pk for entry in entries]).delete()
        rows = [
            (entry.pk, title, url, index)
            for entry in entries
            for index, (title, url) in enumerate(sources_of(entry))
        ]
        ids = insert_rows(
            Source,
            ["entry_id", "title", "url", "sort_order"],
            rows,
            using=self.db,
            returning="id",
        )
        by_entry = {entry.pk: [] for entry in entries}
        for pk, row in zip(ids, rows, strict=True):
            by_entry[row[0]].append(SourceRow(pk, *row))
        return by_entry

    def add_versions(
        self,
        entries,
        *,
        classification_of,
        sources,
        user_of,
        comment,
        action,
        as_saved=None,
    ):
        """Records each entry's current state as its version entry.version_number.

        sources is {entry id: [SourceRow]}; as_saved(entry) may give field values
        that differed when the version was saved (synthetic entries are saved as
        drafts and moved on later).
        """
        connection = connections[self.db]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        revisions = insert_rows(
            Revision,
            ["date_created", "user_id", "comment"],
            [(now, user_of(entry), comment) for entry in entries],
            using=self.db,
            returning="id",
        )

        def versions():
            for entry, revision in zip(entries, revisions, strict=True):
                item = self.entries.item(entry.pk, entry.__dict__.__getitem__)
                item["fields"].update(classification_of(entry))
                if as_saved:
                    item["fields"].update(as_saved(entry))
                yield self._version(revision, self.entry_type, entry, item)
                for source in sources.get(entry.pk, ()):
                    item = self.sources.item(source.pk, source._asdict().__getitem__)
                    yield self._version(revision, self.source_type, source, item)

        # Made as they are written: the database stores each batch of versions
        # while the next is serialised.
        insert_rows(Version, VERSION_COLUMNS, versions(), using=self.db)
        insert_rows(
            RevisionInfo,
            ["revision_id", "entry_id", "number", "action"],
            [
                (revision, entry.pk, entry.version_number, str(action))
                for entry, revision in zip(entries, revisions, strict=True)
            ],
            using=self.db,
        )

    def _version(self, revision_id, content_type_id, obj, item):
        return (
            revision_id,
            str(obj.pk),
            content_type_id,
            self.db,
            "json",
            ENCODE([item]),
            str(obj),
        )
