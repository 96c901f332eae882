"""Settings for the test suite: fast, isolated, and as strict as production about content."""

import tempfile
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import os

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, inside the call that queues them (tests of the worker choose the database backend).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="memorial-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="memorial-test-static-")
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("TEST_CACHE_URL"):
    # Tests clear the cache, which empties a whole Redis database: each parallel worker gets its own
    # (gw0 the named database, gw1 the next one, ...), so one worker never wipes or reads another's keys.
    _url = urlsplit(os.environ["TEST_CACHE_URL"])
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    _database = int(_url.path.strip("/") or 0) + _worker
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": urlunsplit(_url._replace(path=f"/{_database}")),
            "KEY_PREFIX": "memorial-test",
        }
    }
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
MEMORIAL_CREATE_DEMO_USERS = True
LOGGING["root"]["level"] = "WARNING"

if os.environ.get("TEST_DATABASE_FILE") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A test database kept on disk, so that `pytest --reuse-db` skips the migrations (mutation runs).
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_FILE"]}
