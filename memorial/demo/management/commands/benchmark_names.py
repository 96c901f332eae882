"""Measure the names memorial at scale in a throwaway database (never the project's own).

``benchmark_names --count 40000`` starts itself again in a child process whose DATABASE_URL
names a fresh SQLite file in a temporary folder, migrates it, imports that many invented
people through the real import path, times the names index (first and last page) and five
kinds of name search through the test client, and prints one JSON line. Pages are rendered as
for a visitor: the test framework's template instrumentation (which copies the context for every
template included, 10 ms and more on a page of fifty names) is not installed, and whether the
right person is among the first three results is read from the page itself.

With ``--database postgres`` the throwaway database is a PostgreSQL database with a unique name
(``memorial_names_benchmark_<hex>``), created on the server ``--postgres-url`` names and dropped
afterwards, also on an error or Ctrl-C. The child refuses to run unless it is connected to exactly
that database, still empty but for a marker table holding a random token only the parent knows.
"""

import json
import os
import random
import re
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from psycopg import sql
from wagtail.models import Locale

from home.models import HomePage
from memorial.core.models import Place
from memorial.demo import synthetic
from memorial.remembrance.importer import import_file
from memorial.remembrance.models import Remembrance, RemembranceIndexPage

INNER_ENV = "MEMORIAL_BENCHMARK_DB"
TOKEN_ENV = "MEMORIAL_BENCHMARK_TOKEN"  # noqa: S105 (a name, not a secret)
PREFIX = "memorial_names_benchmark_"
MARKER = "memorial_names_benchmark_marker"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# A result of the name search: the person's link, whose address ends with /<id>/<slug>/.
RESULT_LINK = re.compile(r'class="name-list__name" href="[^"]*?/(\d+)/[^"/]*/"')


def results_on_page(html):
    """Ids of the people a search page lists, in its order."""
    return [int(pk) for pk in RESULT_LINK.findall(html)]


def database_url(server_url, name):
    """``server_url`` with its database replaced by ``name``."""
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def create_scratch_database(server_url):
    """Create an empty database with a unique name and a marker table; returns (name, token, url)."""
    name = PREFIX + secrets.token_hex(6)
    token = secrets.token_hex(16)
    with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = database_url(server_url, name)
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as scratch:
            scratch.execute(sql.SQL("CREATE TABLE {} (token text NOT NULL)").format(sql.Identifier(MARKER)))
            scratch.execute(sql.SQL("INSERT INTO {} (token) VALUES (%s)").format(sql.Identifier(MARKER)), [token])
    except BaseException:
        drop_scratch_database(server_url, name)
        raise
    return name, token, url


def drop_scratch_database(server_url, name):
    """Drop a database this command created (its name says so), closing whatever is still connected."""
    if not name.startswith(PREFIX):
        raise CommandError(f"Refusing to drop {name!r}: not a benchmark database.")
    with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def scratch_check(expected):
    """Why the connected PostgreSQL database is not the scratch database named ``expected``, or ''."""
    token = os.environ.get(TOKEN_ENV)
    if not expected.startswith(PREFIX) or not token:
        return "not a benchmark database"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        if cursor.fetchone()[0] != expected:
            return "connected to another database"
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        if cursor.fetchall() != [("public", MARKER)]:
            return "the database holds other tables than the benchmark's marker"
        cursor.execute(f"SELECT token FROM {MARKER}")  # noqa: S608 (a constant)
        if cursor.fetchall() != [(token,)]:
            return "the marker does not hold this run's token"
    return ""


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def typo(text, rng):
    """One edit (substitution, deletion or swap) inside a word of five letters or more, not its first letter."""
    words = text.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    word = words[i]
    pos = rng.randrange(2, len(word) - 1)
    kind = rng.choice(["sub", "del", "swap"])
    if kind == "sub":
        word = word[:pos] + rng.choice("aeioumnrstk".replace(word[pos].lower(), "")) + word[pos + 1 :]
    elif kind == "del":
        word = word[:pos] + word[pos + 1 :]
    else:
        word = word[: pos - 1] + word[pos] + word[pos - 1] + word[pos + 1 :]
    words[i] = word
    return " ".join(words)


