"""An edition's PDF in each language: the English PDF an edition had moves to
its EditionPdf row, and each pinned edition offers the languages its entries
can be read in (made by `render_edition_pdf --missing`)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q

OTHER_LANGUAGES = ["fr", "es", "ar", "ru", "zh-hans"]


def to_rows(apps, schema_editor):
    Edition = apps.get_model("compendium", "Edition")
    EditionEntry = apps.get_model("compendium", "EditionEntry")
    EditionPdf = apps.get_model("compendium", "EditionPdf")
    for edition in Edition.objects.exclude(status="in-preparation"):
        EditionPdf.objects.create(
            edition=edition,
            language="en",
            file=edition.pdf,
            rendered_at=edition.pdf_rendered_at,
            problem=edition.pdf_problem,
        )
        rows = EditionEntry.objects.filter(edition=edition)
        for code in OTHER_LANGUAGES:
            if rows.filter(
                Q(content__language=code) | Q(content__translations__has_key=code)
            ).exists():
                EditionPdf.objects.create(edition=edition, language=code)


def to_fields(apps, schema_editor):
    Edition = apps.get_model("compendium", "Edition")
    EditionPdf = apps.get_model("compendium", "EditionPdf")
    for made in EditionPdf.objects.filter(language="en"):
        Edition.objects.filter(pk=made.edition_id).update(
            pdf=made.file, pdf_rendered_at=made.rendered_at, pdf_problem=made.problem
        )


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0026_edition_entry_in_languages"),
    ]

    operations = [
        migrations.CreateModel(
            name="EditionPdf",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[
                            ("en", "English"),
                            ("fr", "French"),
                            ("es", "Spanish"),
                            ("ar", "Arabic"),
                            ("ru", "Russian"),
                            ("zh-hans", "Chinese"),
                        ],
                        max_length=8,
                        verbose_name="language",
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        editable=False,
                        max_length=255,
                        upload_to="editions",
                        verbose_name="PDF",
                    ),
                ),
                (
                    "rendered_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="PDF made"
                    ),
                ),
                (
                    "problem",
                    models.TextField(
                        blank=True,
                        editable=False,
                        verbose_name="why the PDF could not be made",
                    ),
                ),
                (
                    "edition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pdfs",
                        to="compendium.edition",
                    ),
                ),
            ],
            options={
                "verbose_name": "PDF of an edition",
                "verbose_name_plural": "PDFs of an edition",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("edition", "language"),
                        name="one_pdf_per_edition_and_language",
                    )
                ],
            },
        ),
        migrations.RunPython(to_rows, to_fields),
        migrations.RemoveField(
            model_name="edition",
            name="pdf",
        ),
        migrations.RemoveField(
            model_name="edition",
            name="pdf_problem",
        ),
        migrations.RemoveField(
            model_name="edition",
            name="pdf_rendered_at",
        ),
    ]
