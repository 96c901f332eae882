"""Per-client rate limiting that stores no address: a keyed hash, in the cache only, expiring.

The client (behind a proxy, from X-Forwarded-For; an IPv6 client by its /64) is found by
``memorial.core.clients``.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

from .clients import client_address, client_label, trusted_proxies

__all__ = ["client_address", "hit", "trusted_proxies"]


def _client_key(request, scope):
    # The address is hashed with a secret, so the cache holds nothing that could be turned back
    # into an address, and the entry expires with the window.
    secret = settings.SECRET_KEY.encode()
    digest = hmac.new(secret, f"{scope}:{client_label(request)}".encode(), hashlib.sha256).hexdigest()[:40]
    return f"rate:{scope}:{digest}"


def hit(request, scope, limit, window):
    """Count one request of this client in ``scope``; True while it is within ``limit`` per ``window`` seconds."""
    key = _client_key(request, scope)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