class Command(BaseCommand):
    help = "Benchmark import, names index and name search with N invented people in a throwaway database."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=40000)
        parser.add_argument("--queries", type=int, default=60, help="Queries of each kind (at least 50).")
        parser.add_argument("--seed", type=int, default=1982)
        parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
        parser.add_argument(
            "--postgres-url",
            default=os.environ.get("BENCHMARK_POSTGRES_URL", DEFAULT_POSTGRES_URL),
            help="The PostgreSQL server (any database on it) where the scratch database is created and dropped.",
        )
        parser.add_argument(
            "--file-size",
            type=int,
            default=100000,
            help="People per imported file: a larger count is imported as several lists, one after another.",
        )
        parser.add_argument("--inner", action="store_true", help="(internal) run inside the throwaway database")

    def handle(self, *args, **options):
        if options["inner"]:
            return self.inner(options)
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "benchmark_names", "--inner"]
        command += ["--count", str(options["count"]), "--queries", str(options["queries"])]
        command += ["--seed", str(options["seed"]), "--file-size", str(options["file_size"])]
        with tempfile.TemporaryDirectory(prefix="names-benchmark-") as folder:
            # Every search is rendered (a cached page would measure the cache), in a cache of its own.
            env = {**os.environ, "DEBUG": "false", "PAGE_CACHE": "off", "CACHE_DIR": str(Path(folder) / "cache")}
            env.pop("REDIS_URL", None)
            env.pop("CACHE_URL", None)
            if options["database"] == "sqlite":
                db = Path(folder) / "benchmark.sqlite3"
                env.update(DATABASE_URL=f"sqlite:///{db}", **{INNER_ENV: str(db)})
                return self.run_inner(command, env)
            return self.run_postgres(command, env, options["postgres_url"])

    def run_postgres(self, command, env, server_url):

        def terminated(signum, frame):
            raise KeyboardInterrupt

        try:
            name, token, url = create_scratch_database(server_url)
        except psycopg.Error as error:
            raise CommandError(f"Could not create a scratch database on {server_url}: {error}") from error
        previous = signal.signal(signal.SIGTERM, terminated)
        try:
            env.update(DATABASE_URL=url, **{INNER_ENV: name, TOKEN_ENV: token})
            self.run_inner(command, env)
        finally:
            drop_scratch_database(server_url, name)
            signal.signal(signal.SIGTERM, previous)

    def run_inner(self, command, env):
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise CommandError(f"The benchmark failed:\n{result.stderr[-4000:]}")
        line = result.stdout.strip().splitlines()[-1]
        self.stdout.write(line)

    def inner(self, options):
        expected = os.environ.get(INNER_ENV)
        name = str(settings.DATABASES["default"]["NAME"])
        if not expected or name != expected:
            raise CommandError("Refusing to benchmark outside the throwaway database the command created.")
        if connection.vendor == "postgresql":
            reason = scratch_check(expected)
            if reason:
                raise CommandError(f"Refusing to benchmark in {name}: {reason}.")
        elif connection.vendor != "sqlite":
            raise CommandError("Refusing to benchmark outside the throwaway database the command created.")
        settings.ALLOWED_HOSTS = ["*"]
        call_command("migrate", verbosity=0, interactive=False)

        index = self.setup_site(synthetic)
        generated = synthetic.people_and_rows(options["count"], seed=options["seed"])
        people, files = [], 0

        load_before = os.getloadavg()[0]
        import_s = import_cpu_s = 0.0
        # A larger count arrives as several lists of --file-size people (as an archive receives them),
        # so that no more than one list is held in memory; only the time of the import is counted.
        while chunk := list(islice(generated, options["file_size"])):
            people += [parts for parts, _row in chunk]
            data = synthetic.csv_bytes([row for _parts, row in chunk])
            del chunk
            started, cpu_started = time.perf_counter(), time.process_time()
            report = import_file(data, filename=f"benchmark-{files + 1}.csv", publish=True)
            import_s += time.perf_counter() - started
            import_cpu_s += time.process_time() - cpu_started
            files += 1
            if not report.ok or report.created != len(data.splitlines()) - 1:
                raise CommandError(f"Import failed: {report.summary()} {[str(e) for e in report.errors[:5]]}")
            del report, data
        if len(people) != options["count"]:
            raise CommandError(f"Imported {len(people)} people, not {options['count']}.")

        pks = list(Remembrance.objects.order_by("pk").values_list("pk", flat=True))
        same_name = {}
        for parts, pk in zip(people, pks, strict=True):
            same_name.setdefault((parts["given"], parts["father"], parts["family"]), set()).add(pk)

        client = Client()
        url = index.url
        last = (options["count"] + 49) // 50
        index_ms, index_cpu_ms = [], []
        for i in range(60):
            page_url = url if i % 2 == 0 else f"{url}?page={last}"
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(page_url)
            index_ms.append((time.perf_counter() - t0) * 1000)
            index_cpu_ms.append((time.process_time() - c0) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{page_url} answered {response.status_code}")
        counts = []
        for page_url in (url, f"{url}?page={last}", f"{url}?letter=M", f"{url}?fate=missing&page=9999"):
            with CaptureQueriesContext(connection) as ctx:
                client.get(page_url)
            counts.append(len(ctx.captured_queries))

        rng = random.Random(options["seed"] + 1)  # noqa: S311 (reproducible test data)
        kinds = self.queries(people, pks, rng, options["queries"], synthetic)
        search_ms, search_cpu_ms, hits = [], [], {}
        per_kind_ms = {}
        for kind, items in kinds.items():
            found = 0
            for query, _pk, parts in items:
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url, {"q": query})
                elapsed = (time.perf_counter() - t0) * 1000
                search_ms.append(elapsed)
                search_cpu_ms.append((time.process_time() - c0) * 1000)
                per_kind_ms.setdefault(kind, []).append(elapsed)
                if response.status_code != 200:
                    raise CommandError(f"The search for {query!r} answered {response.status_code}")
                top = results_on_page(response.content.decode())[:3]
                targets = same_name[(parts["given"], parts["father"], parts["family"])]
                found += any(p in targets for p in top)
            hits[kind] = round(found / len(items), 3)
        result = {
            "database": connection.vendor,
            "database_name": name if connection.vendor == "postgresql" else "",
            "count": options["count"],
            "files": files,
            "import_s": round(import_s, 2),
            "index_p50_ms": round(statistics.median(index_ms), 1),
            "index_p95_ms": round(percentile(index_ms, 95), 1),
            "search_p50_ms": round(statistics.median(search_ms), 1),
            "search_p95_ms": round(percentile(search_ms, 95), 1),
            "search_p95_ms_by_kind": {k: round(percentile(v, 95), 1) for k, v in per_kind_ms.items()},
            "search_queries": len(search_ms),
            "top3_rate": hits,
            "queries_per_page": max(counts),
            "queries_per_page_all": counts,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            # Time this process had the CPU: what the figures would be on an otherwise idle machine.
            "import_cpu_s": round(import_cpu_s, 2),
            "index_p95_cpu_ms": round(percentile(index_cpu_ms, 95), 1),
            "search_p95_cpu_ms": round(percentile(search_cpu_ms, 95), 1),
            "load_avg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "cpus": os.cpu_count(),
        }
        self.stdout.write(json.dumps(result))

    def setup_site(self, synthetic):
        locale = Locale.get_default()
        for name in synthetic.PLACES:
            Place.objects.get_or_create(name=name, locale=locale)
        home = HomePage.objects.filter(locale=locale).first()
        index = RemembranceIndexPage(title="Names memorial", slug="names", locale=locale)
        home.add_child(instance=index)
        index.save_revision().publish()
        return index

    def queries(self, people, pks, rng, n, synthetic):
        """At least ``n`` queries of each kind, each with the person it should find."""
        arabic = [(p, pk) for p, pk in zip(people, pks, strict=True) if p["script"] in {"both", "ar"}]
        latin = [(p, pk) for p, pk in zip(people, pks, strict=True) if p["script"] in {"both", "latin"}]
        only_ar = [(p, pk) for p, pk in zip(people, pks, strict=True) if p["script"] == "ar"]
        only_latin = [(p, pk) for p, pk in zip(people, pks, strict=True) if p["script"] == "latin"]
        kinds = {"exact_arabic": [], "arabic_without_hamza": [], "latin_variant": [], "typo": [], "cross_script": []}
        for p, pk in rng.sample(arabic, min(n, len(arabic))):
            kinds["exact_arabic"].append((synthetic.arabic(p), pk, p))
        for p, pk in rng.sample(arabic, min(n, len(arabic))):
            kinds["arabic_without_hamza"].append((synthetic.arabic(p, plain=True), pk, p))
        for p, pk in rng.sample(latin, min(n, len(latin))):
            kinds["latin_variant"].append((synthetic.latin(p, rng, p["latin_variant"] + 2), pk, p))
        for p, pk in rng.sample(latin, min(n, len(latin))):
            kinds["typo"].append((typo(synthetic.latin(p, rng, p["latin_variant"]), rng), pk, p))
        for p, pk in rng.sample(only_ar, min(n // 2, len(only_ar))):
            kinds["cross_script"].append((synthetic.latin(p, rng), pk, p))
        for p, pk in rng.sample(only_latin, min(n - n // 2, len(only_latin))):
            kinds["cross_script"].append((synthetic.arabic(p, plain=rng.random() < 0.5), pk, p))
        return kinds
