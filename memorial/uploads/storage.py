"""The sealed storage: originals (and not-yet-public cleaned copies), never served by URL."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages


def sealed_storage():
    """STORAGES["sealed"] when configured; otherwise a folder beside MEDIA_ROOT, outside it."""
    try:
        return storages["sealed"]
    except InvalidStorageError:
        media_root = Path(settings.MEDIA_ROOT)
        return FileSystemStorage(location=media_root.with_name(media_root.name + "-sealed"), base_url=None)
