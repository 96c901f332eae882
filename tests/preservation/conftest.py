"""Files made by a preservation test are removed after it; the storages are left as found."""

from pathlib import Path

import pytest
from django.conf import settings

from memorial.preservation.bag import stores


def storage_roots():
    return [Path(settings.MEDIA_ROOT), *(Path(s.location) for s in stores().values() if hasattr(s, "location"))]


def _everything_under(roots):
    return {path for root in roots if root.exists() for path in root.rglob("*")}


@pytest.fixture(autouse=True)
def _remove_created_files():
    roots = storage_roots()
    before = _everything_under(roots)
    yield
    created = _everything_under(roots) - before
    for path in sorted(created, key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        else:
            path.unlink(missing_ok=True)
