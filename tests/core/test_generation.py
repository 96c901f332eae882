"""The publication generation is read once per request, and a request sees its own announcement."""

import pytest
from django.core.cache import cache, caches

from memorial.core.generation import GENERATION_KEY, announce, generation, read_once

pytestmark = pytest.mark.django_db


def test_within_a_request_the_generation_is_the_one_read_first():
    """Moved by another process mid-request, the generation this request uses stays the one it began
    with; the next request reads the new one."""
    first = generation()
    with read_once():
        assert generation() == first
        cache.set(GENERATION_KEY, "moved-by-another-process", None)
        assert generation() == first
    assert generation() == "moved-by-another-process"


def test_a_request_sees_its_own_announcement():
    with read_once():
        before = generation()
        announce()
        after = generation()
        assert after != before
        assert cache.get(GENERATION_KEY) == after
    assert generation() == after


def test_outside_a_request_every_call_reads_the_cache():
    generation()
    cache.set(GENERATION_KEY, "moved", None)
    assert generation() == "moved"


def test_a_page_asks_the_shared_cache_for_the_generation_once(client, site_tree, monkeypatch):
    """The names index (its route, letters, places, counts and navigation all keyed on the generation)
    reads it from the shared cache once per request."""
    reads = []
    backend = type(caches["default"])
    real_get = backend.get

    def counting_get(self, key, *args, **kwargs):
        if GENERATION_KEY in str(key):
            reads.append(key)
        return real_get(self, key, *args, **kwargs)

    monkeypatch.setattr(backend, "get", counting_get)
    url = site_tree.names_index.url
    client.get(url)
    reads.clear()
    assert client.get(url, {"q": "Sample"}).status_code == 200
    assert len(reads) == 1
