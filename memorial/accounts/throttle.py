"""Sign-in throttling per account and per client, kept in the database so every process sees it.

A user name and a client are each counted under a keyed hash (HMAC with SECRET_KEY): the table holds
neither a name nor an address. The count goes by the name as typed, whether or not such an account
exists, so an unknown name is held back exactly as a known one and the answers cannot tell them apart.

After ``FREE_FAILURES`` failures each new attempt must wait 1, 2, 4... seconds (up to ``MAX_DELAY``);
an attempt made while waiting is refused and counts as one more failure. At ``LOCK_AFTER`` failures
the name is locked for ``LOCK_SECONDS`` and, if it is an account's, its owner gets a notice. A client
trying many names is locked at ``CLIENT_LOCK_AFTER``. A success clears the name's count, not the client's.
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from memorial.core.clients import client_label

from . import notifications
from .models import LoginThrottle

MAX_DELAY = 60


@dataclass(frozen=True)
class Limits:
    free_failures: int
    lock_after: int
    client_lock_after: int
    lock_seconds: int
    window_seconds: int


def limits():
    return Limits(
        free_failures=getattr(settings, "LOGIN_FREE_FAILURES", 3),
        lock_after=getattr(settings, "LOGIN_LOCK_AFTER", 10),
        client_lock_after=getattr(settings, "LOGIN_CLIENT_LOCK_AFTER", 50),
        lock_seconds=getattr(settings, "LOGIN_LOCK_SECONDS", 900),
        window_seconds=getattr(settings, "LOGIN_FAILURE_WINDOW", 3600),
    )


def normalise_username(username):
    return " ".join(str(username or "").split()).casefold()[:150]


def _key(scope, value):
    digest = hmac.new(settings.SECRET_KEY.encode(), f"login:{scope}:{value}".encode(), hashlib.sha256)
    return digest.hexdigest()


def account_key(username):
    return _key(LoginThrottle.Scope.ACCOUNT, normalise_username(username))


def client_key(request):
    return _key(LoginThrottle.Scope.CLIENT, client_label(request))


def _keys(request, username):
    return ((LoginThrottle.Scope.ACCOUNT, account_key(username)), (LoginThrottle.Scope.CLIENT, client_key(request)))


def is_refused(request, username, now=None):
    """True while the name or the client must wait or is locked."""
    now = now or timezone.now()
    keys = [key for _scope, key in _keys(request, username)]
    return LoginThrottle.objects.filter(key__in=keys, blocked_until__gt=now).exists()


def _delay(failures, rules):
    if failures <= rules.free_failures:
        return 0
    return min(2 ** (failures - rules.free_failures - 1), MAX_DELAY)


def record_failure(request, username, now=None):
    """Count one failed (or refused) attempt for the name and the client; lock and notify when due."""
    now = now or timezone.now()
    rules = limits()
    newly_locked = False
    with transaction.atomic():
        for scope, key in _keys(request, username):
            row = LoginThrottle.objects.select_for_update().filter(key=key).first()
            if row is None:
                row = LoginThrottle(key=key, scope=scope)
            elif row.last_failure and (now - row.last_failure).total_seconds() > rules.window_seconds:
                row.failures, row.locked, row.blocked_until = 0, False, None
            row.failures += 1
            row.last_failure = now
            threshold = rules.lock_after if scope == LoginThrottle.Scope.ACCOUNT else rules.client_lock_after
            if row.failures >= threshold:
                if not (row.locked and row.blocked_until and row.blocked_until > now):
                    # A lock is not lengthened by attempts made during it: nobody can keep an owner out for ever.
                    row.blocked_until = now + datetime.timedelta(seconds=rules.lock_seconds)
                    if scope == LoginThrottle.Scope.ACCOUNT and not row.locked:
                        newly_locked = True
                    row.locked = True
            else:
                delay = _delay(row.failures, rules)
                row.blocked_until = now + datetime.timedelta(seconds=delay) if delay else None
            row.save()
    if newly_locked:
        owner = get_user_model().objects.filter(username__iexact=normalise_username(username), is_active=True).first()
        if owner is not None:
            notifications.send_lock_notice(owner, rules.lock_seconds)


def record_success(request, username):
    """The right password: the name starts afresh (the client's count stays, so spraying names still adds up)."""
    LoginThrottle.objects.filter(key=account_key(username)).delete()


def clear_expired(now=None):
    """Forget counts older than the window (called now and then; nothing depends on it for correctness)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=limits().window_seconds)
    return LoginThrottle.objects.filter(last_failure__lt=cutoff, blocked_until__lt=now).delete()[0]
