"""The backup drill: entries with several versions and released editions are
backed up, restored into a second, new database, and every entry's versions,
every released edition's fingerprint and every stored file come back."""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.utils import load_backend
from reversion.models import Version
from wagtail.models import Revision

from compendium import downloads, editions
from compendium.choices import EditionKind
from compendium.models import Edition
from contributions.models import Attachment
from contributions.services import entries as entry_services
from tests.compendium.factories import publish_entry, release_edition, revise_entry
from tests.contributions.factories import create_entry, edit_entry

FILES = Path(__file__).resolve().parent.parent / "contributions" / "files"
RESTORED = "restored"


def versions(using):
    """Every version django-reversion keeps, as it would be read back."""
    return list(
        Version.objects.using(using)
        .order_by("pk")
        .values_list(
            "pk",
            "revision_id",
            "revision__date_created",
            "revision__user_id",
            "revision__comment",
            "content_type__app_label",
            "content_type__model",
            "object_id",
            "serialized_data",
            "object_repr",
        )
    )


def revisions(using):
    """Every Wagtail revision of the published entries."""
    return list(
        Revision.objects.using(using)
        .order_by("pk")
        .values_list("pk", "object_id", "created_at", "content")
    )


@pytest.fixture
def restored_database(tmp_path):
    """A second database, new and empty, under the alias "restored": a SQLite
    file, or a PostgreSQL database created for the test and dropped after."""
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        settings_dict["NAME"] = f"{connection.settings_dict['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    # A connection made here rather than a configured alias, as the test's
    # guard allows only connections it did not know of.
    connections[RESTORED] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(
        settings_dict, RESTORED
    )
    yield RESTORED
    connections[RESTORED].close()
    del connections[RESTORED]
    # Migrating the restored database emptied the cache of content types; the
    # next test that reloads the flushed database reads it to load rows that
    # name a content type, and would otherwise create them twice.
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')


def seed(contributor, ghana, publisher):
    """Two portal entries of three versions each, one with an attachment; three
    published entries, one revised between two editions; 1.0 and 1.1 released,
    with the CSV of 1.0 kept in storage."""
    first = create_entry(contributor, ghana, title="Early warning committee")
    edit_entry(contributor, first, title="National early warning committee")
    entry_services.add_attachment(
        actor=contributor,
        entry=first,
        uploaded_file=SimpleUploadedFile(
            "Decree.pdf", (FILES / "sample.pdf").read_bytes()
        ),
    )
    second = create_entry(contributor, ghana, title="Mediation unit")
    edit_entry(contributor, second, title="Mediation support unit")
    edit_entry(contributor, second, title="Regional mediation support unit")

    kept = publish_entry(title="Truth commission outreach", reference="CP-0001")
    publish_entry(title="Mediation support", countries=["KEN"], reference="CP-0002")
    first_edition = release_edition(publisher, "1.0")
    downloads.make_file(first_edition, "csv")
    revise_entry(kept, title="Truth and reconciliation commission outreach")
    publish_entry(title="Atrocity prevention focal point", reference="CP-0003")
    release_edition(publisher, "1.1", kind=EditionKind.UPDATE)


# Committed data: pg_dump reads what other sessions can see.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_a_new_database_with_every_version_and_edition(
    contributor, ghana, publisher, restored_database, tmp_path, settings
):
    seed(contributor, ghana, publisher)
    backed_up_versions = versions("default")
    per_entry = Counter(
        row[7] for row in backed_up_versions if row[6] == "practiceentry"
    )
    assert sorted(per_entry.values()) == [3, 3]
    backed_up_revisions = revisions("default")
    released = list(Edition.objects.released().order_by("label"))
    assert [edition.label for edition in released] == ["1.0", "1.1"]
    prints = {edition.label: editions.fingerprint(edition) for edition in released}
    attachment = Attachment.objects.get()
    csv_name = Edition.objects.get(label="1.0").csv_file.name

    folder = tmp_path / "backup"
    call_command("backup_compendium", str(folder), verbosity=0)

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["counts"]["reversion.Version"] == len(backed_up_versions)
    assert manifest["counts"]["contributions.PracticeEntry"] == 2
    assert {e["label"]: e["fingerprint"] for e in manifest["editions"]} == prints
    assert {(f["field"], f["name"]) for f in manifest["files"]} == {
        ("contributions.Attachment.file", attachment.file.name),
        ("compendium.Edition.csv_file", csv_name),
    }

    # The restored site keeps its files elsewhere: a new machine.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "restored-private-media"
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command(
        "restore_compendium", str(folder), database=restored_database, verbosity=0
    )

    assert versions(restored_database) == backed_up_versions
    assert revisions(restored_database) == backed_up_revisions
    restored_editions = Edition.objects.using(restored_database).released()
    assert {
        edition.label: editions.fingerprint(edition, using=restored_database)
        for edition in restored_editions
    } == prints
    restored_attachment = Attachment.objects.using(restored_database).get()
    with restored_attachment.file.open("rb") as handle:
        assert handle.read() == (FILES / "sample.pdf").read_bytes()
    assert (tmp_path / "restored-media" / csv_name).is_file()

    # A fingerprint changes with any released row.
    row = released[0].rows.first()
    row.title = "Changed after release"
    row.save()
    assert editions.fingerprint(released[0]) != prints["1.0"]


@pytest.mark.django_db
def test_a_backup_is_never_restored_over_a_database_that_has_tables(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "manifest.json").write_text(
        json.dumps(
            {"format": 1, "engine": connection.vendor, "database": "database.dump"}
        )
    )
    with pytest.raises(CommandError, match="new, empty database"):
        call_command("restore_compendium", str(folder), verbosity=0)


def test_a_backup_goes_into_a_new_folder_only(tmp_path):
    (tmp_path / "kept.txt").write_text("something else")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_compendium", str(tmp_path), verbosity=0)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept.txt"]


def test_a_folder_without_a_manifest_is_refused(tmp_path):
    with pytest.raises(CommandError, match="manifest.json"):
        call_command("restore_compendium", str(tmp_path), verbosity=0)
