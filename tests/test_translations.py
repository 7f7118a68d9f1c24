"""The interface's catalogues: every message of the project, translated into the
five other official languages, with its placeholders intact."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LOCALES = {"ar": "ar", "es": "es", "fr": "fr", "ru": "ru", "zh-hans": "zh_Hans"}
# %(name)s, %s, %d, {name}, {0}, and HTML tags and entities.
PLACEHOLDER = re.compile(
    r"%\([a-z_0-9]+\)[sdif]|%[sdif]|\{[a-z_0-9]*\}|</?[a-z][a-z0-9]*(?:\s[^>]*)?/?>|&[a-z]+;",
    re.IGNORECASE,
)
MAKEMESSAGES = [
    sys.executable,
    "manage.py",
    "makemessages",
    "--add-location=file",
    "--ignore=.venv/*",
    "--ignore=node_modules/*",
    "--ignore=tests/*",
    "-v0",
]


def catalogue(language, root=ROOT / "locale"):
    return polib.pofile(str(root / LOCALES[language] / "LC_MESSAGES/django.po"))


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", sorted(LOCALES))
def test_every_message_is_translated(language):
    po = catalogue(language)
    missing = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not missing, f"{len(missing)} messages untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy translations, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", sorted(LOCALES))
def test_translations_keep_every_placeholder(language):
    wrong = []
    for entry in catalogue(language).translated_entries():
        if entry.msgid_plural:
            for form in entry.msgstr_plural.values():
                # A plural form may leave out the count ("un", "one"), never
                # invent one or drop a named value.
                expected = set(placeholders(entry.msgid_plural)) | set(
                    placeholders(entry.msgid)
                )
                if not set(placeholders(form)) <= expected:
                    wrong.append((entry.msgid, form))
        elif placeholders(entry.msgid) != placeholders(entry.msgstr):
            wrong.append((entry.msgid, entry.msgstr))
    assert not wrong, f"{len(wrong)} translations change placeholders: {wrong[:5]}"


@pytest.mark.parametrize("language", sorted(LOCALES))
def test_catalogues_compile_with_format_checks(language, tmp_path):
    path = ROOT / "locale" / LOCALES[language] / "LC_MESSAGES/django.po"
    result = subprocess.run(  # noqa: S603 gettext's own checker on our file
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(path)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_catalogues_hold_every_message_of_the_code(tmp_path):
    """Made anew from the code, the catalogue has no message the committed ones
    lack: `make messages-update` brings them up to date."""
    # makemessages writes beside the code it reads: it runs on a copy of the
    # code alone. What other test processes write meanwhile (var/, compiled
    # modules, screenshots) may vanish while it is copied.
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            "node_modules",
            ".git",
            "var",
            "__pycache__",
            ".pytest_cache",
            "*.sqlite3*",
            "media",
            "screenshots",
        ),
        symlinks=True,
    )
    subprocess.run(  # noqa: S603 Django's own command, on the copy
        [*MAKEMESSAGES, "-l", "fr"], cwd=copy, check=True
    )
    made = {entry.msgid for entry in catalogue("fr", copy / "locale")}
    committed = {entry.msgid for entry in catalogue("fr")}
    new = sorted(made - committed)
    assert not new, f"messages missing from locale/*/django.po: {new[:10]}"
