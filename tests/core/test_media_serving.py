"""Public media: one view at MEDIA_URL, asking the publication gate, serving byte ranges safely."""

import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from memorial.core import ranged
from memorial.publication import gate

BODY = bytes(range(256)) * 4  # 1,024 bytes, every byte distinct from its neighbours
NAME = "recordings/public/sample-tone.m4a"
URL = "/media/" + NAME


@pytest.fixture
def stored(db):
    name = default_storage.save(NAME, ContentFile(BODY))
    assert name == NAME
    yield name
    default_storage.delete(name)


@pytest.fixture
def gate_allows(monkeypatch):
    """The gate answers yes for the stored file only, and records every name it was asked about."""
    asked = []

    def file_is_public(name):
        asked.append(name)
        return name == NAME

    monkeypatch.setattr(gate, "file_is_public", file_is_public)
    return asked


@pytest.fixture
def gate_allows_everything(monkeypatch):
    """The worst case for traversal: even a gate that says yes to anything must not open the way out."""
    monkeypatch.setattr(gate, "file_is_public", lambda name: True)


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_whole_file_is_served_with_its_type_and_range_support(client, stored, gate_allows):
    response = client.get(URL)
    assert response.status_code == 200
    assert body_of(response) == BODY
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(BODY))
    assert response["Content-Type"] == "audio/mp4"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert gate_allows == [NAME]


def test_a_file_the_gate_refuses_is_a_404_like_a_missing_one(client, stored, monkeypatch):
    """A file that is not public now answers exactly as a file that does not exist."""
    monkeypatch.setattr(gate, "file_is_public", lambda name: False)
    refused = client.get(URL)
    assert refused.status_code == 404
    assert client.head(URL).status_code == 404
    assert client.get(URL, HTTP_RANGE="bytes=0-1").status_code == 404
    monkeypatch.setattr(gate, "file_is_public", lambda name: True)
    assert client.get("/media/recordings/public/absent.m4a").status_code == 404


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-9", 0, 9),
        ("bytes=100-199", 100, 199),
        ("bytes=1000-", 1000, 1023),
        ("bytes=-24", 1000, 1023),
        ("bytes=-5000", 0, 1023),  # a suffix longer than the file is the whole file
        ("bytes=1020-999999999999", 1020, 1023),  # an end past the file stops at the file's end
        ("bytes=1023-1023", 1023, 1023),
        ("bytes=0-" + "9" * 5000, 0, 1023),
        ("bytes=-" + "9" * 5000, 0, 1023),
    ],
)
def test_one_range_is_partial_content(client, stored, gate_allows, header, start, end):
    response = client.get(URL, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(BODY)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert body_of(response) == BODY[start : end + 1]


@pytest.mark.parametrize(
    "header",
    ["bytes=1024-", "bytes=5000-6000", "bytes=-0", "bytes=99999999999999999999999-", "bytes=" + "9" * 5000 + "-"],
)
def test_a_range_past_the_end_is_416(client, stored, gate_allows, header):
    response = client.get(URL, HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(BODY)}"


@pytest.mark.parametrize(
    "header",
    [
        "bytes=abc",
        "items=0-10",
        "bytes=9-2",
        "bytes=0-1,4-5",  # several ranges: the whole file, as RFC 9110 allows
        "bytes=--1",
        "bytes=-",
        "bytes = 5 - 6",  # no spaces in a range (RFC 9110)
        "bytes=0x10-",
        "bytes=\u0661\u0662-",  # Arabic-Indic digits are not HTTP digits
        "bytes=" + "9" * 5000,
        "bytes=0-1" + ",0-1" * 2000,
        "",
    ],
)
def test_a_range_it_does_not_understand_is_ignored(client, stored, gate_allows, header):
    """Hostile or malformed Range headers get the whole file, never an error or a wrong slice."""
    response = client.get(URL, HTTP_RANGE=header)
    assert response.status_code == 200
    assert body_of(response) == BODY
    assert "Content-Range" not in response


def test_head_has_the_headers_and_no_body(client, stored, gate_allows):
    whole = client.head(URL)
    assert whole.status_code == 200
    assert whole.content == b""
    assert whole["Content-Length"] == str(len(BODY))
    assert whole["Accept-Ranges"] == "bytes"
    part = client.head(URL, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-19/{len(BODY)}"
    assert part["Content-Length"] == "10"
    assert part.content == b""


def test_only_reading_methods_are_allowed(client, stored, gate_allows):
    assert client.post(URL).status_code == 405
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405
    assert default_storage.exists(NAME)


def test_if_range_keeps_a_stale_range_from_mixing_two_files(client, stored, gate_allows):
    first = client.get(URL)
    etag = first["ETag"]
    assert client.get(URL, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag).status_code == 206
    stale = client.get(URL, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"another-version"')
    assert stale.status_code == 200
    assert body_of(stale) == BODY
    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/media/../manage.py",
        "/media/%2e%2e/manage.py",
        "/media/%2E%2E/%2e%2e/etc/passwd",
        "/media/recordings/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/media/recordings/public/..%2f..%2f..%2fmanage.py",
        "/media/./recordings/public/sample-tone.m4a",
        "/media//etc/passwd",
        "/media/%2fetc/passwd",
        "/media/..%5c..%5cmanage.py",
        "/media/recordings%5cpublic%5csample-tone.m4a",
        "/media/recordings/public/sample-tone.m4a%00.jpg",
        "/media/recordings/public/%00",
        "/media/recordings/public/sample%0a-tone.m4a",
        "/media/",
        "/media/recordings/",
        "/media/recordings",
        "/media/recordings/public",
        "/media/" + "a" * 5000,
        "/media/" + "a/" * 600 + "b",
    ],
)
def test_hostile_paths_are_404(client, stored, gate_allows_everything, path):
    """Traversal, encoded traversal, absolute paths, NUL bytes, directories and overlong names: always 404.

    (A directory may first be redirected to its address under a language prefix, which is a 404 too.)"""
    response = client.get(path, follow=True)
    assert response.status_code == 404, path
    assert all(url.startswith(("/en/media/", "/ar/media/")) for url, _status in response.redirect_chain)
    assert b"root:" not in body_of(response) and b"django" not in body_of(response).lower()


def test_a_link_out_of_the_media_folder_is_not_followed(client, stored, gate_allows_everything, settings):
    link = os.path.join(settings.MEDIA_ROOT, "recordings", "public", "outside.txt")
    os.symlink(os.path.join(settings.BASE_DIR, "manage.py"), link)
    try:
        assert client.get("/media/recordings/public/outside.txt").status_code == 404
    finally:
        os.unlink(link)


def test_the_gate_is_asked_with_the_storage_name(client, db, monkeypatch):
    asked = []
    monkeypatch.setattr(gate, "file_is_public", lambda name: asked.append(name) or False)
    client.get("/media/images/foo.width-400.jpg")
    assert asked == ["images/foo.width-400.jpg"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.vtt", "text/vtt"),
        ("a.m4a", "audio/mp4"),
        ("a.opus", "audio/ogg"),
        ("a.mp4", "video/mp4"),
        ("a.jpg", "image/jpeg"),
        ("a.txt", "text/plain; charset=utf-8"),
        ("a.unknownext", "application/octet-stream"),
        ("archive.tar.gz", "application/octet-stream"),  # compressed: never labelled as its inner type
    ],
)
def test_content_types(name, expected):
    assert ranged.content_type(name) == expected
