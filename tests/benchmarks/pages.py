"""What each public page type costs, served by gunicorn with the production settings.

    .venv/bin/python tests/benchmarks/pages.py [--cache file|redis] [--seconds 10] [--connections 4] [--workers 2]

Everything happens in a scratch folder that is deleted at the end: a new SQLite database, migrated
and filled with the demo content (``load_demo``), its own media, sealed media, static files and file
cache. No existing database is touched (a ``DATABASE_URL`` in the environment is refused), and
nothing leaves the machine (bucket, search cluster and CDN settings are dropped from the
environment). With ``--cache redis`` the cache is ``redis://127.0.0.1:6379/<--redis-db>``, a
database emptied before and after the run (one holding anything else is refused).

gunicorn runs with ``memorial/gunicorn_conf.py`` as ``make prod`` does, with ``--workers`` workers,
on a free port. One address of every public page type is taken from the database: every type in
English, and the Arabic home page (``--all-arabic`` adds every Arabic type too).

How to read the table:

- **queries**: the queries of one warm render with the page cache off, counted in this process with
  Django's test client (``tests.utils.count_queries``, as the query-budget tests count them). What a
  visitor costs when the page is not in the page cache; a page served from it costs none.
- **first render ms**: the wall time of one request to gunicorn just after the page's entry was
  dropped from the page cache (the best of three), so the page is rendered, with the navigation and
  the other shared caches warm and the workers' templates already compiled. It is what the first
  visitor waits after midnight or after a change to that page (``X-Page-Cache: miss``).
- **req/s**: answers per second with ``--connections`` keep-alive connections for ``--seconds``
  seconds, from a load generator in this process (threads and ``http.client``). The generator
  shares the machine's two cores with the server (and with whatever else runs there), and is itself
  slow Python, so the absolute figure says little and changes from run to run and machine to machine.
- **share of robots.txt**: the page's req/s as a share of ``/robots.txt``'s, measured beside it:
  each second of the page's load is followed by half a second of robots.txt's, and the share is the
  median of these turns, so both meet the same machine and a disturbed turn counts for little.
  robots.txt is a tiny template that goes through the whole middleware stack and no query, so it
  stands for the most the server and the generator can answer together: **this is the figure to
  compare**, not req/s. A page served from the page cache comes close to it (a hit skips the
  session, CSRF and authentication middleware, so it may pass it); a form comes from its shell
  through the whole stack and the view (a CSRF token and a nonce made for each visitor), like
  robots.txt; a page rendered on every request falls to a few percent, and a cached page far below
  half costs more than it should. The load average printed above the table says how busy the
  machine was: on a busy one even the shares scatter (from about half to twice), so compare runs
  rather than single rows.
- **cache hits**: the share of answers served from the page cache (``X-Page-Cache: hit``). A form
  is kept as a shell without its CSRF token and nonce (``page_cache.with_slots``) and filled for
  each request: every answer sets its own CSRF cookie, as a rendered form would. The receipts and
  status pages under ``/contribute/`` are never kept.

Errors (answers other than 200, and new connections that failed) are listed under the table, with
the number of gunicorn workers restarted during the load (``max_requests`` in the configuration
recycles a worker after about 2,000 requests, so at a few hundred answers a second one restarts
every ten seconds or so, as it would in production).
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
HEADER = "X-Page-Cache"
FIRST_RENDER_TRIES = 3
ROBOTS = "/robots.txt"
SEARCH_TERMS = {"en": "Hama", "ar": "حماة"}
# Dropped from the environment: they would point the run at something that exists outside it (a
# bucket, a search cluster, a CDN, another cache), or are set by this script itself.
DROPPED_VARIABLES = (
    "CACHE_URL",
    "REDIS_URL",
    "CACHE_DIR",
    "MEDIA_ROOT",
    "MEDIA_URL",
    "SEALED_MEDIA_ROOT",
    "STATIC_ROOT",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_CUSTOM_DOMAIN",
    "SEARCH_URL",
    "SEARCH_INDEX",
    "FRONTEND_CACHE_BACKEND",
    "FRONTEND_CACHE_LOCATION",
    "CLOUDFLARE_BEARER_TOKEN",
    "CLOUDFLARE_ZONE_ID",
    "CLOUDFRONT_DISTRIBUTION_ID",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "DEBUG",
    "PAGE_CACHE",
    "CSRF_TRUSTED_ORIGINS",
    "TRUSTED_PROXY_COUNT",
    "GUNICORN_BIND",
    "GUNICORN_WORKERS",
    "HOST",
    "PORT",
)
REDIS_MARK = "memorial-benchmark-pages"


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- The scratch site ---------------------------------------------------------------------------


def scratch_environment(folder, port, args):
    """The environment of this process and of gunicorn: production settings on the scratch folder."""
    env = {name: value for name, value in os.environ.items() if name not in DROPPED_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="memorial.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        BEHIND_PROXY="false",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        CACHE_DIR=str(folder / "cache"),
        MEDIA_ROOT=str(folder / "media"),
        SEALED_MEDIA_ROOT=str(folder / "sealed"),
        STATIC_ROOT=str(folder / "static"),
        SITE_BASE_URL=f"http://{HOST}:{port}",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        GUNICORN_BIND=f"{HOST}:{port}",
        GUNICORN_WORKERS=str(args.workers),
    )
    if args.cache == "redis":
        env["CACHE_URL"] = f"redis://{HOST}:6379/{args.redis_db}"
    return env


def build_site(folder):
    """Migrate the scratch database, load the demo content and collect the static files (the manifest)."""
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    database = Path(settings.DATABASES["default"]["NAME"]).resolve()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3" or folder not in database.parents:
        raise SystemExit(f"Refusing to run: the database is not the scratch one ({database}).")
    for step, command, options in (
        ("migrate", "migrate", {"interactive": False}),
        ("demo content", "load_demo", {}),
        ("static files", "collectstatic", {"interactive": False}),
    ):
        started = time.monotonic()
        call_command(command, verbosity=0, **options)
        log(f"  {step}: {time.monotonic() - started:.0f} s")


@dataclass
class Target:
    name: str
    url: str  # as sent: percent-encoded
    note: str = ""
    queries: int | None = None
    first_ms: float | None = None
    load: "Load | None" = None
    robots: "Load | None" = None  # robots.txt's load, taken in turns with the page's
    share: float = 0.0  # of robots.txt's req/s


def find_targets(all_arabic=False):
    """One public address of every page type, from the database."""
    from django.urls import reverse
    from django.utils import translation
    from django.utils.encoding import iri_to_uri
    from wagtail.models import Locale

    from home.models import HomePage
    from memorial.core.models import Place, StandardPage
    from memorial.history.models import ArticlePage, HistoryIndexPage, PlaceIndexPage, TimelinePage
    from memorial.publication import gate
    from memorial.remembrance.models import Remembrance, RemembranceIndexPage
    from memorial.testimonies.models import TestimonyIndexPage, TestimonyPage

    def first(model, locale, **filters):
        pages = model.objects.live().filter(locale=locale, **filters).order_by("path")
        page = gate.public_pages(pages).first()
        return page.specific if page is not None else None

    def for_locale(language):
        locale = Locale.objects.get(language_code=language)
        found = []

        def add(name, page_or_url, suffix="", **extra):
            if page_or_url is None:
                log(f"  no public {name} in {language}: left out")
                return
            url = page_or_url if isinstance(page_or_url, str) else page_or_url.url
            found.append(Target(f"{name} ({language})", iri_to_uri(url + suffix), **extra))

        add("home", first(HomePage, locale))
        add("testimonies index", first(TestimonyIndexPage, locale))
        testimony = first(TestimonyPage, locale, recordings__transcripts__isnull=False)
        if testimony is not None:
            add("testimony with recordings and transcripts", testimony)
        else:  # a translation may show its source's recordings without transcripts of its own
            add("testimony", first(TestimonyPage, locale))
        names = first(RemembranceIndexPage, locale)
        add("names index", names)
        person = Remembrance.objects.public().order_by("pk").first() if names else None
        add("person", person.get_url_under(names) if person else None)
        # The last word of the person's name ("Sample Person 1 (Ahmad)": Ahmad).
        word = re.findall(r"[^\W\d_]+", person.name_latin or person.name_ar)[-1] if person else ""
        add("name search", names, "?" + urlencode({"q": word}) if names else "")
        with translation.override(language):
            add("site search", reverse("search"), "?" + urlencode({"q": SEARCH_TERMS[language]}))
        add("history index", first(HistoryIndexPage, locale))
        add("article", first(ArticlePage, locale))
        # Events have no address of their own: the timeline shows them all.
        add("timeline (events)", first(TimelinePage, locale))
        places = first(PlaceIndexPage, locale)
        add("places index", places)
        place = Place.objects.filter(locale=locale).order_by("pk").first() if places else None
        add("place", places.url_for_place(place) if place else None)
        add("about (standard page)", first(StandardPage, locale, slug="about"))
        # The contribute section's own page is kept like any public page; its forms as shells filled for each visitor.
        add("contribute (standard page)", first(StandardPage, locale, slug="contribute"))
        with translation.override(language):
            for name, route in (("testimony form", "testimony"), ("remember-a-person form", "remembrance")):
                add(name, reverse(f"submissions:{route}"), note="form: a shell, own token and nonce")
        return found

    targets = for_locale("en")
    if all_arabic:
        targets += for_locale("ar")
    else:
        targets += [t for t in for_locale("ar") if t.name.startswith("home ")]
    return targets


def count_target_queries(targets, host):
    """Queries of one warm render of each page, page cache off, in this process."""
    from django.db import connections
    from django.test import Client

    from tests.utils import count_queries

    for target in targets:
        response, count, _ctx = count_queries(Client(HTTP_HOST=host), target.url)
        if response.status_code != 200:
            raise SystemExit(f"{target.name} ({target.url}) answered {response.status_code} in process")
        target.queries = count
    connections.close_all()


def drop_page_entry(url, host):
    """Remove one page's entry from the page cache, as a change to it or midnight would."""
    from django.core.cache import cache
    from django.test import RequestFactory

    from memorial.publication import page_cache

    request = RequestFactory().get(url, HTTP_HOST=host)
    cache.delete_many([page_cache.cache_key(request), page_cache.slots_key(request)])


