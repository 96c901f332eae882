"""Per-client rate limiting that stores no address: a keyed hash, in the cache only, expiring.

Behind a reverse proxy every request comes from the proxy's address, so the client is read
from ``X-Forwarded-For``: each trusted proxy appends the address it saw, so the entry
``TRUSTED_PROXY_COUNT`` places from the right is the one the outermost trusted proxy added.
Everything to its left was written by the client and is ignored. An IPv6 client is counted
by its /64, the block one subscriber is usually given, so it cannot dodge the limit by
changing addresses within it.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.core.cache import cache

IPV6_PREFIX = 64


def trusted_proxies():
    """How many proxies in front of the site append to X-Forwarded-For; none unless BEHIND_PROXY."""
    if not getattr(settings, "BEHIND_PROXY", False):
        return 0
    return max(0, getattr(settings, "TRUSTED_PROXY_COUNT", 1))


def _address(value):
    """An IP address from a header entry or REMOTE_ADDR (a port or brackets allowed), or None."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:5678
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def client_address(request):
    """The client as the nearest trusted proxy saw it; the socket's peer when there is no proxy."""
    count = trusted_proxies()
    if count:
        # Split off only the entries the trusted proxies added: a header of thousands costs nothing more.
        entries = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", count)
        if len(entries) > count or (len(entries) == count and entries[0].strip()):
            found = _address(entries[-count])
            if found is not None:
                return found
    return _address(request.META.get("REMOTE_ADDR", ""))


def _client_label(request):
    address = client_address(request)
    if address is None:
        return ""
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


def _client_key(request, scope):
    # The address is hashed with a secret, so the cache holds nothing that could be turned back
    # into an address, and the entry expires with the window.
    secret = settings.SECRET_KEY.encode()
    digest = hmac.new(secret, f"{scope}:{_client_label(request)}".encode(), hashlib.sha256).hexdigest()[:40]
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
