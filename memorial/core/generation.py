"""One number, in the shared cache, that moves on whenever what the public sees may have changed.

Caches of the public site (navigation, pages) key on it, so a change made in any process (a
worker, a cron command, an import) is seen by every other at its next request. The publication
lifecycle moves it on; nothing else needs to know who changed what.
"""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

GENERATION_KEY = "memorial:publication-generation"
# Within one request, the generation read first (``read_once``): a page asks for it a dozen times.
_held = ContextVar("memorial_generation", default=None)


def generation():
    """The current publication generation."""
    held = _held.get()
    if held and "value" in held:
        return held["value"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        value = cache.get(GENERATION_KEY)
    if held is not None:
        held["value"] = value
    return value


def announce():
    """Every cached view of the public site is stale from now on, in every process."""
    value = uuid.uuid4().hex
    cache.set(GENERATION_KEY, value, None)
    held = _held.get()
    if held is not None:
        held["value"] = value  # what this very request does next sees its own change


@contextmanager
def read_once():
    """One reading of the generation for everything inside (a request): every cache keyed on it
    agrees, and the shared cache is asked once instead of at every fragment, route and count."""
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def remembered(name, compute, timeout=60 * 60):
    """``compute()``, kept in the shared cache under ``name`` until the generation moves on.

    For answers about the public site as a whole that cost more than a page should (counts over
    every public record): every process reads the same answer, and the next change to what the
    public sees makes the next request compute it afresh.
    """
    key = f"memorial:{name}:{generation()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout)
    return found
