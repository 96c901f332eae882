"""Serving a stored file over HTTP with byte ranges, so that browsers can seek in recordings.

Browsers ask for a recording piece by piece (`Range: bytes=START-END`) and will only let a visitor
jump to a moment the server can send on its own. This module answers such requests for any file of
a Django storage: 206 with `Content-Range` for one satisfiable range, 416 for a range past the end,
the whole file (200) for no range, several ranges or a header it does not understand (as RFC 9110
allows), and HEAD with the same headers and no body. Whether a file may be served at all is for the
caller to decide before calling `serve()`.
"""

import mimetypes
import os
import posixpath
import re

from django.http import Http404, HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.utils.http import http_date, parse_http_date_safe, quote_etag

CHUNK = 64 * 1024
MAX_NAME_LENGTH = 1024
MAX_SEGMENT_LENGTH = 255
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$", re.ASCII)
# Types that mimetypes may not know on a bare machine, or knows under another name.
EXTRA_TYPES = {
    ".vtt": "text/vtt",
    ".m4a": "audio/mp4",
    ".opus": "audio/ogg",
    ".oga": "audio/ogg",
    ".ogg": "audio/ogg",
    ".webm": "video/webm",
    ".mp4": "video/mp4",
    ".mp3": "audio/mpeg",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


def safe_name(path):
    """The storage name for a requested path, or None when the path is hostile or malformed.

    Refused: empty names, NUL and other control characters, backslashes, absolute paths, empty,
    `.` or `..` segments (Django has already decoded `%2e%2e` and `%2f` by now), and overlong names.
    """
    if not path or len(path) > MAX_NAME_LENGTH or path.startswith("/") or "\\" in path:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return None
    segments = path.split("/")
    if any(seg in ("", ".", "..") or len(seg) > MAX_SEGMENT_LENGTH for seg in segments):
        return None
    if posixpath.normpath(path) != path:
        return None
    return path


def content_type(name):
    extension = posixpath.splitext(name)[1].lower()
    if extension in EXTRA_TYPES:
        return EXTRA_TYPES[extension]
    guessed, encoding = mimetypes.guess_type(name)
    if encoding or not guessed:
        return "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def _number(digits):
    """A byte position; absurdly long ones are capped (Python refuses to read over 4,300 digits)."""
    if not digits:
        return None
    return int(digits) if len(digits) <= 19 else 10**19


def requested_range(header, size):
    """(start, end) inclusive for one range; None to send the whole file; "unsatisfiable" for a 416."""
    if not header or "," in header:
        return None
    match = _RANGE.match(header.strip())
    if not match:
        return None
    first, last = (_number(group) for group in match.groups())
    if first is None and last is None:
        return None
    if first is None:  # the last N bytes
        length = last
        if length == 0 or size == 0:
            return "unsatisfiable"
        return max(size - length, 0), size - 1
    start = first
    end = last if last is not None else size - 1
    if last is not None and end < start:
        return None  # invalid syntax: ignored, the whole file is sent
    if start >= size:
        return "unsatisfiable"
    return start, min(end, size - 1)


def _validators(storage, name, size):
    try:
        modified = storage.get_modified_time(name)
    except (NotImplementedError, OSError, AttributeError):
        return None, None
    stamp = int(modified.timestamp())
    return stamp, quote_etag(f"{stamp:x}-{size:x}")


def _range_applies(request, etag, stamp):
    """If-Range: the range only holds while the file is the one the client already has part of."""
    condition = request.headers.get("If-Range")
    if not condition:
        return True
    if condition.startswith(('"', "W/")):
        return etag is not None and condition == etag
    since = parse_http_date_safe(condition)
    return since is not None and stamp is not None and stamp <= since


def _not_modified(request, etag, stamp):
    if etag and request.headers.get("If-None-Match"):
        return etag in [tag.strip() for tag in request.headers["If-None-Match"].split(",")]
    since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
    return since is not None and stamp is not None and stamp <= since


def _chunks(handle, remaining):
    try:
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def _is_plain_file(storage, name):
    """On local storage: a regular file inside the storage's folder (no directory, no symlink out)."""
    try:
        path = storage.path(name)
    except NotImplementedError:
        return True  # remote storage (S3): no directories or links to follow
    except Exception:  # SuspiciousFileOperation and friends: a name that escapes the folder
        return False
    root = os.path.realpath(storage.location)
    real = os.path.realpath(path)
    return real.startswith(root + os.sep) and os.path.isfile(real)


def serve(request, storage, name):
    """The response for GET or HEAD of `name` in `storage`, with byte ranges; Http404 if absent."""
    if not _is_plain_file(storage, name):
        raise Http404
    try:
        size = storage.size(name)
        handle = storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError, OSError) as exc:
        raise Http404 from exc
    stamp, etag = _validators(storage, name, size)
    headers = {
        "Accept-Ranges": "bytes",
        "X-Content-Type-Options": "nosniff",
        # Revalidated on every use: a file may stop being public (consent withdrawn) at any moment.
        "Cache-Control": "no-cache",
    }
    if etag:
        headers["ETag"] = etag
        headers["Last-Modified"] = http_date(stamp)
    if _not_modified(request, etag, stamp):
        handle.close()
        response = HttpResponseNotModified()
        for key, value in headers.items():
            response[key] = value
        return response

    wanted = requested_range(request.headers.get("Range"), size) if _range_applies(request, etag, stamp) else None
    if wanted == "unsatisfiable":
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        for key, value in headers.items():
            response[key] = value
        return response
    start, end = wanted if wanted else (0, size - 1)
    length = max(end - start + 1, 0)
    if request.method == "HEAD":
        handle.close()
        response = HttpResponse(status=206 if wanted else 200)
    else:
        if start:
            handle.seek(start)
        response = StreamingHttpResponse(_chunks(handle, length), status=206 if wanted else 200)
    response["Content-Type"] = content_type(name)
    response["Content-Length"] = str(length)
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    for key, value in headers.items():
        response[key] = value
    return response
