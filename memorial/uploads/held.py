"""Images and documents in the 'Held for review' collection keep their bytes in the sealed storage.

A held file could not be cleaned (or a reviewer set it aside): its metadata may name a witness, so
it never sits in public media storage, where an address alone could reach it. While an image or
document is in the held collection (or below it) its file is written to, or moved into, the sealed
storage under ``held/``; when a reviewer moves it out, the file moves back and the publication gate
decides, as for any other file, whether the public may fetch it. Reviewers download held files from
the admin (``views.held_file``).

The two places are separate storages, so a name free in one may be taken in the other. Each file is
therefore given a name of its own whenever it enters a place (a random part no upload can guess), the
row records that name before it is saved, and the file it leaves behind is deleted only once the new
row is committed: two uploads called ``photo.jpg`` can never share bytes, release or delete each
other's file, and a save that fails leaves the file where the row still says it is.
"""

import logging
import secrets
from pathlib import PurePosixPath

from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from .collections import HELD_COLLECTION_NAME
from .storage import sealed_storage

logger = logging.getLogger(__name__)

HELD_PREFIX = "held/"


def unique_name(name):
    """``name`` with a random part before its extension: taken in neither storage, guessed by no one."""
    path = PurePosixPath(name)
    stem = path.stem[:60]
    return str(path.with_name(f"{stem}_{secrets.token_hex(8)}{path.suffix}"))


class HeldStorage(Storage):
    """The sealed storage seen under ``held/``; every name it gives is one no public file can have."""

    def __init__(self):
        self.inner = sealed_storage()

    def get_available_name(self, name, max_length=None):
        candidate = unique_name(name)
        while self.exists(candidate) or default_storage.exists(candidate):
            candidate = unique_name(name)
        return candidate

    def _open(self, name, mode="rb"):
        return self.inner.open(HELD_PREFIX + name, mode)

    def _save(self, name, content):
        return self.inner.save(HELD_PREFIX + name, content).removeprefix(HELD_PREFIX)

    def exists(self, name):
        return self.inner.exists(HELD_PREFIX + name)

    def delete(self, name):
        self.inner.delete(HELD_PREFIX + name)

    def size(self, name):
        return self.inner.size(HELD_PREFIX + name)

    def url(self, name):
        raise NotImplementedError("Held files have no address.")


def held_collection_ids():
    held = Collection.objects.filter(depth=2, name=HELD_COLLECTION_NAME).first()
    if held is None:
        return set()
    return set(Collection.objects.descendant_of(held, inclusive=True).values_list("pk", flat=True))


def is_held(item):
    return bool(item is not None and item.collection_id in held_collection_ids())


def _copy(name, source, target):
    """Write the file ``name`` of ``source`` into ``target`` under a name of its own; return that name."""
    with source.open(name, "rb") as fh:
        if isinstance(target, HeldStorage):
            return target.save(name, fh)
        # Into public media: a fresh name, and the storage's own check that it is free there.
        return target.save(unique_name(name), fh)


def _delete_after_commit(storage, name):
    def delete():
        try:
            storage.delete(name)
        except OSError:  # the row no longer points at it: a leftover copy, never a loss
            logger.exception("Could not delete %s after moving it.", name)

    transaction.on_commit(delete)


def before_save(sender, instance, raw=False, **kwargs):
    """Put the file where the item belongs (held or public) and record its new name in the row."""
    field_file = instance.file
    if raw or not field_file:
        return
    held_now = is_held(instance)
    if not getattr(field_file, "_committed", True):
        # A new file: a held one is written straight to the sealed storage.
        if held_now:
            field_file.storage = HeldStorage()
        return
    if instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values_list("collection_id", "file").first()
    if before is None:
        return
    collection_before, name = before
    held_before = collection_before in held_collection_ids()
    if held_before == held_now or name != field_file.name:
        return
    source, target = (default_storage, HeldStorage()) if held_now else (HeldStorage(), default_storage)
    if not source.exists(name):
        logger.warning("%s %s: its file %s is not where its collection says.", sender.__name__, instance.pk, name)
        return
    field_file.name = _copy(name, source, target)
    _delete_after_commit(source, name)


def after_save(sender, instance, raw=False, created=False, **kwargs):
    """A held item has no public renditions."""
    if raw or not instance.file or not is_held(instance):
        return
    renditions = getattr(instance, "renditions", None)
    if renditions is not None:
        renditions.all().delete()


def after_delete(sender, instance, **kwargs):
    """A deleted held item takes its held file with it, once the deletion is committed.

    Only a held item: a public item's name can never be a held file's, and Wagtail itself deletes
    the public file of a deleted image or document.
    """
    if instance.file and is_held(instance):
        _delete_after_commit(HeldStorage(), instance.file.name)


def open_held(item):
    return HeldStorage().open(item.file.name, "rb")


def connect():
    for model in (get_image_model(), get_document_model()):
        label = model._meta.label_lower
        pre_save.connect(before_save, sender=model, dispatch_uid=f"memorial_held_before_{label}")
        post_save.connect(after_save, sender=model, dispatch_uid=f"memorial_held_after_{label}")
        post_delete.connect(after_delete, sender=model, dispatch_uid=f"memorial_held_delete_{label}")