# --- The server ---------------------------------------------------------------------------------


class Server:
    def __init__(self, env, folder, port):
        self.port = port
        self.log_path = folder / "gunicorn.log"
        self.process = None
        self.env = env

    def start(self):
        command = [sys.executable, "-m", "gunicorn", "-c", "memorial/gunicorn_conf.py"]
        with open(self.log_path, "wb") as output:
            # Its own process group, so that everything it forks is stopped with it.
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=REPO, env=self.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start:\n{self.log_tail()}")
            try:
                status, _response, _ms = self.get(ROBOTS)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within 90 s:\n{self.log_tail()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def get(self, path):
        """One GET on a new connection: status, headers and the wall time of the request in ms."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            conn.connect()
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            return response.status, response, elapsed
        finally:
            conn.close()

    def log_text(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines=30):
        return "\n".join(self.log_text().splitlines()[-lines:])

    def workers_booted(self):
        return len(re.findall(r"Booting worker", self.log_text()))


# --- The load generator -------------------------------------------------------------------------


@dataclass
class Load:
    ok: int = 0
    hits: int = 0
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)
    restarts: int = 0

    @property
    def per_second(self):
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def answered(self):
        return self.ok + sum(self.statuses.values())

    @property
    def hit_share(self):
        return self.hits / self.answered if self.answered else 0.0

    def add(self, other):
        self.ok += other.ok
        self.hits += other.hits
        self.seconds += other.seconds
        self.statuses.update(other.statuses)
        self.failures.update(other.failures)
        self.restarts += other.restarts

    def errors(self):
        found = [f"{count} × HTTP {status}" for status, count in sorted(self.statuses.items())]
        return found + [f"{count} × {kind}" for kind, count in sorted(self.failures.items())]


def load(server, path, connections, seconds):
    """GET ``path`` over ``connections`` keep-alive connections for ``seconds``."""
    per_thread = [Load() for _ in range(connections)]
    start = threading.Barrier(connections + 1)
    deadline = [0.0]

    def run(result):
        conn = None
        start.wait()
        while time.perf_counter() < deadline[0]:
            fresh = conn is None
            if fresh:
                conn = http.client.HTTPConnection(HOST, server.port, timeout=60)
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = None
                # A kept-alive connection that a recycled worker closed is opened again; a failure on a
                # new connection is an error.
                if fresh:
                    result.failures[type(exc).__name__] += 1
                continue
            if response.status == 200:
                result.ok += 1
            else:
                result.statuses[response.status] += 1
            if response.getheader(HEADER) == "hit":
                result.hits += 1
            if response.will_close:
                conn.close()
                conn = None
        if conn is not None:
            conn.close()

    booted = server.workers_booted()
    threads = [threading.Thread(target=run, args=(result,), daemon=True) for result in per_thread]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    total = Load(seconds=time.perf_counter() - began)
    for result in per_thread:
        total.add(result)
    total.restarts = server.workers_booted() - booted
    return total


def measure(server, path, connections, seconds):
    """The page's load and robots.txt's, taken in turns so that both meet the same machine.

    Each second of the page's load is followed by half a second of robots.txt's. The page's share
    of robots.txt is the median of the turns' shares: a turn disturbed by a worker restarting or
    by another process on the machine counts for little.
    """
    page, robots, shares = Load(), Load(), []
    turns = max(1, round(seconds))
    for _turn in range(turns):
        page_turn = load(server, path, connections, seconds / turns)
        robots_turn = load(server, ROBOTS, connections, seconds / turns / 2)
        page.add(page_turn)
        robots.add(robots_turn)
        shares.append(page_turn.per_second / robots_turn.per_second if robots_turn.per_second else 0.0)
    return page, robots, statistics.median(shares)


def warm_up(server, targets, connections):
    """A few requests to every address on several connections, so that each worker has compiled its templates."""
    paths = [ROBOTS, *(t.url for t in targets)]

    def run():
        conn = http.client.HTTPConnection(HOST, server.port, timeout=60)
        try:
            for _round in range(2):
                for path in paths:
                    conn.request("GET", path)
                    conn.getresponse().read()
        finally:
            conn.close()

    threads = [threading.Thread(target=run, daemon=True) for _ in range(max(connections, 4))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def first_render(server, target, host):
    """The best of three: the page's entry dropped from the page cache, then one request."""
    best = None
    for _try in range(FIRST_RENDER_TRIES):
        drop_page_entry(target.url, host)
        status, response, elapsed = server.get(target.url)
        if status != 200:
            raise SystemExit(f"{target.name} ({target.url}) answered {status}")
        if response.getheader(HEADER) == "hit":
            raise SystemExit(f"{target.name}: still served from the page cache after its entry was dropped")
        best = elapsed if best is None else min(best, elapsed)
    return best


# --- Redis --------------------------------------------------------------------------------------


class RedisDatabase:
    """The numbered Redis database the run uses, emptied before and after; one holding anything else is refused."""

    def __init__(self, number):
        import redis

        self.number = number
        self.errors = redis.exceptions.RedisError
        self.client = redis.Redis(host=HOST, port=6379, db=number)

    def claim(self):
        try:
            size = self.client.dbsize()
        except self.errors as exc:
            raise SystemExit(f"No Redis at {HOST}:6379 ({exc}).") from exc
        if size and not self.client.exists(REDIS_MARK):
            raise SystemExit(
                f"Redis database {self.number} holds {size} keys this benchmark did not write: "
                "pick an empty one with --redis-db."
            )
        self.client.flushdb()
        self.client.set(REDIS_MARK, "1")

    def release(self):
        if self.client.exists(REDIS_MARK):
            self.client.flushdb()


# --- The report ---------------------------------------------------------------------------------


def report(targets, args):
    robots = Load()
    for t in targets:
        robots.add(t.robots)
    rates = [t.robots.per_second for t in targets]
    load_average = " ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"Cache: {args.cache}; {args.workers} gunicorn workers; {args.connections} connections; each page "
        f"{args.seconds:g} s, in turns with {args.seconds / 2:g} s of robots.txt, which answered "
        f"{min(rates):.0f} to {max(rates):.0f} req/s beside the pages ({robots.per_second:.0f} over the run); "
        f"load average at the start {args.load_average}, at the end {load_average}.",
        "",
        "| page | URL | queries | first render ms | req/s | share of robots.txt | cache hits |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for t in targets:
        hits = f"{t.load.hit_share:.0%}" + (f" ({t.note})" if t.note else "")
        lines.append(
            f"| {t.name} | `{t.url}` | {t.queries} | {t.first_ms:.1f} | {t.load.per_second:.0f} "
            f"| {t.share:.0%} | {hits} |"
        )
    lines.append(f"| robots.txt | `{ROBOTS}` | – | – | {robots.per_second:.0f} | 100% | {robots.hit_share:.0%} |")
    found = [f"- {t.name}: {', '.join(t.load.errors())}" for t in targets if t.load.errors()]
    if robots.errors():
        found.append(f"- robots.txt: {', '.join(robots.errors())}")
    lines += ["", "Errors: none." if not found else "Errors:", *found]
    restarts = robots.restarts + sum(t.load.restarts for t in targets)
    lines.append(f"Workers restarted by max_requests during the load: {restarts}.")
    return "\n".join(lines)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cache", choices=("file", "redis"), default="file", help="the shared cache (default file)")
    parser.add_argument("--seconds", type=float, default=10, help="load per address, in seconds (default 10)")
    parser.add_argument("--connections", type=int, default=4, help="keep-alive connections (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--redis-db", type=int, default=12, help="Redis database number for --cache redis (default 12)")
    parser.add_argument("--all-arabic", action="store_true", help="every page type in Arabic too, not only the home")
    return parser.parse_args()


def main():
    args = parse_args()
    args.load_average = " ".join(f"{value:.1f}" for value in os.getloadavg())
    if os.environ.get("DATABASE_URL"):
        raise SystemExit(
            "Refusing to run with DATABASE_URL set: the benchmark makes its own scratch SQLite database "
            "and never uses another. Unset it."
        )
    # Ctrl-C (even when started where it was ignored) and a stop request run the clean-up below.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = Path(tempfile.mkdtemp(prefix="memorial-benchmark-")).resolve()
    redis_db = server = None
    try:
        if args.cache == "redis":
            redis_db = RedisDatabase(args.redis_db)
            redis_db.claim()
        port = free_port()
        host = f"{HOST}:{port}"
        # The project's packages (memorial, home, tests) import from the repository's root.
        sys.path.insert(0, str(REPO))
        os.environ.clear()
        os.environ.update(scratch_environment(folder, port, args))
        log(f"Scratch site in {folder}:")
        build_site(folder)
        targets = find_targets(args.all_arabic)
        log(f"Counting the queries of {len(targets)} pages")
        count_target_queries(targets, host)
        server = Server(dict(os.environ), folder, port)
        server.start()
        log(f"gunicorn on {host}; warming up")
        warm_up(server, targets, args.connections)
        for target in targets:
            log(f"  {target.name}: {target.url}")
            target.first_ms = first_render(server, target, host)
            target.load, target.robots, target.share = measure(server, target.url, args.connections, args.seconds)
        print(report(targets, args))
    finally:
        if server is not None:
            server.stop()
        if redis_db:
            redis_db.release()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("Interrupted; the server is stopped and the scratch folder removed.")
        sys.exit(130)
