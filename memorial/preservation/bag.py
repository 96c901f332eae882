"""BagIt on disk: where a bag may be written, how its files are kept private, how one is checked.

A bag is built in a private temporary folder beside its destination and renamed into place when
complete, so a failed export leaves nothing at the destination. A bag to restore is refused before
anything is written when the BagIt checks fail (a changed byte, a missing or extra file), when any
entry is a symbolic link, or when a name would lead outside it.
"""

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

import bagit
from django.core.files.storage import default_storage

from memorial.recordings.models import MediaFile
from memorial.uploads.models import SealedOriginal

CHECKSUMS = ["sha256", "sha512"]
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600
PUBLIC_DIR, PUBLIC_FILE = 0o755, 0o644


class BagRefused(Exception):
    """A destination or a bag that may not be used; the message says why, for the operator."""


def stores():
    """The storages whose every file a full export carries, by the name used inside the bag.

    The sealed storage is the one the sealed originals' field holds (recordings' originals share it;
    a separate one would get its own name), so that the bag holds the files where the rows find them.
    """
    found = {"media": default_storage, "sealed": SealedOriginal._meta.get_field("original").storage}
    recordings = MediaFile._meta.get_field("file").storage
    if recordings is not found["sealed"] and _local_root(recordings) != _local_root(found["sealed"]):
        found["recordings"] = recordings
    return found


def _local_root(storage):
    location = getattr(storage, "location", None)
    return Path(location).resolve() if location else None


def protected_roots():
    roots = [_local_root(storage) for storage in stores().values()]
    return [root for root in roots if root is not None]


def check_destination(dest):
    """Refuse a destination that exists with content, is a link, or lies inside a storage folder."""
    dest = Path(dest).expanduser().absolute()
    if dest.is_symlink():
        raise BagRefused(f"{dest} is a symbolic link; give a real folder.")
    if dest.exists():
        if not dest.is_dir():
            raise BagRefused(f"{dest} exists and is not a folder.")
        if any(dest.iterdir()):
            raise BagRefused(f"{dest} is not empty; an export is written to a new or empty folder only.")
    resolved = dest.resolve()
    for root in protected_roots():
        if resolved == root or root in resolved.parents:
            raise BagRefused(f"{dest} is inside the storage folder {root}; write the export somewhere else.")
    return dest


def safe_name(name):
    """A storage name that stays inside its folder: relative, no '..', no NUL, no backslash."""
    if not name or "\x00" in name or "\\" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and path.parts[:1] != ("",)


def walk_storage(storage, prefix=""):
    """Every file name in a storage, skipping symbolic links (never followed out of the folder)."""
    try:
        folders, files = storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return
    root = _local_root(storage)
    for name in sorted(files):
        full = f"{prefix}/{name}" if prefix else name
        if root is not None and (root / full).is_symlink():
            continue
        yield full
    for name in sorted(folders):
        full = f"{prefix}/{name}" if prefix else name
        if root is not None and (root / full).is_symlink():
            continue
        yield from walk_storage(storage, full)


def storage_is_empty(storage):
    return next(walk_storage(storage), None) is None


def copy_out(storage, name, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    with storage.open(name, "rb") as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out, 1024 * 1024)


def _set_modes(root, dir_mode, file_mode):
    os.chmod(root, dir_mode)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            os.chmod(os.path.join(folder, name), dir_mode)
        for name in files:
            os.chmod(os.path.join(folder, name), file_mode)


class BagBuilder:
    """A private work folder that becomes the bag at ``dest`` only when ``finish()`` succeeds."""

    def __init__(self, dest):
        self.dest = check_destination(dest)
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        # mkdtemp makes the folder 0700: nobody else can read a byte of it while it is written.
        self.work = Path(tempfile.mkdtemp(prefix=f".{self.dest.name}.partial-", dir=self.dest.parent))

    def path(self, relative):
        return self.work / relative

    def finish(self, bag_info, private):
        bag = bagit.make_bag(str(self.work), bag_info=bag_info, checksums=CHECKSUMS, processes=1)
        if private:
            _set_modes(self.work, PRIVATE_DIR, PRIVATE_FILE)
        else:
            _set_modes(self.work, PUBLIC_DIR, PUBLIC_FILE)
        if self.dest.exists():
            self.dest.rmdir()  # checked empty above
        os.rename(self.work, self.dest)
        return bag

    def abandon(self):
        shutil.rmtree(self.work, ignore_errors=True)


def _links_in(root):
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            if path.is_symlink():
                yield path.relative_to(root)


def open_valid_bag(src):
    """The bag at ``src``, fully validated; BagRefused with the reason otherwise."""
    src = Path(src).expanduser().absolute()
    if src.is_symlink() or not src.is_dir():
        raise BagRefused(f"{src} is not a folder holding a bag.")
    links = list(_links_in(src))
    if links:
        raise BagRefused(f"The bag holds symbolic links, which are never followed: {', '.join(map(str, links[:5]))}")
    try:
        bag = bagit.Bag(str(src))
        for entry in bag.payload_entries():
            if not safe_name(entry) or not entry.startswith("data/"):
                raise BagRefused(f"The bag's manifest names a file outside its payload: {entry!r}")
        bag.validate(processes=1)
    except bagit.BagValidationError as exc:
        details = "; ".join(str(d) for d in getattr(exc, "details", [])[:10])
        raise BagRefused(f"The bag failed validation: {exc.message}. {details}".strip()) from exc
    except bagit.BagError as exc:
        raise BagRefused(f"Not a valid bag: {exc}") from exc
    return bag
