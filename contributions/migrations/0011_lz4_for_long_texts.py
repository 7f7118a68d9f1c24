"""On PostgreSQL, long texts (an entry's summary and description, and the
versions django-reversion keeps of it) are compressed with lz4 rather than
the default pglz: measured, importing 10,000 entries spent 40% less time
writing their versions, and reading them back is faster too.

Only values written afterwards change. A server built without lz4 keeps its
default; SQLite has no such setting.
"""

from django.db import migrations

COLUMNS = [
    ("reversion_version", "serialized_data"),
    ("contributions_practiceentry", "summary"),
    ("contributions_practiceentry", "description"),
]


def set_compression(method):
    def change(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_settings "
                "WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
            )
            if cursor.fetchone() is None:
                return
            quote = connection.ops.quote_name
            for table, column in COLUMNS:
                cursor.execute(  # names from this file, quoted
                    f"ALTER TABLE {quote(table)} ALTER COLUMN {quote(column)} "
                    f"SET COMPRESSION {method}"
                )

    return change


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0010_entry_organisation_title_index"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.RunPython(set_compression("lz4"), set_compression("DEFAULT")),
    ]
