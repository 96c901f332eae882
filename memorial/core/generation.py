"""One number, in the shared cache, that moves on whenever what the public sees may have changed.

Caches of the public site (navigation, pages) key on it, so a change made in any process (a
worker, a cron command, an import) is seen by every other at its next request. The publication
lifecycle moves it on; nothing else needs to know who changed what.
"""

import uuid

from django.core.cache import cache

GENERATION_KEY = "memorial:publication-generation"


def generation():
    """The current publication generation."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        value = cache.get(GENERATION_KEY)
    return value


def announce():
    """Every cached view of the public site is stale from now on, in every process."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


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
