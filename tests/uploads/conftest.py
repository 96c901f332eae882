import pytest
from django.conf import settings
from django.core.cache import cache

from memorial.uploads.storage import sealed_storage


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def storage_roots():
    return [settings.MEDIA_ROOT, sealed_storage().location]


@pytest.fixture
def file_snapshot(storage_roots):
    """Take a snapshot of both storages: ``file_snapshot()`` just before the request under test."""
    from tests.uploads.samples import FileSnapshot

    return lambda: FileSnapshot(*storage_roots)
