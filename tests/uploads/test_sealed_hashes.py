"""A sealed original records the SHA-256 of the original as stored and of its cleaned copy as stored."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection

from memorial.uploads import pipeline
from memorial.uploads.models import CleaningStatus, SealedOriginal, seal

from . import samples

pytestmark = pytest.mark.django_db


def sha256_of(field_file):
    with field_file.open("rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


@pytest.mark.parametrize(("data", "name"), [(samples.gps_jpeg(), "IMG_0001.jpg"), (samples.tagged_png(), "scan.png")])
def test_seal_records_the_hashes_of_the_stored_original_and_cleaned_copy(data, name):
    """The recorded SHA-256 is the original's, byte for byte as stored, and the cleaned copy's as stored."""
    processed = pipeline.process(SimpleUploadedFile(name, data))
    try:
        record = SealedOriginal.objects.get(pk=seal(processed).pk)
    finally:
        processed.cleanup()
    try:
        assert record.sha256 == hashlib.sha256(data).hexdigest()
        assert record.sha256 == sha256_of(record.original)
        assert record.cleaned, "a clean file keeps its cleaned copy sealed"
        assert len(record.cleaned_sha256) == 64
        assert record.cleaned_sha256 == sha256_of(record.cleaned)
        assert record.cleaned_sha256 != record.sha256, "the cleaned copy differs from the tagged original"
    finally:
        record.delete_files()


def test_a_held_file_records_its_original_hash_and_no_cleaned_hash():
    """A file held for a moderator has its original's SHA-256 and neither a cleaned copy nor its hash."""
    processed = pipeline.process(SimpleUploadedFile("report.pdf", samples.PDF))
    try:
        record = SealedOriginal.objects.get(pk=seal(processed).pk)
    finally:
        processed.cleanup()
    try:
        assert record.status == CleaningStatus.HELD
        assert record.sha256 == hashlib.sha256(samples.PDF).hexdigest() == sha256_of(record.original)
        assert not record.cleaned and record.cleaned_sha256 == ""
    finally:
        record.delete_files()


def test_admin_upload_records_the_hash_of_the_image_it_stored(admin_client):
    """For an admin upload the cleaned copy is the library image: its SHA-256 is recorded with the original's."""
    photo = samples.gps_jpeg()
    root = Collection.get_first_root_node()
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Upload", "collection": str(root.pk), "file": SimpleUploadedFile("IMG_0002.jpg", photo)},
    )
    assert response.status_code == 302
    image = get_image_model().objects.get()
    sealed = SealedOriginal.objects.get()
    try:
        assert sealed.sha256 == hashlib.sha256(photo).hexdigest() == sha256_of(sealed.original)
        assert sealed.cleaned_sha256 == sha256_of(image.file)
    finally:
        sealed.delete_files()
