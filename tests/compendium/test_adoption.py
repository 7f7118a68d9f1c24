"""A database made before a model moved app keeps its tables and its data: its
history is brought up to date by `migrate` instead of the tables being made
again (compendium.adoption)."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend

from compendium.adoption import adopt_moved_migrations
from compendium.models import ReferenceSequence
from compendium.references import next_reference

pytestmark = pytest.mark.django_db

SEQUENCE = ("compendium", "0017_reference_sequence")


def forget(*keys):
    """The history of a database made before these migrations existed."""
    for app_label, name in keys:
        MigrationRecorder(connection).record_unapplied(app_label, name)


def recorded():
    return set(MigrationRecorder(connection).applied_migrations())


def test_where_an_adopted_migration_is_recorded_today_its_adopter_ran_first():
    """So adopting acts only on databases made before the move: on one made
    since, the old migration ran after the one that now makes the table."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    adopting = {
        key: migration.adopts
        for key, migration in graph.nodes.items()
        if getattr(migration, "adopts", None)
    }
    assert SEQUENCE in adopting
    unordered = [
        (key, old)
        for key, olds in adopting.items()
        for old in olds
        if key not in graph.forwards_plan(old)
    ]
    assert unordered == []


def test_a_migration_is_recorded_where_the_one_it_adopts_made_its_table():
    forget(SEQUENCE)

    assert adopt_moved_migrations(connection) == [SEQUENCE]
    assert SEQUENCE in recorded()


def test_nothing_is_recorded_twice():
    assert adopt_moved_migrations(connection) == []


def test_a_migration_is_not_adopted_before_those_it_depends_on():
    forget(SEQUENCE, ("compendium", "0016_description_text_as_written"))

    assert adopt_moved_migrations(connection) == []
    assert SEQUENCE not in recorded()


def test_a_migration_is_not_adopted_where_the_old_one_never_ran():
    forget(SEQUENCE, ("contributions", "0004_practice_entries"))

    assert SEQUENCE not in adopt_moved_migrations(connection)


def test_migrate_keeps_the_sequence_of_a_database_made_before_it_moved():
    ReferenceSequence.objects.update_or_create(
        name="entry", defaults={"last_value": 41}
    )
    forget(SEQUENCE)

    call_command("migrate", verbosity=0)

    assert SEQUENCE in recorded()
    assert next_reference() == "CP-0042"


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="a new database file is SQLite's"
)
def test_a_new_database_has_nothing_to_adopt(tmp_path):
    backend = load_backend(connection.settings_dict["ENGINE"])
    settings = {**connection.settings_dict, "NAME": str(tmp_path / "new.sqlite3")}
    new = backend.DatabaseWrapper(settings, alias="new")
    try:
        assert adopt_moved_migrations(new) == []
        assert not MigrationRecorder(new).has_table()
    finally:
        new.close()


def test_the_sequence_content_type_follows_it_to_the_compendium():
    ContentType.objects.filter(model="referencesequence").delete()
    old = ContentType.objects.create(
        app_label="contributions", model="referencesequence"
    )
    migration = importlib.import_module(
        "compendium.migrations.0018_reference_sequence_content_type"
    )

    migration.move_content_type("contributions", "compendium")(
        apps, SimpleNamespace(connection=connection)
    )

    old.refresh_from_db()
    assert old.app_label == "compendium"
