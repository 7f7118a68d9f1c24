"""A facet of the classification is declared once, in compendium.classification:
one declared here, for the length of a test, reaches every surface that lists
facets — the contributors' form, versions and their comparison, publishing, the
released content and its facet index, browse, the downloads, the API, the staff
export and the import."""

import csv
import json
from contextlib import contextmanager
from pathlib import Path

import pytest
import reversion
from django.apps import apps
from django.db import connection, models
from modelcluster.fields import ParentalManyToManyField

from compendium import browse, classification, downloads, editions
from compendium.api import EntrySerializer
from compendium.models import CompendiumEntry, EditionFacet, PracticeArea
from contributions import exports, versions
from contributions.forms import PracticeEntryForm
from contributions.imports import entries as imported
from contributions.imports import runner
from contributions.models import PracticeEntry
from review import publishing
from tests.compendium.factories import release_edition
from tests.contributions.factories import create_entry, edit_entry

pytestmark = pytest.mark.django_db

FILES = Path(__file__).resolve().parent.parent / "contributions" / "files" / "imports"

THEMES = classification.Facet(
    field="themes",
    model_label="compendium.PracticeArea",
    param="theme",
    label="Theme",
    verbose_name="themes",
    names="theme_names",
    browse_order=7,
    lookup=("code", "name"),
    unknown="Unknown theme “%(value)s”.",
)


def _create_table(model):
    """Create `model`'s table inside the test's transaction, which rolls it back
    (SQLite's schema editor refuses to open inside a transaction)."""
    editor = connection.schema_editor(collect_sql=True)
    editor.deferred_sql = []
    editor.create_model(model)
    with connection.cursor() as cursor:
        for statement in [*editor.collected_sql, *map(str, editor.deferred_sql)]:
            cursor.execute(statement)


def _register_versions():
    reversion.unregister(PracticeEntry)
    reversion.register(PracticeEntry, follow=("sources", "attachments"))


@contextmanager
def entry_fields(facet):
    """The facet's many-to-many fields on both entries, as the models make them
    from the registry when they load, with their tables."""
    added = []
    for model, field_class, which in [
        (PracticeEntry, models.ManyToManyField, classification.facets()),
        (CompendiumEntry, ParentalManyToManyField, classification.published()),
    ]:
        if facet not in which:
            continue
        classification.classification_fields(model, field_class, [facet])
        field = model._meta.get_field(facet.field)
        added.append((model, field))
        _create_table(field.remote_field.through)
    _register_versions()  # reversion lists the fields it keeps when registered
    try:
        yield
    finally:
        for model, field in added:
            model._meta.local_many_to_many.remove(field)
            delattr(model, field.name)
            through = field.remote_field.through._meta
            del apps.all_models[through.app_label][through.model_name]
        apps.clear_cache()
        _register_versions()


@pytest.fixture
def themes():
    with classification.registered(THEMES, after="regions"), entry_fields(THEMES):
        yield THEMES
    browse._labels.pop(THEMES.param, None)


@pytest.fixture
def areas():
    return list(PracticeArea.objects.order_by("code")[:2])


def test_the_form_and_versions_offer_and_compare_the_facet(
    themes, contributor, ghana, areas
):
    first, second = areas
    assert "themes" in PracticeEntryForm().fields

    entry = create_entry(contributor, ghana, themes=[first.pk])
    assert list(entry.themes.all()) == [first]
    edit_entry(contributor, entry, themes=[second.pk])

    changes = {
        change.name: change
        for change in versions.compare(*versions.snapshots(entry, [1, 2]).values())
    }
    assert changes["themes"].changed
    assert str(versions.FIELD_LABELS["themes"]) == "Themes"
    assert [name for name, *_rest in versions.FIELDS].index("themes") == (
        [name for name, *_rest in versions.FIELDS].index("regions") + 1
    )


def test_publishing_release_browse_downloads_and_api_carry_the_facet(
    themes, contributor, ghana, publisher, client, areas
):
    first, second = areas
    entry = create_entry(contributor, ghana, themes=[first.pk])
    draft = publishing.draft_from(entry)
    assert list(draft.themes.all()) == [first]
    draft.save()
    draft.save_revision(user=publisher).publish(user=publisher)

    edition = release_edition(publisher)
    row = edition.rows.get()
    assert row.content["themes"] == [[first.code, first.name]]
    assert row.content["theme_names"] == [first.name]
    assert "theme_names" in [name for name, *_rest in editions.FIELDS]
    assert EditionFacet.objects.filter(
        row=row, facet="theme", value=first.code
    ).exists()

    assert "theme" in browse.FACETS
    found = client.get(f"/api/v1/editions/1.0/entries/?theme={first.code}").json()
    assert [item["reference"] for item in found["results"]] == [row.reference]
    assert found["results"][0]["themes"] == [first.code]
    none = client.get(f"/api/v1/editions/1.0/entries/?theme={second.code}").json()
    assert none["count"] == 0
    assert "themes" in EntrySerializer().fields
    taxonomy = client.get("/api/v1/taxonomy/").json()
    assert {"code": first.code, "name": first.name} in taxonomy["themes"]

    assert ("themes", "Themes") in list(downloads.COLUMNS)
    response = client.get(f"/compendium/editions/{edition.label}/download.json")
    document = json.loads(b"".join(response.streaming_content))
    assert document["entries"][0]["themes"] == [first.code]


def test_the_staff_export_and_the_import_read_and_write_the_facet(
    themes, contributor, ghana, areas, tmp_path
):
    first, second = areas
    entry = create_entry(contributor, ghana, themes=[first.pk, second.pk])
    columns = exports.columns_for(exports.PUBLIC)
    assert [str(column.heading) for column in columns if column.name == "themes"] == [
        "Themes"
    ]
    (values,) = exports.records(PracticeEntry.objects.filter(pk=entry.pk), columns)
    index = [column.name for column in columns].index("themes")
    assert sorted(values[index]) == sorted([first.code, second.code])

    assert "themes" in imported.COLUMN_NAMES
    with open(FILES / "entries.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    path = tmp_path / "themes.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, [*rows[0], "Themes"])
        writer.writeheader()
        writer.writerow({**rows[0], "Themes": second.name})
    outcome = runner.run(path, "themes.csv", user=contributor, dry_run=False)
    assert outcome.new == 1, outcome.errors
    imported_entry = PracticeEntry.objects.get(title=rows[0]["Title *"])
    assert list(imported_entry.themes.all()) == [second]
