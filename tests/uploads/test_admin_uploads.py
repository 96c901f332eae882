"""The admin's image and document uploads go through the same pipeline as the public form."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from memorial.uploads.models import SealedOriginal
from tests.utils import login_verified

from . import samples


def counts():
    return get_image_model().objects.count(), get_document_model().objects.count(), SealedOriginal.objects.count()


def upload(client, url_name, name, data):
    """The admin's add form for an image or a document, posted with one file."""
    root = Collection.get_first_root_node()
    return client.post(
        reverse(url_name), {"title": "Upload", "collection": str(root.pk), "file": SimpleUploadedFile(name, data)}
    )


def add_image(client, name, data):
    return upload(client, "wagtailimages:add", name, data)


def add_document(client, name, data):
    return upload(client, "wagtaildocs:add", name, data)


def test_admin_image_is_stored_without_metadata_and_its_original_sealed(admin_client, file_snapshot):
    """A GPS-tagged photo uploaded in the admin: the image has no metadata; the original's SHA-256 is kept."""
    photo = samples.gps_jpeg()
    files = file_snapshot()
    response = add_image(admin_client, "IMG_0002.jpg", photo)
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get()
    with image.file.open("rb") as fh:
        stored = fh.read()
    assert samples.metadata_left(stored) == set()
    sealed = SealedOriginal.objects.get()
    assert sealed.sha256 == hashlib.sha256(photo).hexdigest()
    assert sealed.public_object == image and sealed.status == "published"
    for path in files.new_files(files.roots[0]):
        with open(path, "rb") as fh:
            assert samples.metadata_left(fh.read()) == set(), path


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (samples.SVG_WITH_SCRIPT, "drawing.svg"),
        (samples.SVG_WITH_SCRIPT, "photo.jpg"),
        (samples.HTML_PAGE, "photo.png"),
        (samples.PDF, "photo.jpg"),
        (samples.bomb_png(), "bomb.png"),
        (samples.truncated_jpeg(), "cut.jpg"),
        (samples.corrupt_jpeg(), "broken.jpg"),
    ],
    ids=["svg", "svg-as-jpg", "html-as-png", "pdf-as-jpg", "bomb", "truncated", "corrupt"],
)
def test_hostile_admin_images_leave_nothing_behind(admin_client, file_snapshot, data, name):
    before, files = counts(), file_snapshot()
    response = add_image(admin_client, name, data)
    assert response.status_code == 200
    assert "error" in response.content.decode()
    assert counts() == before
    assert files.new_files() == []


@pytest.mark.parametrize(
    ("data", "name"),
    [(samples.HTML_PAGE, "report.pdf"), (samples.SVG_WITH_SCRIPT, "map.pdf"), (b"MZ" + b"\x00" * 100, "tool.pdf")],
    ids=["html-as-pdf", "svg-as-pdf", "exe-as-pdf"],
)
def test_hostile_admin_documents_leave_nothing_behind(admin_client, file_snapshot, data, name):
    before, files = counts(), file_snapshot()
    response = add_document(admin_client, name, data)
    assert response.status_code == 200
    assert counts() == before
    assert files.new_files() == []


def test_oversize_admin_image_is_refused(admin_client, file_snapshot, settings):
    settings.MEMORIAL_UPLOAD_LIMITS = {**settings.MEMORIAL_UPLOAD_LIMITS, "image": 2000}
    before, files = counts(), file_snapshot()
    response = add_image(admin_client, "big.jpg", samples.gps_jpeg((400, 400)))
    assert response.status_code == 200
    assert "too large" in response.content.decode()
    assert counts() == before
    assert files.new_files() == []


def test_sealed_files_list_offers_each_role_only_what_it_may_read(client, django_user_model):
    """Reviewers get the cleaned copy, Archivists the original too; each link answers only its readers."""
    from tests.moderation.helpers import user_in

    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16)
    login_verified(client, superuser)
    assert add_image(client, "IMG_0003.jpg", samples.gps_jpeg()).status_code == 302
    client.logout()
    sealed = SealedOriginal.objects.get()
    original_url = reverse("uploads_original", args=[sealed.pk])
    listing = reverse("wagtailsnippets_uploads_sealedoriginal:list")
    for role, may_read in (("Moderators", False), ("Editors", False), ("Archivists", True)):
        login_verified(client, user_in(django_user_model, role))
        assert (original_url in client.get(listing).content.decode()) is may_read, role
        assert (client.get(original_url).status_code == 200) is may_read, role
        response = client.post(original_url, {"reason": "checking the photograph's place"})
        assert (response.status_code == 200) is may_read, role
        if may_read:
            assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == sealed.sha256
