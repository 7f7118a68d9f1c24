"""A database made while the user, organisations, memberships and invitations
belonged to contributions upgrades in place: its tables and rows stay, accounts'
migrations are recorded where contributions' made the same tables, and the
permissions granted on those models follow them to accounts."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from accounts.choices import StaffRole
from accounts.models import Membership, User
from compendium.adoption import adopt_moved_migrations
from tests.contributions.factories import MembershipFactory

pytestmark = pytest.mark.django_db

MODELS = ["user", "organisation", "membership", "invitation"]
# Where they were born, before accounts existed.
OLD_APP = "contributions"
# Apps made after accounts: such a database has none of their migrations.
BORN_LATER = {"dialogues"}


def accounts_migrations():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return [
        key
        for key in graph.forwards_plan(("accounts", "0007_content_types"))
        if key[0] == "accounts"
    ]


def as_made_before_accounts(*later_contributions):
    """The history and content types of a database made when contributions held
    the user: no accounts migration recorded, the models' content types (and so
    the permissions on them) under contributions."""
    recorder = MigrationRecorder(connection)
    # Every accounts migration, those made since the move included: such a
    # database has none of them.
    for key in recorded():
        if key[0] == "accounts" or key[0] in BORN_LATER:
            recorder.record_unapplied(*key)
    for name in later_contributions:
        recorder.record_unapplied("contributions", name)
    ContentType.objects.filter(app_label="accounts", model__in=MODELS).update(
        app_label="contributions"
    )
    ContentType.objects.clear_cache()


def recorded():
    return set(MigrationRecorder(connection).applied_migrations())


def test_accounts_history_is_where_contributions_made_the_same_tables():
    adopted = {
        key: getattr(MigrationLoader(None).get_migration(*key), "adopts", None)
        for key in accounts_migrations()
    }

    assert adopted == {
        ("accounts", "0001_initial"): [("contributions", "0001_initial")],
        ("accounts", "0002_organisations"): [("contributions", "0001_initial")],
        ("accounts", "0003_state_organisations"): [
            ("contributions", "0002_state_organisations")
        ],
        ("accounts", "0004_user_daily_digest"): [
            ("contributions", "0006_notifications")
        ],
        ("accounts", "0005_user_time_zone"): [("contributions", "0008_user_time_zone")],
        ("accounts", "0006_email_identity"): [("contributions", "0012_email_identity")],
        # Runs on the old database: it moves the content types.
        ("accounts", "0007_content_types"): None,
    }


def test_a_database_made_when_contributions_held_the_user_upgrades_in_place():
    member = MembershipFactory(focal_point=True)
    administrator = User.objects.create_user(
        "admin.old@example.org", first_name="Ada", last_name="Old"
    )
    administrator.groups.add(Group.objects.get(name=StaffRole.ADMINISTRATOR))
    as_made_before_accounts()

    # What `migrate` does first (compendium/management/commands/migrate.py).
    assert adopt_moved_migrations(connection) == accounts_migrations()[:-1]
    executor = MigrationExecutor(connection)
    # Without the step above: InconsistentMigrationHistory.
    executor.loader.check_consistent_history(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    # The one left to run, then the accounts migrations made since the move.
    planned = [(m.app_label, m.name) for m, _backwards in plan]
    assert planned[0] == ("accounts", "0007_content_types")
    assert {app_label for app_label, _name in planned} == {"accounts", *BORN_LATER}
    # Then the one left to run; SQLite cannot run a migration's schema editor
    # inside the test's transaction, so it is applied without one.
    state = executor.loader.project_state(("accounts", "0006_email_identity"))
    plan[0][0].apply(
        state, SimpleNamespace(connection=connection, atomic_migration=True)
    )
    ContentType.objects.clear_cache()

    assert set(
        ContentType.objects.filter(model__in=MODELS).values_list("app_label", flat=True)
    ) == {"accounts"}
    # The group's permissions were granted on the old content types' rows.
    administrator = User.objects.get(pk=administrator.pk)
    assert administrator.has_perm("accounts.change_user")
    assert administrator.has_perm("accounts.add_invitation")
    assert Membership.objects.get(pk=member.pk).user.email == member.user.email


def test_a_database_made_before_the_time_zone_adopts_only_what_it_has():
    # Made when contributions was at 0007: no time zone column yet.
    later = [
        name
        for app_label, name in recorded()
        if app_label == "contributions" and name >= "0008"
    ]
    as_made_before_accounts(*later)

    assert adopt_moved_migrations(connection) == [
        ("accounts", "0001_initial"),
        ("accounts", "0002_organisations"),
        ("accounts", "0003_state_organisations"),
        ("accounts", "0004_user_daily_digest"),
    ]


def test_a_new_database_has_no_content_types_to_move():
    ContentType.objects.filter(model__in=MODELS).delete()
    migration = importlib.import_module("accounts.migrations.0007_content_types")

    migration.move_content_types("contributions", "accounts")(
        apps, SimpleNamespace(connection=connection)
    )

    assert not ContentType.objects.filter(model__in=MODELS).exists()


def test_an_old_content_type_is_left_where_the_new_one_exists():
    old = ContentType.objects.create(app_label=OLD_APP, model="user")
    migration = importlib.import_module("accounts.migrations.0007_content_types")

    migration.move_content_types("contributions", "accounts")(
        apps, SimpleNamespace(connection=connection)
    )

    old.refresh_from_db()
    assert old.app_label == OLD_APP
    assert ContentType.objects.filter(app_label="accounts", model="user").count() == 1
