"""SQLite plans from statistics it is given: the public listings use their indexes, and lookups by id the key.

Query plans are deterministic for a given schema and statistics, so they are asserted here; how
long the queries take is measured by ``benchmark_names``, never in a test.
"""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import DatabaseError, connection

from memorial.core import planner, tasks
from memorial.remembrance.importer import import_file
from memorial.remembrance.models import Remembrance

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner and statistics")

LIST = "name_latin,death_date,source\n" + "".join(
    f"Sample Planner Person {i:02d},1982-02-{1 + i % 27:02d},Sample list\n" for i in range(40)
)


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(row[-1] for row in cursor.fetchall())


def statistics_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'remembrance_remembrance'")
        return cursor.fetchone()[0]


@sqlite_only
@pytest.mark.django_db
def test_the_latest_public_names_are_read_from_the_end_of_their_index():
    # Django writes filter(live=True) as a bare "WHERE live", which SQLite cannot match to an index
    # led by live: it read the whole table. The gate compares, and the index is searched.
    latest = Remembrance.objects.public().order_by("-created_at", "-pk")[:6]
    found = plan(latest)
    assert "remembrance_live_created_id (live=?)" in found
    assert "TEMP B-TREE" not in found
    # Positive control: the bare form really is scanned.
    assert "(live=?)" not in plan(Remembrance.objects.filter(live=True).order_by("-created_at", "-pk")[:6])


@sqlite_only
@pytest.mark.django_db
def test_a_letter_of_the_listing_is_searched_in_its_index():
    page = Remembrance.objects.public().filter(letter_latin="M").order_by("sort_name", "pk")[:50]
    assert "remembrance_letter_latin (live=? AND letter_latin=?)" in plan(page)


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_an_import_people_are_looked_up_by_id_through_the_primary_key():
    report = import_file(LIST.encode(), filename="list.csv", publish=True)
    assert report.created == 40
    assert statistics_rows() > 0  # the import's commit refreshed them
    ids = list(Remembrance.objects.order_by("pk").values_list("pk", flat=True)[:3])
    found = plan(Remembrance.objects.public().filter(pk__in=ids))
    assert "INTEGER PRIMARY KEY" in found, found
    # Positive control: without statistics SQLite's guess is the index led by live (every public person).
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
        cursor.execute("ANALYZE sqlite_schema")  # makes the planner read the (now empty) statistics again
    assert "INTEGER PRIMARY KEY" not in plan(Remembrance.objects.public().filter(pk__in=ids))


@sqlite_only
@pytest.mark.django_db
def test_migrating_refreshes_the_statistics(monkeypatch):
    calls = []
    monkeypatch.setattr(planner, "refresh_statistics", lambda using="default": calls.append(using))
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert calls == ["default"]  # once per migration, not once per app


@pytest.mark.django_db
def test_the_worker_refreshes_the_statistics_daily(monkeypatch):
    calls = []
    monkeypatch.setattr(planner, "refresh_statistics", lambda using="default": calls.append(using))
    assert tasks.refresh_planner_statistics.module_path in tasks.periodic_tasks()
    tasks.refresh_planner_statistics.enqueue()  # the test suite's backend runs it at once
    assert calls == ["default"]


@pytest.mark.django_db
def test_statistics_are_sqlite_s_business():
    assert planner.refresh_statistics() is (connection.vendor == "sqlite")


@sqlite_only
@pytest.mark.django_db
def test_a_refused_analyze_is_logged_not_raised(caplog):
    def refuse(execute, sql, params, many, context):
        if sql.startswith("ANALYZE"):
            raise DatabaseError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        assert planner.refresh_statistics() is False
    assert "planner statistics" in caplog.text
