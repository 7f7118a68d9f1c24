"""Project-wide promises: settings from the environment, one-way dependencies."""

import ast
import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parent.parent


def run_with_settings(module, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(  # noqa: S603 our own interpreter and module
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with_settings(
        "compendium.settings.production", ALLOWED_HOSTS="compendium.example"
    )
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable." in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_with_settings("compendium.settings.production", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "Set the ALLOWED_HOSTS environment variable." in result.stderr


def test_production_starts_with_both_set():
    result = run_with_settings(
        "compendium.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="compendium.example",
    )
    assert result.returncode == 0, result.stderr


def imported_modules(package):
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, node.module


# The project's apps, bottom first: each may import only from those before it.
LAYERS = ["compendium", "accounts", "contributions", "review"]


def imports_from_above(app):
    above = set(LAYERS[LAYERS.index(app) + 1 :])
    return [
        (str(path.relative_to(ROOT)), module)
        for path, module in imported_modules(app)
        if module.split(".")[0] in above
    ]


def test_compendium_imports_no_other_app_of_the_project():
    assert imports_from_above("compendium") == []


def test_accounts_imports_only_the_compendium():
    assert imports_from_above("accounts") == []


def test_contributions_does_not_import_review():
    assert imports_from_above("contributions") == []


# The user model's first migration sits below everything: Django's, Wagtail's and
# the other packages' migrations, and compendium's, depend on it through
# AUTH_USER_MODEL, so it depends on no app of the project.
USER = ("accounts", "0001_initial")
MIGRATION_LAYERS = ["user", *LAYERS]


def migration_layer(key):
    return "user" if key == USER else key[0]


def test_migrations_depend_only_on_their_own_app_or_those_below_it():
    project_apps = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT)
    }
    assert project_apps <= set(LAYERS), "place each app of the project in LAYERS"
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    upward = []
    for key, node in graph.node_map.items():
        if key[0] not in project_apps:
            continue
        layer = MIGRATION_LAYERS.index(migration_layer(key))
        for parent in node.parents:
            if parent.key[0] not in project_apps:
                continue
            if MIGRATION_LAYERS.index(migration_layer(parent.key)) > layer:
                upward.append((".".join(key), ".".join(parent.key)))
    assert sorted(upward) == []
