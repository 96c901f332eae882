"""Unknown file types are refused after their first bytes: never read whole, never left on disk."""

import io
import os
import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopFutureHandlers
from django.test import RequestFactory
from django.urls import reverse

from memorial.uploads import pipeline
from memorial.uploads.handlers import GuardedUploadHandler, RefusedUpload
from tests.submissions.test_public_submission import form_data

from . import samples

FIFTY_MB = 50 * 1024 * 1024


class LazyZeros(io.RawIOBase):
    """A large upload of zeros made as it is read, counting every byte handed out."""

    def __init__(self, size, name="archive.bin"):
        self.size = size
        self.name = name
        self.position = 0
        self.bytes_read = 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        self.position = offset if whence == io.SEEK_SET else self.size + offset
        return self.position

    def readinto(self, buffer):
        n = max(0, min(len(buffer), self.size - self.position))
        buffer[:n] = b"\x00" * n
        self.position += n
        self.bytes_read += n
        return n

    def chunks(self, chunk_size=pipeline.CHUNK):
        self.seek(0)
        while data := self.read(chunk_size):
            yield data


@pytest.fixture
def temp_dir(settings, tmp_path, monkeypatch):
    """Every temporary file of the upload (Django's and the pipeline's) goes to a folder of this test's own."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def handler_for(request, name):
    handler = GuardedUploadHandler(request=request)
    with pytest.raises(StopFutureHandlers):
        handler.new_file("files", name, "application/octet-stream", None)
    return handler


def feed(handler, data_size, chunk=pipeline.CHUNK):
    """Send ``data_size`` bytes of zeros through the handler as Django's parser would, chunk by chunk."""
    sent = 0
    while sent < data_size:
        piece = min(chunk, data_size - sent)
        handler.receive_data_chunk(b"\x00" * piece, sent)
        sent += piece
    return handler.file_complete(sent)


def test_the_pipeline_reads_only_the_first_bytes_of_an_unknown_file(temp_dir):
    """50 MB of an unknown type: refused with a clear message after at most SNIFF_BYTES read, nothing written."""
    upload = LazyZeros(FIFTY_MB)

    with pytest.raises(pipeline.UploadRefused) as refused:
        pipeline.process(upload)

    assert "archive.bin" in refused.value.message and "not a file type we accept" in refused.value.message
    assert upload.bytes_read <= pipeline.SNIFF_BYTES
    assert list(temp_dir.iterdir()) == []


def test_the_handler_refuses_an_unknown_file_at_its_first_chunk(temp_dir):
    """A public upload of an unknown type is refused at its first chunk and nothing of it stays on disk."""
    handler = handler_for(None, "archive.bin")
    path = handler.file.temporary_file_path()

    handler.receive_data_chunk(b"\x00" * pipeline.CHUNK, 0)
    assert handler.refusal and "not a file type we accept" in handler.refusal
    assert not os.path.exists(path)
    result = feed(handler, FIFTY_MB)

    assert isinstance(result, RefusedUpload) and "not a file type we accept" in result.refusal
    assert handler.received == pipeline.CHUNK  # nothing more counted or written after the refusal
    assert list(temp_dir.iterdir()) == []


def test_a_known_type_is_still_taken_by_the_handler(temp_dir):
    """Control: a PNG passes the handler whole, under the image limit."""
    handler = handler_for(None, "photo.png")
    data = samples.plain_png()
    handler.receive_data_chunk(data, 0)
    upload = handler.file_complete(len(data))

    assert not isinstance(upload, RefusedUpload) and upload.size == len(data)
    upload.close()


def test_an_admin_user_may_send_an_unknown_type_under_the_smallest_limit(temp_dir, settings, superuser):
    """The admin's own forms judge some types (OHMS XML); there they get the smallest limit, not the largest."""
    settings.MEMORIAL_UPLOAD_LIMITS = {"image": 300_000, "text": 100_000, "video": 10**9}
    assert pipeline.unknown_limit() == 100_000
    request = RequestFactory().post(reverse("wagtailadmin_home") + "recordings/transcript/")
    request.user = superuser

    small = handler_for(request, "index.xml")
    small.receive_data_chunk(b"<?xml version='1.0'?><ROOT/>", 0)
    kept = small.file_complete(27)
    assert not isinstance(kept, RefusedUpload)
    kept.close()

    big = handler_for(request, "index.xml")
    big.receive_data_chunk(b"<?xml version='1.0'?>" + b" " * (pipeline.CHUNK - 21), 0)
    result = feed(big, 200_000)
    assert isinstance(result, RefusedUpload) and "too large" in result.refusal
    assert list(temp_dir.iterdir()) == []


def test_an_anonymous_post_to_the_admin_gets_no_exception(temp_dir):
    """Outside a signed-in admin session an admin address is as strict as a public form."""
    request = RequestFactory().post(reverse("wagtailadmin_home"))
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    handler = handler_for(request, "index.xml")
    handler.receive_data_chunk(b"<?xml version='1.0'?><ROOT/>", 0)

    assert handler.refusal


def test_a_public_form_refuses_a_large_unknown_file_and_keeps_nothing(client, site_tree, file_snapshot, temp_dir):
    """Through the testimony form: a clear message, no submission, no file in media, sealed or temporary storage."""
    files = file_snapshot()
    response = client.post(
        reverse("submissions:testimony"),
        {**form_data(client), "files": SimpleUploadedFile("archive.bin", b"\x00" * (3 * 1024 * 1024))},
    )

    assert response.status_code == 400
    assert "not a file type we accept" in response.content.decode()
    assert files.new_files() == []
    assert list(temp_dir.iterdir()) == []
