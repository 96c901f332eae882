"""Sign-in throttling: per name and per client, growing delays then a lock, unknown and known names alike."""

import datetime
import threading
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connections
from django.test import RequestFactory
from django.utils import timezone

from memorial.accounts import throttle
from memorial.accounts.models import LoginThrottle
from memorial.moderation import roles
from tests.accounts.helpers import PASSWORD, sign_in
from tests.moderation.helpers import user_in

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 5, 1, 9, 0))


@pytest.fixture
def frozen(monkeypatch):
    """The throttle's clock stands still, so which attempt must wait does not depend on how fast the test runs."""
    clock = SimpleNamespace(current=NOW)
    monkeypatch.setattr(throttle, "timezone", SimpleNamespace(now=lambda: clock.current))
    return clock


def answers(client, username, count, address):
    """What each attempt shows: status, form errors and the page's text without its per-request tokens."""
    seen = []
    for _attempt in range(count):
        response = sign_in(client, username, "wrong password " * 2, REMOTE_ADDR=address)
        errors = response.context["form"].non_field_errors() if response.context else None
        seen.append((response.status_code, list(errors or [])))
    return seen


def test_twenty_wrong_passwords_lock_a_known_name_exactly_as_an_unknown_one(client, frozen, django_user_model):
    """Twenty wrong passwords lock the account; the answers to a name that exists and to one that does not are the
    same, attempt by attempt; the right password is then refused too; the owner (only) is told."""
    user = user_in(django_user_model, roles.ARCHIVISTS)
    known = answers(client, user.username, 20, "203.0.113.1")
    unknown = answers(client, "nobody-by-this-name", 20, "203.0.113.2")
    assert known == unknown
    assert known[0][1] != known[-1][1], "the answer moves from 'wrong' to 'wait'"
    assert {status for status, _errors in known} == {200}
    right = sign_in(client, user.username, PASSWORD, REMOTE_ADDR="203.0.113.1")
    assert right.status_code == 200 and right.context["form"].errors, "locked: even the right password waits"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    assert "locked" in mail.outbox[0].subject

    frozen.current = NOW + datetime.timedelta(seconds=throttle.limits().lock_seconds + 1)
    assert sign_in(client, user.username, PASSWORD, REMOTE_ADDR="203.0.113.1").status_code == 302
    assert not LoginThrottle.objects.filter(key=throttle.account_key(user.username)).exists()


def test_delays_grow_after_the_free_attempts(frozen):
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="198.51.100.4")
    rules = throttle.limits()
    for _attempt in range(rules.free_failures):
        assert not throttle.is_refused(request, "someone")
        throttle.record_failure(request, "someone")
    assert not throttle.is_refused(request, "someone")
    waits = []
    for _attempt in range(3):
        throttle.record_failure(request, "someone")
        row = LoginThrottle.objects.get(key=throttle.account_key("someone"))
        waits.append((row.blocked_until - NOW).total_seconds())
    assert waits == [1, 2, 4]
    assert throttle.is_refused(request, "SomeOne "), "the name is counted however it is typed"


def test_a_client_trying_many_names_is_locked(frozen):
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="198.51.100.5")
    for number in range(throttle.limits().client_lock_after):
        throttle.record_failure(request, f"name{number}")
    assert throttle.is_refused(request, "a-fresh-name")
    other = RequestFactory().post("/admin/login/", REMOTE_ADDR="198.51.100.6")
    assert not throttle.is_refused(other, "a-fresh-name"), "another client is not held back"


def test_nothing_is_kept_in_clear(frozen):
    """The table holds keyed hashes: neither the name nor the address is in it."""
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="198.51.100.7")
    throttle.record_failure(request, "Quillon.Marsh")
    stored = " ".join(str(value) for row in LoginThrottle.objects.values_list() for value in row)
    assert "quillon" not in stored.casefold() and "198.51.100.7" not in stored
    assert LoginThrottle.objects.count() == 2


def test_behind_the_proxy_the_client_is_the_forwarded_address(settings, frozen):
    """Behind the trusted proxy every request comes from its address; clients are told apart by the entry the proxy
    appended, and what a client writes to the left of it changes nothing."""
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1

    def via_proxy(forwarded):
        return RequestFactory().post("/admin/login/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    for number in range(throttle.limits().client_lock_after):
        throttle.record_failure(via_proxy(f"1.2.3.{number % 250}, 203.0.113.50"), f"name{number}")
    assert throttle.is_refused(via_proxy("9.9.9.9, 203.0.113.50"), "fresh"), "a spoofed left entry is ignored"
    assert not throttle.is_refused(via_proxy("203.0.113.51"), "fresh"), "another client behind the same proxy"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_count_holds_across_processes(frozen):
    """Failures counted by one worker hold back the next attempt made in another: the count lives in the database,
    which every process shares (here a second thread with its own database connection, as a second process)."""
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="198.51.100.8")
    rules = throttle.limits()

    def other_worker():
        try:
            for _attempt in range(rules.lock_after):
                throttle.record_failure(request, "shared-name")
        finally:
            connections.close_all()

    worker = threading.Thread(target=other_worker)
    worker.start()
    worker.join()
    assert throttle.is_refused(request, "shared-name")
    assert LoginThrottle.objects.get(key=throttle.account_key("shared-name")).locked
