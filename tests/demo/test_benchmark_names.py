"""`benchmark_names --database postgres`: a scratch database of its own, created, used and dropped; no other.

Skipped when no PostgreSQL server answers at BENCHMARK_POSTGRES_URL (else the local default).
"""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from memorial.demo.management.commands import benchmark_names as bench

psycopg = pytest.importorskip("psycopg")
SERVER = os.environ.get("BENCHMARK_POSTGRES_URL", bench.DEFAULT_POSTGRES_URL)


def server_answers():
    try:
        with psycopg.connect(SERVER, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


pytestmark = pytest.mark.skipif(not server_answers(), reason=f"no PostgreSQL server answers at {SERVER}")


def databases():
    with psycopg.connect(SERVER, autocommit=True) as admin:
        return {name for (name,) in admin.execute("SELECT datname FROM pg_database")}


def marker_tokens(name):
    with psycopg.connect(bench.database_url(SERVER, name), autocommit=True) as scratch:
        return [token for (token,) in scratch.execute(f"SELECT token FROM {bench.MARKER}")]  # noqa: S608


def test_a_tiny_run_creates_its_scratch_database_and_drops_it():
    """50 people, end to end: the figures name the scratch database, which is gone afterwards."""
    out = StringIO()
    call_command(
        "benchmark_names", database="postgres", postgres_url=SERVER, count=50, queries=5, file_size=30, stdout=out
    )
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["database"] == "postgresql"
    assert result["database_name"].startswith(bench.PREFIX)
    assert result["count"] == 50
    assert result["files"] == 2
    assert result["database_name"] not in databases()


@pytest.mark.parametrize("failure", [CommandError("the inner process failed"), KeyboardInterrupt()])
def test_the_scratch_database_exists_only_while_the_run_lasts(monkeypatch, failure):
    """While the inner process runs, its database exists with this run's token; after it, even a failure or
    Ctrl-C, the database is dropped."""
    seen = {}

    def inner(self, command, env):
        name = env[bench.INNER_ENV]
        seen["name"] = name
        assert env["DATABASE_URL"] == bench.database_url(SERVER, name)
        assert name in databases()
        assert marker_tokens(name) == [env[bench.TOKEN_ENV]]
        raise failure

    monkeypatch.setattr(bench.Command, "run_inner", inner)
    with pytest.raises(type(failure)):
        call_command("benchmark_names", database="postgres", postgres_url=SERVER, count=50)
    assert seen["name"].startswith(bench.PREFIX)
    assert seen["name"] not in databases()


def run_inner(url, name, token):
    env = {**os.environ, "DATABASE_URL": url, bench.INNER_ENV: name, bench.TOKEN_ENV: token}
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "benchmark_names", "--inner"]
    return subprocess.run(command + ["--count", "50"], env=env, capture_output=True, text=True, check=False)  # noqa: S603


@pytest.mark.parametrize("case", ["no marker", "another token", "another database"])
def test_the_inner_process_refuses_a_database_the_command_did_not_create(case):
    """A database without this run's marker, or another than the one named, is refused before anything is written."""
    name, token, url = bench.create_scratch_database(SERVER)
    other = None
    try:
        if case == "no marker":
            with psycopg.connect(url, autocommit=True) as scratch:
                scratch.execute(f"DROP TABLE {bench.MARKER}")
        elif case == "another token":
            token = "0" * 32
        else:  # another scratch database, so that a broken check would write nowhere that matters
            other, _token, url = bench.create_scratch_database(SERVER)
        result = run_inner(url, name, token)
        assert result.returncode != 0
        assert "Refusing to benchmark" in result.stderr
        if case != "another database":
            with psycopg.connect(url, autocommit=True) as scratch:
                tables = scratch.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                ).fetchall()
            assert tables == ([] if case == "no marker" else [(bench.MARKER,)])
    finally:
        bench.drop_scratch_database(SERVER, name)
        if other:
            bench.drop_scratch_database(SERVER, other)
    assert name not in databases()
