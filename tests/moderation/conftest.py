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
