"""Project-wide promises: settings from the environment, one-way dependencies."""

import ast
import os
import re
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


# The apps from the bottom up: each may depend on those before it, never on
# those after it. An app not made yet simply has no files. The one link that
# runs the other way is the user model: compendium names it only through
# AUTH_USER_MODEL, and the migration that makes it depends on nothing of ours
# (test_the_user_model_depends_on_no_app_of_the_project).
LAYERS = (
    "compendium",
    "accounts",
    "contributions",
    "review",
    "dialogues",
    "demo",
)
# Django's swappable models: every app names them through the setting.
SWAPPABLE = {"AUTH_USER_MODEL": ("accounts", "0001_initial")}
RANK = {app: rank for rank, app in enumerate(LAYERS)}
# The project's composition root, which wires every app together.
WIRING = (
    ROOT / "compendium" / "settings",
    ROOT / "compendium" / "urls.py",
    ROOT / "compendium" / "asgi.py",
    ROOT / "compendium" / "wsgi.py",
)
# Calls that load code or models by a name written as a string.
LOADERS = {
    "import_string",
    "import_module",
    "include",
    "get_model",
    "get_app_config",
    "load_model",
    "ForeignKey",
    "OneToOneField",
    "ManyToManyField",
}
ADMIN_PATH = re.compile(r"/admin/[\w\-/.{}%]*")


def is_wiring(path):
    return any(path == part or part in path.parents for part in WIRING)


def app_modules():
    """(app, path) of every Python module of the layered apps, migrations and
    the project's wiring aside."""
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and not is_wiring(path):
                yield app, path


def app_templates():
    """(app, path) of every template that belongs to a layered app."""
    for app in LAYERS:
        for folder in (ROOT / "templates" / app, ROOT / app / "templates" / app):
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    yield app, path


def app_named(name):
    """The layered app a dotted name, app label or module path belongs to."""
    first = re.split(r"[.:/]", name.strip(), maxsplit=1)[0]
    return first if first in RANK else None


def above(app, other):
    return other is not None and RANK[other] > RANK[app]


def parsed(path):
    return ast.parse(path.read_text(), filename=str(path))


def called_name(node):
    function = node.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return getattr(function, "id", "")


def text_of(node):
    """A string literal as written, with each f-string hole as "1"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "1"
            for part in node.values
        )
    return None


def test_no_app_imports_one_above_it():
    offending = [
        f"{path.relative_to(ROOT)}: {module}"
        for app, path in app_modules()
        for node in ast.walk(parsed(path))
        for module in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module]
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
            else []
        )
        if above(app, app_named(module))
    ]
    assert offending == []


def string_references(path):
    """(line, name) of each name that code or a model is loaded by: the first
    string given to import_string, include, apps.get_model and the like."""
    for node in ast.walk(parsed(path)):
        if not isinstance(node, ast.Call) or called_name(node) not in LOADERS:
            continue
        given = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "to")]
        for argument in given:
            if (name := text_of(argument)) is not None:
                yield node.lineno, name


def test_no_app_names_code_or_models_of_one_above_it():
    offending = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for app, path in app_modules()
        for line, name in string_references(path)
        if above(app, app_named(name))
    ]
    assert offending == []


def test_the_string_check_sees_each_way_of_naming(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        "import_string('review.services.decide')\n"
        "apps.get_model('review', 'Decision')\n"
        "apps.get_model('review.Decision')\n"
        "models.ForeignKey('review.Decision', on_delete=models.CASCADE)\n"
        "models.ForeignKey(to='review.Decision', on_delete=models.CASCADE)\n"
        "include('review.urls')\n"
    )
    found = [app_named(name) for _line, name in string_references(module)]
    assert found == ["review"] * 6


def settings_read(path):
    """The settings a module reads: settings.NAME and getattr(settings, "NAME")."""
    for node in ast.walk(parsed(path)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "settings"
        ):
            yield node.attr
        elif (
            isinstance(node, ast.Call)
            and called_name(node) == "getattr"
            and len(node.args) >= 2
            and getattr(node.args[0], "id", None) == "settings"
            and isinstance(node.args[1], ast.Constant)
        ):
            yield node.args[1].value


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.items():
            yield from strings_in(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from strings_in(item)


def test_no_setting_an_app_reads_names_an_app_above_it():
    """A setting belongs to the apps that read it and to the app its name starts
    with (COMPENDIUM_…); none of its values may name code or a model of an app
    above them."""
    from django.conf import settings

    readers = {}
    for app, path in app_modules():
        for name in settings_read(path):
            readers.setdefault(name, set()).add(app)
    for name in dir(settings):
        if name.isupper() and name.split("_")[0].lower() in RANK:
            readers.setdefault(name, set()).add(name.split("_")[0].lower())
    offending = sorted(
        f"{name} (read by {app}): {value}"
        for name, apps_reading in readers.items()
        if hasattr(settings, name) and name not in SWAPPABLE
        for value in strings_in(getattr(settings, name))
        for app in apps_reading
        if re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+", value)
        and above(app, app_named(value))
    )
    assert offending == []


def project_app_labels():
    from django.apps import apps

    return {
        config.label: config.name
        for config in apps.get_app_configs()
        # The project's own folders: a virtualenv may live inside the checkout.
        if Path(config.path).is_relative_to(ROOT)
        and "site-packages" not in Path(config.path).parts
    }


def test_every_app_of_the_project_has_its_place_in_the_layers():
    assert {app_named(name) for name in project_app_labels().values()} <= set(LAYERS)


def user_migration(dependency):
    """Whether a migration dependency is the user model's first migration, by
    name or as Django's swappable dependency ("__first__")."""
    user = SWAPPABLE["AUTH_USER_MODEL"]
    return dependency[0] == user[0] and dependency[1] in {user[1], "__first__"}


