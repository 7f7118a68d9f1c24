import pytest
from django.db import connection

# A real failure of the database: a trigger that refuses the 500th entry of
# files/imports/entries_1000.csv.
FAIL_AT_ROW_500 = {
    "sqlite": [
        "CREATE TRIGGER fail_at_500 BEFORE INSERT ON contributions_practiceentry "
        "WHEN NEW.title = 'Practice number 0500' "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION fail_at_500() RETURNS trigger AS $$ BEGIN "
        "IF NEW.title = 'Practice number 0500' THEN "
        "RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$ "
        "LANGUAGE plpgsql",
        "CREATE TRIGGER fail_at_500 BEFORE INSERT ON contributions_practiceentry "
        "FOR EACH ROW EXECUTE FUNCTION fail_at_500()",
    ],
}


@pytest.fixture
def database_fails_at_row_500():
    """From now on, inserting the entry of row 500 fails with "disk full"."""

    def install():
        with connection.cursor() as cursor:
            for statement in FAIL_AT_ROW_500[connection.vendor]:
                cursor.execute(statement)

    return install
