"""Keeping SQLite's query planner informed about the tables it plans for.

SQLite chooses an index from statistics that ``ANALYZE`` writes (``sqlite_stat1``); without them
it guesses, and its guess for the public people of a search (``live = 1 AND id IN (...)``) is the
index led by ``live``, which holds every public person: each lookup of a few people by id then
read the whole table (28 ms per name search at 40,000 people, against 16 with statistics).
PostgreSQL keeps its own statistics (autovacuum); on SQLite they are refreshed after every
migration, after every import of a list, and once a day by the worker.

``ANALYZE`` reads at most ``SAMPLE_ROWS`` rows of each index (``PRAGMA analysis_limit``), so it
costs milliseconds at any size; approximate figures are all the planner needs to tell "half of
the table" from "three rows".
"""

import logging

from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

SAMPLE_ROWS = 1000


def refresh_statistics(using="default"):
    """Re-read the statistics SQLite plans with; returns whether it did (other databases: no-op)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit = {int(SAMPLE_ROWS)}")
            cursor.execute("ANALYZE")
    except DatabaseError:
        # Statistics only make queries faster: a locked or read-only database keeps the old ones.
        logger.exception("Could not refresh SQLite's planner statistics")
        return False
    return True


def refresh_after_migrate(using="default", **kwargs):
    """post_migrate receiver: tables a migration created or changed are planned from fresh figures."""
    refresh_statistics(using)
