"""Where recordings' originals live: a storage that is never served by URL.

The same convention as the safe-upload pipeline's sealed storage: ``STORAGES["sealed"]``
when configured (a private bucket in production), otherwise a folder beside MEDIA_ROOT,
outside it, so that the web server cannot serve an unredacted original.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages


def private_storage():
    try:
        return storages["sealed"]
    except InvalidStorageError:
        media_root = Path(settings.MEDIA_ROOT)
        return FileSystemStorage(location=media_root.with_name(media_root.name + "-sealed"), base_url=None)
