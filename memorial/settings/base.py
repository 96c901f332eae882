"""Settings shared by every environment.

Safe by default: DEBUG is off, nothing is trusted that is not configured. Every
environment variable the project reads is read in this file and listed in the README.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


# --- Core -------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
# No default: production.py refuses to start without one, dev.py and test.py set their own.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "home",
    "memorial.core",
    "memorial.audit",
    "memorial.history",
    "memorial.testimonies",
    "memorial.remembrance",
    "memorial.moderation",
    "memorial.search",
    "memorial.oai",
    "memorial.structured_data",
    "memorial.consent",
    "memorial.publication",
    "memorial.submissions",
    "memorial.uploads",
    "memorial.recordings",
    "memorial.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "memorial.api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtailmedia",
    "wagtail.search",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    # The top layer: the demo and preservation (export, restore, fixity) may import any app listed
    # before them, and none of them imports either.
    "memorial.preservation",
    "memorial.demo",
]

MIDDLEWARE = [
    "memorial.core.middleware.GenerationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "memorial.core.middleware.PrivateResponseMiddleware",
    # Above the session, CSRF and authentication middleware: a cached page skips them all.
    "memorial.publication.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second factor verified this session, then the staff rules: session limits, the second factor.
    "django_otp.middleware.OTPMiddleware",
    "memorial.accounts.middleware.StaffAccountMiddleware",
    "memorial.moderation.middleware.HiddenPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "memorial.core.middleware.AdminCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "memorial.urls"
WSGI_APPLICATION = "memorial.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "memorial.core.context_processors.site_navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# SQLite in the project folder unless DATABASE_URL names another database (PostgreSQL).
# Each worker keeps its connection for a minute (checked before reuse, reopened if it broke): a new
# PostgreSQL connection costs about 5 ms, as much as rendering a page from the cache's remembered parts.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (server workers, the task worker, cron commands) wait their turn instead of
    # failing: write-ahead logging lets readers go on while one writes, IMMEDIATE takes the write lock
    # when a transaction begins (so no transaction fails half-way trying to upgrade its lock), and a
    # writer waits up to DATABASE_TIMEOUT seconds for it.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("DATABASE_TIMEOUT", 20),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------
CACHE_URL = os.environ.get("CACHE_URL", "") or os.environ.get("REDIS_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "memorial",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    # Shared by every process on the machine (server workers, cron commands, the task worker),
    # so a change made in one is seen by all; a per-process memory cache would serve stale pages.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "KEY_PREFIX": "memorial",
        }
    }

# Whole public pages for anonymous visitors, kept until what the public sees changes (see
# memorial.publication.page_cache); PAGE_CACHE=off renders every request.
MEMORIAL_PAGE_CACHE = env_bool("PAGE_CACHE", True)
# How long browsers (max-age) and a CDN or proxy (s-maxage) may keep an anonymous public page.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
CDN_CACHE_SECONDS = env_int("CDN_CACHE_SECONDS", 300)

# A CDN in front of the site is told to drop a page when it is published or unpublished
# (wagtail.contrib.frontend_cache), only when FRONTEND_CACHE_BACKEND names one.
FRONTEND_CACHE_BACKEND = os.environ.get("FRONTEND_CACHE_BACKEND", "").strip().lower()
_FRONTEND_CACHE_BACKENDS = {
    "http": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ.get("FRONTEND_CACHE_LOCATION", ""),
    },
    "cloudflare": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
    },
    "cloudfront": lambda: {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", ""),
    },
}
if FRONTEND_CACHE_BACKEND:
    if FRONTEND_CACHE_BACKEND not in _FRONTEND_CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND must be one of {', '.join(_FRONTEND_CACHE_BACKENDS)}, "
            f"not {FRONTEND_CACHE_BACKEND!r}."
        )
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {"default": _FRONTEND_CACHE_BACKENDS[FRONTEND_CACHE_BACKEND]()}

# --- Passwords --------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Staff accounts (memorial.accounts) ----------------------------------------------------
# Every user who can reach the admin signs in with a password and a second factor (an authenticator
# app or a passkey; recovery codes when both are lost).
WAGTAILADMIN_USER_LOGIN_FORM = "memorial.accounts.forms.ThrottledLoginForm"
# A staff session ends after a working day, or after this many seconds without a request.
STAFF_SESSION_MAX_AGE = env_int("STAFF_SESSION_MAX_AGE", 9 * 3600)
STAFF_SESSION_IDLE_TIMEOUT = env_int("STAFF_SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_AGE
# Sign-in throttling, per user name and per client (keyed hashes in the database, shared by every process):
# delays grow after LOGIN_FREE_FAILURES failures, a lock of LOGIN_LOCK_SECONDS after LOGIN_LOCK_AFTER
# (LOGIN_CLIENT_LOCK_AFTER for one client trying many names); counts are forgotten after LOGIN_FAILURE_WINDOW.
LOGIN_FREE_FAILURES = env_int("LOGIN_FREE_FAILURES", 3)
LOGIN_LOCK_AFTER = env_int("LOGIN_LOCK_AFTER", 10)
LOGIN_CLIENT_LOCK_AFTER = env_int("LOGIN_CLIENT_LOCK_AFTER", 50)
LOGIN_LOCK_SECONDS = env_int("LOGIN_LOCK_SECONDS", 15 * 60)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 3600)
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME", "Hama 1982 Memorial Archive")
# Passkeys are a second factor only (a password comes first), for this site's own address. Browsers offer
# them on https:// addresses and on http://localhost only: a plain-HTTP SITE_BASE_URL (127.0.0.1 in
# development) gets passkeys at http://localhost:8000 instead.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
_PASSKEY_ORIGIN = (
    SITE_BASE_URL if SITE_BASE_URL.startswith(("https://", "http://localhost")) else "http://localhost:8000"
)
OTP_WEBAUTHN_RP_ID = urlsplit(_PASSKEY_ORIGIN).hostname
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_ALLOWED_ORIGINS = [_PASSKEY_ORIGIN]

# --- Languages --------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
SEALED_MEDIA_ROOT = Path(os.environ.get("SEALED_MEDIA_ROOT", BASE_DIR / "sealed"))

# Local files unless an S3-compatible bucket is named.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Sealed originals of uploads: a private folder, never served by URL (see memorial.uploads).
    "sealed": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": SEALED_MEDIA_ROOT, "base_url": None},
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# Every upload goes through the safe-upload pipeline (memorial.uploads): limits per type, in bytes,
# enforced while the file arrives; images are rebuilt without metadata, audio and video stripped.
FILE_UPLOAD_HANDLERS = ["memorial.uploads.handlers.GuardedUploadHandler"]
MEMORIAL_UPLOAD_LIMITS = {
    "image": env_int("UPLOAD_MAX_IMAGE_BYTES", 20 * 1024 * 1024),
    "audio": env_int("UPLOAD_MAX_AUDIO_BYTES", 200 * 1024 * 1024),
    "video": env_int("UPLOAD_MAX_VIDEO_BYTES", 500 * 1024 * 1024),
    "document": env_int("UPLOAD_MAX_DOCUMENT_BYTES", 20 * 1024 * 1024),
    "text": env_int("UPLOAD_MAX_TEXT_BYTES", 50 * 1024 * 1024),
}
MEMORIAL_UPLOAD_MAX_IMAGE_PIXELS = env_int("UPLOAD_MAX_IMAGE_PIXELS", 40_000_000)
# ffmpeg comes from PyPI (imageio-ffmpeg's static build) when FFMPEG_BINARY is unset; empty means none.
MEMORIAL_FFMPEG = os.environ.get("FFMPEG_BINARY")
# Public submissions per client (a keyed hash in the cache, never the address) per window.
MEMORIAL_SUBMISSION_RATE_LIMIT = env_int("SUBMISSION_RATE_LIMIT", 10)
MEMORIAL_SUBMISSION_RATE_WINDOW = env_int("SUBMISSION_RATE_WINDOW", 3600)
# The read-only JSON API and IIIF manifests: requests per client per window (seconds), counted as above.
MEMORIAL_API_RATE_LIMIT = env_int("API_RATE_LIMIT", 300)
MEMORIAL_API_RATE_WINDOW = env_int("API_RATE_WINDOW", 300)
# The most records one API answer holds (?limit=), Wagtail's setting for its API.
WAGTAILAPI_LIMIT_MAX = 100
# Behind a reverse proxy (production's default), the client is the address the trusted proxies
# appended to X-Forwarded-For; without one the header is the client's own and is never read.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0)

# --- Background work --------------------------------------------------------------------
# Tasks (memorial.core.tasks) run in a worker process: `manage.py run_worker` (started by `make run`)
# with the database backend by default; TASKS_BACKEND=rq queues them in Redis (TASKS_REDIS_URL, else
# CACHE_URL) for `manage.py rqworker default`; TASKS_BACKEND=immediate runs them inside the request.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database").lower()
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db"), "django_rq")
    RQ_QUEUES = {"default": {"URL": os.environ.get("TASKS_REDIS_URL", "") or CACHE_URL, "DEFAULT_TIMEOUT": 7200}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    if not RQ_QUEUES["default"]["URL"]:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs TASKS_REDIS_URL or CACHE_URL.")
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database, rq or immediate, not {TASKS_BACKEND!r}.")

# --- E-mail -----------------------------------------------------------------------------
# Every message is queued as a task (memorial.core.mail) and sent by the worker with the delivery
# backend, so a slow or unreachable mail server never holds up a request; failures are retried.
EMAIL_BACKEND = "memorial.core.mail.BackgroundEmailBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "archive@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Search -----------------------------------------------------------------------------
# The database backend needs nothing more; SEARCH_URL names an OpenSearch or Elasticsearch
# cluster for large deployments (SEARCH_BACKEND picks which client speaks to it).
SEARCH_URL = os.environ.get("SEARCH_URL", "")
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "opensearch3")
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"wagtail.search.backends.{SEARCH_BACKEND}",
            "URLS": [SEARCH_URL],
            "INDEX": os.environ.get("SEARCH_INDEX", "memorial"),
            "TIMEOUT": 5,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Wagtail ----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Hama 1982 Memorial Archive")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "odt", "docx", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"gif": "png", "bmp": "png"}
WAGTAILIMAGES_IMAGE_FORM_BASE = "memorial.uploads.forms.SafeImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "memorial.uploads.forms.SafeDocumentForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatar from Gravatar: it would send a hash of every staff e-mail address to an outside service.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Recordings: originals in private storage (memorial.recordings.MediaFile), the public hears derivatives.
WAGTAILMEDIA = {"MEDIA_MODEL": "recordings.MediaFile"}
WAGTAILSEARCH_HITS_MAX_AGE = 0  # no search-term logging: queries can name people at risk
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True

# --- Security defaults (tightened further in production.py) -----------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# The Wagtail admin uses inline styles and scripts; it gets those relaxations and nothing else.
CSP_ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")

# --- Logging ----------------------------------------------------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Request logs carry client addresses; contributors may be at risk, so keep them out.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
