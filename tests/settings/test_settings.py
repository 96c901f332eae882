"""Production settings refuse to start unsafely, and pass Django's deployment checks when configured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def run(args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base.update(DJANGO_SETTINGS_MODULE="memorial.settings.production", **env)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, *args], cwd=BASE_DIR, env=base, capture_output=True, text=True, timeout=120, check=False
    )


LOAD_SETTINGS = ["-c", "from django.conf import settings; settings.DEBUG"]


def test_production_settings_fail_without_a_secret_key():
    result = run(LOAD_SETTINGS)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "key", ["short", "django-insecure-" + "a" * 60, "ab" * 40], ids=["too-short", "django-insecure", "too-few-chars"]
)
def test_production_settings_refuse_weak_secret_keys(key):
    result = run(LOAD_SETTINGS, SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(48)[:64],
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(("env", "expected"), [({}, "60 True"), ({"DATABASE_CONN_MAX_AGE": "0"}, "0 True")])
def test_database_connections_are_kept_and_checked(env, expected):
    """A worker keeps its PostgreSQL connection between requests (a new one costs about 5 ms), checks it
    before reusing it, and opens one per request when told to."""
    show = [
        "-c",
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
    ]
    result = run(
        show,
        SECRET_KEY=secrets.token_urlsafe(48)[:64],
        DATABASE_URL="postgres://memorial@127.0.0.1:5432/memorial",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == expected


def test_test_settings_keep_media_out_of_the_project():
    assert "memorial-test-media-" in str(settings.MEDIA_ROOT)
    assert not settings.DEBUG
    assert settings.WAGTAILSEARCH_HITS_MAX_AGE == 0


def test_production_settings_print_no_second_factor_key_and_ask_no_gravatar():
    """load_demo prints development keys only under development settings; nobody's avatar comes from Gravatar."""
    result = run(
        [
            "-c",
            "from django.conf import settings as s; "
            "print(s.MEMORIAL_DEMO_SECOND_FACTOR, s.WAGTAIL_GRAVATAR_PROVIDER_URL)",
        ],
        SECRET_KEY=secrets.token_urlsafe(48)[:64],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "None"]
