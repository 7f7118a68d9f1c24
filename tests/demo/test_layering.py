"""The demo app sits above every other: it may use any app's models and services,
and no app depends on it, so that demo and benchmark data can change without
touching what runs on a real site."""

import re
from pathlib import Path

from django.apps import apps

from tests.test_project import ROOT, imported_modules

# A model or a function of the demo named as a string, which an import scan
# would not see.
NAMED = re.compile(r"""(get_model|import_string)\(\s*["']demo[."']""")


def project_apps():
    return [
        config.name
        for config in apps.get_app_configs()
        if Path(config.path) == ROOT / config.name.replace(".", "/")
        and config.name != "demo"
    ]


def test_the_demo_is_installed_beside_the_project_apps():
    assert "demo" in [config.name for config in apps.get_app_configs()]
    assert {"compendium", "contributions", "review"} <= set(project_apps())


def test_no_app_imports_the_demo():
    offending = [
        (str(path.relative_to(ROOT)), module)
        for app in project_apps()
        for path, module in imported_modules(app.replace(".", "/"))
        if module.split(".")[0] == "demo"
    ]
    assert offending == []


def test_no_app_names_the_demo_in_a_string():
    offending = [
        str(path.relative_to(ROOT))
        for app in project_apps()
        for path in (ROOT / app.replace(".", "/")).rglob("*.py")
        if NAMED.search(path.read_text())
    ]
    assert offending == []
