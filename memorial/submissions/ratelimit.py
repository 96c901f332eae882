"""The public forms' rate limit: the shared per-client counting of ``memorial.core.ratelimit``."""

from django.conf import settings

from memorial.core import ratelimit
from memorial.core.clients import client_address, trusted_proxies

__all__ = ["client_address", "hit", "limit", "trusted_proxies", "window"]


def limit():
    return getattr(settings, "MEMORIAL_SUBMISSION_RATE_LIMIT", 10)


def window():
    return getattr(settings, "MEMORIAL_SUBMISSION_RATE_WINDOW", 3600)


def hit(request, scope="submit"):
    """Count one attempt; True if the client is still within its limit."""
    return ratelimit.hit(request, f"submissions:{scope}", limit(), window())
