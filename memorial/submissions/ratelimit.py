"""Per-client rate limiting that stores no address: a keyed hash, in the cache only, expiring.

The client is found by ``memorial.core.clients`` (behind a proxy, from X-Forwarded-For).
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

from memorial.core.clients import client_address, client_label, trusted_proxies

__all__ = ["client_address", "hit", "limit", "trusted_proxies", "window"]


def _client_key(request, scope):
    # The address is hashed with a secret, so the cache holds nothing that could be turned back
    # into an address, and the entry expires with the window.
    secret = settings.SECRET_KEY.encode()
    digest = hmac.new(secret, f"{scope}:{client_label(request)}".encode(), hashlib.sha256).hexdigest()[:40]
    return f"submissions:rate:{scope}:{digest}"


def limit():
    return getattr(settings, "MEMORIAL_SUBMISSION_RATE_LIMIT", 10)


def window():
    return getattr(settings, "MEMORIAL_SUBMISSION_RATE_WINDOW", 3600)


def hit(request, scope="submit"):
    """Count one attempt; True if the client is still within its limit."""
    key = _client_key(request, scope)
    cache.add(key, 0, timeout=window())
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window())
        count = 1
    return count <= limit()
