"""Who the client is: its address as the nearest trusted proxy saw it, and a label to count it by.

Behind a reverse proxy every request comes from the proxy's address, so the client is read
from ``X-Forwarded-For``: each trusted proxy appends the address it saw, so the entry
``TRUSTED_PROXY_COUNT`` places from the right is the one the outermost trusted proxy added.
Everything to its left was written by the client and is ignored. An IPv6 client is counted
by its /64, the block one subscriber is usually given, so it cannot dodge a limit by
changing addresses within it. Callers hash the label with a secret before keeping it anywhere.
"""

import ipaddress

from django.conf import settings

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


def client_label(request):
    address = client_address(request)
    if address is None:
        return ""
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)
