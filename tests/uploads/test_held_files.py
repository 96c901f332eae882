"""Held files (could not be cleaned, or set aside for review) never sit in public media storage."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from memorial.moderation import roles
from memorial.publication import gate
from memorial.uploads.collections import held_collection
from memorial.uploads.storage import sealed_storage
from tests.moderation.helpers import user_in
from tests.utils import login_verified

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
    login_verified(client, moderator)
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


def test_an_image_set_aside_for_review_leaves_public_media(client, site_tree, django_user_model):
    """An image uploaded into, or moved to, the held collection keeps its bytes in the sealed storage
    only; a visitor gets 404 at its addresses and a Moderator still downloads it."""
    moderator = user_in(django_user_model, roles.MODERATORS)
    login_verified(client, moderator)
    photo = samples.plain_png()
    response = _upload(client, "wagtailimages:add", "photo.png", photo, Collection.get_first_root_node())
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get()
    stored = image.file.read()
    image.file.close()
    assert files_with(settings.MEDIA_ROOT, stored), "control: an ordinary image is in public media"

    image.collection = held_collection()
    image.save()
    assert files_with(settings.MEDIA_ROOT, stored) == []
    assert files_with(sealed_storage().location, stored)
    assert gate.file_is_public(image.file.name) is False

    download = client.get(reverse("uploads_held_file", args=["image", image.pk]))
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).digest() == hashlib.sha256(stored).digest()
    assert _anonymous_get(client, f"{settings.MEDIA_URL}{image.file.name}").status_code == 404

    image.collection = Collection.get_first_root_node()
    image.save()
    assert files_with(settings.MEDIA_ROOT, stored), "released by a reviewer, the file is back in public media"
    assert files_with(sealed_storage().location, stored) == []


def test_held_files_are_for_reviewers_only(client, site_tree, django_user_model):
    """A Contributor, even the uploader, cannot download a held file from the admin."""
    contributor = user_in(django_user_model, roles.CONTRIBUTORS)
    login_verified(client, contributor)
    response = _upload(client, "wagtaildocs:add", "statement.pdf", samples.PDF, Collection.get_first_root_node())
    assert response.status_code == 302, response.content.decode()[:2000]
    document = get_document_model().objects.get()
    assert files_with(settings.MEDIA_ROOT, samples.PDF) == []
    assert client.get(reverse("uploads_held_file", args=["document", document.pk])).status_code == 302
