"""Hostile and damaged input: a bag that fails its checks, or a destination that would expose or overwrite
something, is refused with a clear message and nothing written."""

import hashlib
import os

import bagit
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page

from memorial.preservation import records, restore
from memorial.preservation.bag import BagRefused, stores, walk_storage
from memorial.preservation.export import export_archive
from memorial.preservation.restore import import_archive
from tests.preservation.test_fixity import make_media, make_sealed

pytestmark = pytest.mark.django_db


def snapshot():
    """Rows and files as they are: a refused import must change neither."""
    files = {(store, name) for store, storage in stores().items() for name in walk_storage(storage)}
    return get_user_model().objects.count(), Page.objects.count(), files


@pytest.fixture
def bag(tmp_path, site_tree, superuser):
    sealed = make_sealed()
    make_media()
    export_archive(tmp_path / "bag")
    return tmp_path / "bag", sealed


def test_a_flipped_byte_in_the_bag_is_refused_before_anything_is_written(bag):
    """One changed byte in a sealed original inside the bag: refused by validation, nothing written."""
    path, sealed = bag
    target = path / "data" / "files" / "sealed" / sealed.original.name
    data = bytearray(target.read_bytes())
    data[0] ^= 0xFF
    target.write_bytes(bytes(data))
    before = snapshot()
    with pytest.raises(CommandError, match="failed validation") as refused:
        call_command("import_archive", str(path))
    assert sealed.original.name in str(refused.value)
    assert snapshot() == before


def test_a_missing_file_in_the_bag_is_refused(bag):
    """A payload file removed from the bag: refused by validation."""
    path, sealed = bag
    (path / "data" / "files" / "sealed" / sealed.original.name).unlink()
    before = snapshot()
    with pytest.raises(BagRefused, match="failed validation"):
        import_archive(path)
    assert snapshot() == before


def test_a_manifest_naming_a_path_outside_the_bag_is_refused(bag, tmp_path):
    """A manifest line with ../ (path traversal) makes the bag invalid."""
    path, _sealed = bag
    outside = tmp_path / "outside.txt"
    outside.write_text("not part of the bag")
    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    with open(path / "manifest-sha256.txt", "a", encoding="utf-8") as stream:
        stream.write(f"{digest}  data/../../outside.txt\n")
    before = snapshot()
    with pytest.raises(BagRefused):
        import_archive(path)
    assert snapshot() == before


def test_a_symbolic_link_in_the_bag_is_refused(bag, tmp_path):
    """A link inside the bag (which could point anywhere) is refused, never followed."""
    path, _sealed = bag
    secret = tmp_path / "secret.txt"
    secret.write_text("elsewhere on the server")
    os.symlink(secret, path / "data" / "files" / "link.txt")
    with pytest.raises(BagRefused, match="symbolic links"):
        import_archive(path)


def test_a_file_name_leading_out_of_storage_is_refused(bag):
    """archive.json naming a stored file with ../ is refused even in a bag re-made to validate."""
    path, _sealed = bag
    archive = (path / "data" / "archive.json").read_text()
    (path / "data" / "archive.json").write_text(archive.replace('"name": "originals/', '"name": "../originals/', 1))
    bagit.Bag(str(path)).save(manifests=True)
    with pytest.raises(BagRefused):
        import_archive(path)


def test_a_site_with_content_is_refused_clearly(bag):
    """A valid bag is not restored over a site that has content: the message says what is there."""
    path, _sealed = bag
    before = snapshot()
    with pytest.raises(BagRefused, match="not empty") as refused:
        import_archive(path)
    assert "user accounts" in str(refused.value) and "sealed originals" in str(refused.value)
    assert snapshot() == before


def test_a_failure_half_way_rolls_back_the_rows_and_removes_the_files_written(bag, monkeypatch):
    """When writing the files fails after the rows were loaded, rows and files are as before."""
    path, _sealed = bag
    monkeypatch.setattr(restore, "content_found", lambda: [])  # let it past the check, onto this site
    before = snapshot()
    users = sorted(get_user_model().objects.values_list("username", flat=True))
    # The storages still hold every file: the first one written comes back under another name.
    with pytest.raises(BagRefused, match="Could not restore"):
        import_archive(path, rebuild_index=False)
    assert snapshot() == before
    assert sorted(get_user_model().objects.values_list("username", flat=True)) == users


def test_an_export_into_the_media_folder_is_refused(site_tree):
    """A bag inside public media would be served to anyone: refused, nothing made there."""
    dest = os.path.join(settings.MEDIA_ROOT, "export-here")
    with pytest.raises(CommandError, match="inside the storage folder"):
        call_command("export_archive", dest, "--reason", "A copy for safekeeping")
    assert not os.path.exists(dest)
    sealed_root = stores()["sealed"].location
    with pytest.raises(BagRefused, match="inside the storage folder"):
        export_archive(os.path.join(sealed_root, "bag"))


def test_an_existing_folder_with_content_is_refused_and_left_alone(tmp_path, site_tree):
    """An export never writes into, or over, a folder that has content."""
    dest = tmp_path / "taken"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_archive", str(dest), "--reason", "A copy for safekeeping")
    assert [p.name for p in dest.iterdir()] == ["keep.txt"]
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(BagRefused, match="symbolic link"):
        export_archive(link)


def test_an_empty_existing_folder_is_used(tmp_path, site_tree):
    """An empty folder made in advance receives the bag."""
    (tmp_path / "ready").mkdir()
    export_archive(tmp_path / "ready")
    assert (tmp_path / "ready" / "bagit.txt").exists()


def test_a_failed_export_leaves_nothing(tmp_path, site_tree, monkeypatch):
    """An export that fails half-way leaves neither the bag nor its work folder."""

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(records, "dump_rows", fail)
    with pytest.raises(RuntimeError):
        export_archive(tmp_path / "bag")
    assert list(tmp_path.iterdir()) == []


def test_a_link_in_media_storage_is_not_followed(tmp_path, site_tree):
    """A symbolic link planted in the media folder does not carry a file from elsewhere into the bag."""
    secret = tmp_path / "server-secret.txt"
    secret.write_text("Qzserversecret")
    link = os.path.join(settings.MEDIA_ROOT, "planted-link.txt")
    os.symlink(secret, link)
    try:
        export_archive(tmp_path / "bag")
    finally:
        os.unlink(link)
    assert not (tmp_path / "bag" / "data" / "files" / "media" / "planted-link.txt").exists()
