"""How PostgreSQL stores the long texts of entries and their versions."""

import pytest
from django.db import connection

from contributions.models import PracticeEntry

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="column compression is a PostgreSQL setting; SQLite compresses nothing",
)
def test_long_texts_are_compressed_with_lz4():
    entry_table = PracticeEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attname, attcompression "
            "FROM pg_attribute WHERE (attrelid::regclass::text, attname) IN "
            "((%s, 'summary'), (%s, 'description'), "
            "('reversion_version', 'serialized_data'), (%s, 'title'))",
            [entry_table, entry_table, entry_table],
        )
        compression = {(table, column): method for table, column, method in cursor}
    assert compression == {
        (entry_table, "summary"): "l",
        (entry_table, "description"): "l",
        ("reversion_version", "serialized_data"): "l",
        # Short texts keep the server's default.
        (entry_table, "title"): "",
    }
