"""After a long list is committed, PostgreSQL's tables are vacuumed and analysed, outside the import's transaction."""

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from memorial.remembrance import importer
from memorial.remembrance.importer import import_file
from memorial.remembrance.models import Remembrance

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LIST = "name_latin,death_date,source\nSample Tidy One,1982-02-10,Sample list\nSample Tidy Two,1982-02-11,Sample list\n"


def vacuums(queries):
    return [q["sql"] for q in queries.captured_queries if q["sql"].upper().startswith("VACUUM")]


@pytest.mark.parametrize("tidy_after", [1, 2])
def test_a_long_list_is_followed_by_vacuum_on_postgresql(monkeypatch, tidy_after):
    """A list as long as ``TIDY_AFTER`` or longer."""
    monkeypatch.setattr(importer, "TIDY_AFTER", tidy_after)
    with CaptureQueriesContext(connection) as queries:
        report = import_file(LIST.encode(), filename="list.csv", publish=True)
    assert report.created == 2 and Remembrance.objects.filter(live=True).count() == 2
    if connection.vendor == "postgresql":
        tables = " ".join(vacuums(queries))
        for table in ("remembrance_remembrance", "remembrance_namekey", "remembrance_namespelling"):
            assert f'"{table}"' in tables
    else:
        assert vacuums(queries) == []  # SQLite has nothing to settle


def test_a_short_list_leaves_the_tables_to_autovacuum(monkeypatch):
    monkeypatch.setattr(importer, "TIDY_AFTER", 3)
    with CaptureQueriesContext(connection) as queries:
        import_file(LIST.encode(), filename="list.csv", publish=True)
    assert vacuums(queries) == []


def test_a_failing_vacuum_keeps_the_import(monkeypatch):
    """The list is committed before the tables are tidied: a refused VACUUM loses nobody."""
    monkeypatch.setattr(importer, "TIDY_AFTER", 2)
    refused = []

    def refuse_vacuum(execute, sql, params, many, context):
        if sql.upper().startswith("VACUUM"):
            refused.append(sql)
            raise DatabaseError("VACUUM refused")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_vacuum):
        report = import_file(LIST.encode(), filename="list.csv", publish=True)
    assert report.created == 2
    assert Remembrance.objects.filter(name_latin__startswith="Sample Tidy", live=True).count() == 2
    assert len(refused) == (1 if connection.vendor == "postgresql" else 0)
