"""Django's SQLite backend, told the real limit on variables per query.

Django 5.2 assumes SQLite's old compile-time default of 999 variables, so bulk
inserts of entries (17 columns) go 58 rows at a time and an import or a
release of thousands of entries spends most of its queries on that limit. The
SQLite that Python ships today allows 250,000; the limit is read from each new
connection rather than assumed.
"""

import sqlite3

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        self.features.max_query_params = connection.getlimit(
            sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER
        )
        return connection
