"""Images and documents in the 'Held for review' collection keep their bytes in the sealed storage.

A held file could not be cleaned (or a reviewer set it aside): its metadata may name a witness, so
it never sits in public media storage, where an address alone could reach it. While an image or
document is in the held collection (or below it) its file is written to, or moved into, the sealed
storage under ``held/`` with the same name; when a reviewer moves it out, the file moves back and
the publication gate decides, as for any other file, whether the public may fetch it. Reviewers
download held files from the admin (``views.held_file``).
"""

from django.core.files.storage import Storage, default_storage
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from .collections import HELD_COLLECTION_NAME
from .storage import sealed_storage

HELD_PREFIX = "held/"


class HeldStorage(Storage):
    """The sealed storage seen under ``held/``: names stay those the image or document records."""

    def __init__(self):
        self.inner = sealed_storage()

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


def _move(name, source, target):
    if not name or not source.exists(name):
        return
    with source.open(name, "rb") as fh:
        saved = target.save(name, fh)
    if saved != name:  # never expected: both sides hold one file per name
        target.delete(saved)
        raise RuntimeError(f"Could not move {name!r}: the name is taken.")
    source.delete(name)


def before_save(sender, instance, raw=False, **kwargs):
    """A new file for a held item is written straight to the sealed storage."""
    field_file = instance.file
    if raw or not field_file or getattr(field_file, "_committed", True) or not is_held(instance):
        return
    field_file.storage = HeldStorage()


def after_save(sender, instance, raw=False, **kwargs):
    """An item moved into the held collection takes its file out of public media; moved out, back."""
    if raw or not instance.file:
        return
    name = instance.file.name
    if is_held(instance):
        _move(name, default_storage, HeldStorage())
        renditions = getattr(instance, "renditions", None)
        if renditions is not None:
            renditions.all().delete()
    elif not default_storage.exists(name):
        _move(name, HeldStorage(), default_storage)


def after_delete(sender, instance, **kwargs):
    if instance.file:
        HeldStorage().delete(instance.file.name)


def open_held(item):
    return HeldStorage().open(item.file.name, "rb")


def connect():
    for model in (get_image_model(), get_document_model()):
        label = model._meta.label_lower
        pre_save.connect(before_save, sender=model, dispatch_uid=f"memorial_held_before_{label}")
        post_save.connect(after_save, sender=model, dispatch_uid=f"memorial_held_after_{label}")
        post_delete.connect(after_delete, sender=model, dispatch_uid=f"memorial_held_delete_{label}")
