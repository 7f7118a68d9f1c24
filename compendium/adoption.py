"""Databases made before a model moved app keep their tables; their history is
brought up to date instead of the tables being made again.

When a model moves to another app, the new app's migration that makes it has
never run on an older database, although that database already has the table
(made by the old app's migration, whose name is in its history). Django would
refuse such a history (`InconsistentMigrationHistory`), or try to make the table
a second time. A migration that makes what an older migration already made says
so:

    adopts = [("contributions", "0001_initial")]

and `adopt_moved_migrations` records it as applied, without running it, on a
database whose history has every migration it adopts. It runs before
`migrate` reads the history (compendium/management/commands/migrate.py); on a
new database, which has no history, it does nothing and the migration runs.
"""

from django.db import transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def adopt_moved_migrations(connection):
    """Record as applied every migration whose `adopts` are all applied and whose
    own dependencies are applied (or adopted here); return their keys in the
    order they were recorded."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    recorded = set(recorder.applied_migrations())
    applied = set(loader.applied_migrations)
    adopted = []
    with transaction.atomic(using=connection.alias):
        for key in _in_dependency_order(loader.graph):
            olds = getattr(loader.graph.nodes[key], "adopts", None)
            if not olds or key in applied:
                continue
            parents = {parent.key for parent in loader.graph.node_map[key].parents}
            if all(old in recorded for old in olds) and parents <= applied:
                recorder.record_applied(*key)
                applied.add(key)
                adopted.append(key)
    return adopted


def _in_dependency_order(graph):
    """Every migration, each after those it depends on."""
    seen = set()
    for leaf in sorted(graph.leaf_nodes()):
        for key in graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                yield key