def test_the_user_model_depends_on_no_app_of_the_project():
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    first = loader.disk_migrations[SWAPPABLE["AUTH_USER_MODEL"]]
    assert [
        dependency
        for dependency in first.dependencies
        if dependency[0] in project_app_labels()
    ] == []


def test_no_apps_migrations_depend_on_an_app_above_it():
    from django.db.migrations.loader import MigrationLoader

    package = project_app_labels()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    offending = sorted(
        f"{label}.{name} depends on {dependency[0]}.{dependency[1]}"
        for (label, name), migration in loader.disk_migrations.items()
        if (app := app_named(package.get(label, "")))
        for dependency in migration.dependencies
        if not user_migration(dependency)
        and above(app, app_named(package.get(dependency[0], "")))
    )
    assert offending == []


def admin_view_modules():
    """The module of the view behind each URL name of the admin."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLResolver

    from compendium.security import admin_prefix

    def walk(resolver, namespace, route):
        for pattern in resolver.url_patterns:
            here = route + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}{pattern.namespace}:"
                yield from walk(pattern, inner, here)
            elif pattern.name and ("/" + here).startswith(admin_prefix()):
                view = getattr(pattern.callback, "view_class", pattern.callback)
                yield f"{namespace}{pattern.name}", view.__module__

    return dict(walk(get_resolver(), "", ""))


def admin_paths(text):
    """The admin paths written into a template or module, each placeholder as
    "1"."""
    text = re.sub(r"\{\{.*?\}\}|\{[^{}%]*\}", "1", text)
    text = re.sub(r"\{%.*?%\}", "", text)
    return [match.group() for match in ADMIN_PATH.finditer(text)]


def owner_of_path(path):
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return None
    view = getattr(match.func, "view_class", match.func)
    return app_named(view.__module__)


def test_no_app_links_to_the_admin_of_an_app_above_it():
    """Hard-coded admin paths, and names of admin URLs in reverse() or
    {% url %}, that lead to a view of an app above the one that writes them."""
    owners = {name: app_named(module) for name, module in admin_view_modules().items()}
    offending = []
    files = [*app_modules(), *app_templates()]
    for app, path in files:
        text = path.read_text()
        for written in admin_paths(text):
            if above(app, owner_of_path(written)):
                offending.append(f"{path.relative_to(ROOT)}: {written}")
        names = re.findall(r"""{%\s*url\s+["']([\w:-]+)["']""", text)
        if path.suffix == ".py":
            names += [
                name
                for node in ast.walk(parsed(path))
                if isinstance(node, ast.Call)
                and called_name(node) in {"reverse", "reverse_lazy", "redirect"}
                and node.args
                and (name := text_of(node.args[0])) is not None
            ]
        for name in names:
            if above(app, owners.get(name)):
                offending.append(f"{path.relative_to(ROOT)}: {name}")
    assert offending == []


def test_the_link_check_reads_paths_the_way_templates_write_them():
    assert admin_paths('<a href="/admin/review/{{ object.pk }}/publish/">') == [
        "/admin/review/1/publish/"
    ]
    assert admin_paths('f"/admin/review/{entry.pk}/"') == ["/admin/review/1/"]
    assert owner_of_path("/admin/review/1/publish/") == "review"
    assert app_named(admin_view_modules()["review_admin:entry"]) == "review"
