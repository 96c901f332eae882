"""Held files (could not be cleaned, or set aside for review) never sit in public media storage."""

import hashlib
import io
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from memorial.moderation import roles
from memorial.publication import gate
from memorial.uploads import held
from memorial.uploads.collections import held_collection
from memorial.uploads.storage import sealed_storage
from tests.moderation.helpers import user_in

from . import samples


def files_with(root, data):
    """Every file under ``root`` whose bytes are ``data``."""
    return [path for path in Path(root).rglob("*") if path.is_file() and path.read_bytes() == data]


def _upload(client, url_name, name, data, collection):
    return client.post(
        reverse(url_name),
        {"title": "Held upload", "collection": str(collection.pk), "file": SimpleUploadedFile(name, data)},
    )


def _anonymous_get(client, url):
    client.logout()
    return client.get(url)


def test_an_uncleaned_document_is_held_sealed_and_answers_404(client, site_tree, django_user_model):
    """A document that could not be cleaned is held: its bytes are in the sealed storage only, its
    addresses answer 404 to a visitor, and a Moderator downloads it from the admin."""
    moderator = user_in(django_user_model, roles.MODERATORS)
    client.force_login(moderator)
    response = _upload(client, "wagtaildocs:add", "statement.pdf", samples.PDF, Collection.get_first_root_node())
    assert response.status_code == 302, response.content.decode()[:2000]
    document = get_document_model().objects.get()
    assert document.collection == held_collection()
    assert files_with(settings.MEDIA_ROOT, samples.PDF) == []
    assert files_with(sealed_storage().location, samples.PDF), "the held file is kept sealed"
    assert gate.file_is_public(document.file.name) is False

    download = client.get(reverse("uploads_held_file", args=["document", document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == samples.PDF

    assert _anonymous_get(client, f"{settings.MEDIA_URL}{document.file.name}").status_code == 404
    assert client.get(document.url).status_code == 404


def test_an_image_set_aside_for_review_leaves_public_media(
    client, site_tree, django_user_model, django_capture_on_commit_callbacks
):
    """An image uploaded into, or moved to, the held collection keeps its bytes in the sealed storage
    only; a visitor gets 404 at its addresses and a Moderator still downloads it."""
    moderator = user_in(django_user_model, roles.MODERATORS)
    client.force_login(moderator)
    photo = samples.plain_png()
    response = _upload(client, "wagtailimages:add", "photo.png", photo, Collection.get_first_root_node())
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get()
    stored = image.file.read()
    image.file.close()
    assert files_with(settings.MEDIA_ROOT, stored), "control: an ordinary image is in public media"

    with django_capture_on_commit_callbacks(execute=True):
        image.collection = held_collection()
        image.save()
    assert files_with(settings.MEDIA_ROOT, stored) == []
    assert files_with(sealed_storage().location, stored)
    assert gate.file_is_public(image.file.name) is False

    download = client.get(reverse("uploads_held_file", args=["image", image.pk]))
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).digest() == hashlib.sha256(stored).digest()
    assert _anonymous_get(client, f"{settings.MEDIA_URL}{image.file.name}").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        image.collection = Collection.get_first_root_node()
        image.save()
    assert files_with(settings.MEDIA_ROOT, stored), "released by a reviewer, the file is back in public media"
    assert files_with(sealed_storage().location, stored) == []


def test_held_files_are_for_reviewers_only(client, site_tree, django_user_model):
    """A Contributor, even the uploader, cannot download a held file from the admin."""
    contributor = user_in(django_user_model, roles.CONTRIBUTORS)
    client.force_login(contributor)
    response = _upload(client, "wagtaildocs:add", "statement.pdf", samples.PDF, Collection.get_first_root_node())
    assert response.status_code == 302, response.content.decode()[:2000]
    document = get_document_model().objects.get()
    assert files_with(settings.MEDIA_ROOT, samples.PDF) == []
    assert client.get(reverse("uploads_held_file", args=["document", document.pk])).status_code == 302


def _image(data, collection, name="photo.png"):
    return get_image_model().objects.create(
        title=name, file=ImageFile(io.BytesIO(data), name=name), collection=collection
    )


def _reload(item):
    # Not refresh_from_db(): it re-reads an image's dimensions from public storage, which a held file is not in.
    return type(item).objects.get(pk=item.pk)


def _bytes(item):
    """The bytes an item's row points at, wherever the file lives."""
    handle = held.open_held(item) if held.is_held(item) else item.file.storage.open(item.file.name, "rb")
    with handle:
        return handle.read()


def test_same_named_held_and_public_files_never_share_bytes(site_tree, django_capture_on_commit_callbacks):
    """Two uploads called photo.png, one held and one public: releasing, holding and deleting either
    one never touches the other's file, and each row always points at its own bytes."""
    root = Collection.get_first_root_node()
    held_bytes, public_bytes = samples.plain_png((21, 21)), samples.plain_png((22, 22))
    with django_capture_on_commit_callbacks(execute=True):
        held_image = _image(held_bytes, held_collection())
        public_image = _image(public_bytes, root)
    assert held_image.file.name != public_image.file.name
    assert _bytes(held_image) == held_bytes and _bytes(public_image) == public_bytes

    # The public one is set aside while the other is still held: no clash of names.
    with django_capture_on_commit_callbacks(execute=True):
        public_image.collection = held_collection()
        public_image.save()
    assert _bytes(public_image) == public_bytes and _bytes(held_image) == held_bytes
    assert files_with(settings.MEDIA_ROOT, public_bytes) == []

    # Released, each takes its own bytes back to public media.
    with django_capture_on_commit_callbacks(execute=True):
        held_image.collection = root
        held_image.save()
    held_image = _reload(held_image)
    assert _bytes(held_image) == held_bytes
    assert files_with(sealed_storage().location, held_bytes) == []

    # Deleting the released one leaves the other, still held, untouched.
    with django_capture_on_commit_callbacks(execute=True):
        held_image.delete()
    public_image = _reload(public_image)
    assert _bytes(public_image) == public_bytes
    assert len(files_with(sealed_storage().location, public_bytes)) == 1


def test_a_public_file_deleted_never_takes_a_held_file_of_the_same_name(site_tree, django_capture_on_commit_callbacks):
    root = Collection.get_first_root_node()
    held_bytes, public_bytes = samples.plain_png((23, 23)), samples.plain_png((24, 24))
    with django_capture_on_commit_callbacks(execute=True):
        held_image = _image(held_bytes, held_collection(), name="scan.png")
        public_image = _image(public_bytes, root, name="scan.png")
        public_image.delete()
    assert _bytes(held_image) == held_bytes


def test_a_file_set_aside_then_replaced_by_a_same_named_upload_comes_back_as_itself(
    site_tree, django_capture_on_commit_callbacks
):
    """Public photo.png is held (its public name is freed), a new public photo.png is uploaded, then the
    first is released: it comes back with its own bytes under a new name, the newcomer is unchanged."""
    root = Collection.get_first_root_node()
    first_bytes, second_bytes = samples.plain_png((25, 25)), samples.plain_png((26, 26))
    name = f"portrait-{uuid.uuid4().hex[:8]}.png"  # free in public media whatever earlier tests left there
    with django_capture_on_commit_callbacks(execute=True):
        first = _image(first_bytes, root, name=name)
        first.collection = held_collection()
        first.save()
        second = _image(second_bytes, root, name=name)
        first.collection = root
        first.save()
    first = _reload(first)
    second = _reload(second)
    assert first.file.name != second.file.name
    assert _bytes(first) == first_bytes and _bytes(second) == second_bytes


def test_a_move_that_is_rolled_back_leaves_the_file_where_the_row_says(site_tree):
    """Setting an image aside inside a transaction that fails: the row keeps its old name and place,
    and the file is still there (the copy made for the move is a leftover, never a loss)."""
    root = Collection.get_first_root_node()
    data = samples.plain_png((27, 27))
    image = _image(data, root)
    name = image.file.name
    try:
        with transaction.atomic():
            image.collection = held_collection()
            image.save()
            raise RuntimeError("the rest of the change failed")
    except RuntimeError:
        pass
    image = get_image_model().objects.get(pk=image.pk)
    assert image.file.name == name and not held.is_held(image)
    assert _bytes(image) == data
