"""Backups of the whole compendium and their restore into a new database.

A backup is a folder: the database as its own engine copies it, every stored
file, and manifest.json with the number of rows of each model and the
fingerprint of each released edition (editions.fingerprint).

The database is copied by its engine rather than as Django fixtures
(dumpdata/loaddata): pg_dump in its custom format on PostgreSQL, SQLite's
online backup on SQLite. Both copy every row with its primary key, every
sequence, index and trigger, and the full-text tables that are no Django
model (SQLite's FTS5 index of each edition); django-reversion keeps each
version's object as its primary key and serialised data, which fixtures
loaded into a migrated database (whose data migrations already wrote
organisations, groups, pages) would renumber or collide with. Both are also a
consistent moment: on PostgreSQL the manifest and the list of files are read
in the snapshot pg_dump copies. A backup restores into the same engine.
"""

import hashlib
import json
import logging
import os
import sqlite3
import subprocess
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.management import call_command
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import editions
from .models import Edition

logger = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1 << 20


class BackupProblem(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _models():
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        yield model


def _file_fields():
    for model in _models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def _field_key(model, field):
    return f"{model._meta.label}.{field.name}"


def _field_by_key():
    return {_field_key(model, field): field for model, field in _file_fields()}


def counts(using="default"):
    """Rows of every model the project's apps and its libraries keep."""
    return {
        model._meta.label: model._base_manager.using(using).count()
        for model in sorted(_models(), key=lambda model: model._meta.label)
    }


def fingerprints(using="default"):
    """Every released edition (pre-publication ones too) with its fingerprint,
    in the order of release."""
    released = (
        Edition.objects.using(using).released().order_by("released_at", "pk").all()
    )
    return [
        {
            "label": edition.label,
            "kind": edition.kind,
            "released_at": edition.released_at.isoformat(),
            "entries": edition.entry_count,
            "fingerprint": editions.fingerprint(edition, using=using),
        }
        for edition in released
    ]


def _applied_migrations(using):
    return sorted(
        [app, name]
        for app, name in MigrationRecorder(connections[using]).applied_migrations()
    )


def _libpq(settings_dict):
    """pg_dump's and pg_restore's connection options and environment."""
    options = ["--dbname", settings_dict["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            options += [flag, str(settings_dict[key])]
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    return options, environment


def _run(command, environment):
    finished = subprocess.run(  # noqa: S603 fixed programs, arguments from settings
        command, env=environment, capture_output=True, text=True, check=False
    )
    if finished.returncode:
        raise BackupProblem(
            f"{command[0]} failed: {finished.stderr.strip()[-2000:] or 'no message'}"
        )


def _dump(connection, target, snapshot, in_callers_transaction):
    if connection.vendor == "sqlite":
        if in_callers_transaction:
            # SQLite's backup waits for the writes of an open transaction
            # forever; a backup is made from outside any transaction.
            raise BackupProblem("Back up outside a transaction.")
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return
    options, environment = _libpq(connection.settings_dict)
    command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    _run([*command, f"--file={target}", *options], environment)


def _copy_files(folder, using):
    """Every stored file a row names, copied under files/<model.field>/<name>;
    names of files no longer in storage are listed apart."""
    copied, missing = [], []
    for model, field in _file_fields():
        key = _field_key(model, field)
        names = (
            model._base_manager.using(using)
            .exclude(**{field.name: ""})
            .exclude(**{f"{field.name}__isnull": True})
            .values_list(field.name, flat=True)
            .distinct()
            .order_by(field.name)
        )
        for name in names.iterator():
            target = folder / "files" / key / Path(*PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            try:
                with (
                    field.storage.open(name, "rb") as source,
                    open(target, "wb") as out,
                ):
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            except FileNotFoundError:
                target.unlink(missing_ok=True)
                missing.append({"field": key, "name": name})
                logger.warning("Backup: %s %s is not in storage", key, name)
                continue
            copied.append(
                {
                    "field": key,
                    "name": name,
                    "size": target.stat().st_size,
                    "sha256": digest.hexdigest(),
                }
            )
    return copied, missing


def backup(folder, using="default"):
    """Write a backup into `folder` (new, or empty); gives the manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupProblem(f"{folder} is not empty: back up into a new folder.")
    folder.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    if connection.vendor not in DUMPS:
        raise BackupProblem(f"Backups of {connection.vendor} are not supported.")
    dump = folder / DUMPS[connection.vendor]
    began_here = not connection.in_atomic_block
    with transaction.atomic(using=using):
        snapshot = None
        # One moment for the dump, the manifest and the files: a snapshot that
        # pg_dump shares, taken as the transaction's first statement (not
        # possible inside a transaction the caller began).
        if connection.vendor == "postgresql" and began_here:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
        _dump(connection, dump, snapshot, in_callers_transaction=not began_here)
        manifest = {
            "format": FORMAT,
            "made_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": dump.name,
            "migrations": _applied_migrations(using),
            "counts": counts(using),
            "editions": fingerprints(using),
        }
        manifest["files"], manifest["missing_files"] = _copy_files(folder, using)
    (folder / MANIFEST).write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return manifest


def read_manifest(folder):
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as problem:
        raise BackupProblem(f"No readable {MANIFEST} in {folder}: {problem}") from None
    if manifest.get("format") != FORMAT:
        raise BackupProblem(f"{folder} holds a backup of another format.")
    return manifest


def _load(connection, dump):
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        connection.close()
        source = sqlite3.connect(dump)
        target = sqlite3.connect(name)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return
    connection.close()
    options, environment = _libpq(connection.settings_dict)
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *options,
            str(dump),
        ],
        environment,
    )


def _put_files(folder, manifest):
    fields = _field_by_key()
    for item in manifest["files"]:
        field = fields.get(item["field"])
        if field is None:
            raise BackupProblem(f"No field {item['field']} to restore files of.")
        source = (
            folder / "files" / item["field"] / Path(*PurePosixPath(item["name"]).parts)
        )
        storage = field.storage
        if storage.exists(item["name"]):
            storage.delete(item["name"])
        with open(source, "rb") as handle:
            saved = storage.save(item["name"], File(handle))
        if saved != item["name"]:
            raise BackupProblem(f"{item['name']} was stored as {saved}.")


def check(manifest, using="default"):
    """What differs between the restored database and the manifest: nothing when
    the restore is complete."""
    differences = []
    made = {edition["label"]: edition for edition in manifest["editions"]}
    restored = {edition["label"]: edition for edition in fingerprints(using)}
    for label in sorted(made.keys() | restored.keys()):
        if made.get(label) != restored.get(label):
            differences.append(
                f"edition {label}: {made.get(label)} != {restored.get(label)}"
            )
    if manifest["migrations"] == _applied_migrations(using):
        now = counts(using)
        for label, count in manifest["counts"].items():
            if now.get(label) != count:
                differences.append(
                    f"{label}: {count} rows backed up, {now.get(label)} restored"
                )
    return differences


def restore(folder, using="default"):
    """Restore a backup into an empty database (created beforehand, no tables),
    migrate it to this code, put back every file, and check the result against
    the manifest; gives the manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    connection = connections[using]
    if connection.vendor != manifest["engine"]:
        raise BackupProblem(
            f"This backup is of {manifest['engine']}: restore it into "
            f"{manifest['engine']}, not {connection.vendor}."
        )
    if connection.introspection.table_names():
        raise BackupProblem(
            "The database to restore into has tables: restore into a new, empty "
            "database."
        )
    dump = folder / manifest["database"]
    if not dump.is_file():
        raise BackupProblem(f"{dump} is missing.")
    _load(connection, dump)
    call_command("migrate", database=using, interactive=False, verbosity=0)
    _put_files(folder, manifest)
    differences = check(manifest, using)
    if differences:
        raise BackupProblem(
            "The restored database differs from the backup:\n" + "\n".join(differences)
        )
    return manifest
