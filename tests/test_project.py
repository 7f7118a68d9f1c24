"""Project-wide promises: settings from the environment, one-way dependencies."""

import ast
import os
import subprocess
import sys
from pathlib import Path

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


def test_compendium_imports_neither_contributions_nor_review():
    offending = [
        (str(path.relative_to(ROOT)), module)
        for path, module in imported_modules("compendium")
        if module.split(".")[0] in {"contributions", "review"}
    ]
    assert offending == []


def test_contributions_does_not_import_review():
    offending = [
        (str(path.relative_to(ROOT)), module)
        for path, module in imported_modules("contributions")
        if module.split(".")[0] == "review"
    ]
    assert offending == []
