"""An upload handler that enforces the per-type size limits while the file arrives.

The type is decided from the first bytes' content, so a file is cut off as soon as it
passes its type's limit, not after it has been written to disk whole. A type the pipeline
refuses (unknown, markup, a lying name) is refused at once, and nothing of it is written;
only signed-in users of the admin, whose forms read some such files themselves (OHMS XML
transcripts), may send one, under the smallest limit. A refused file reaches the form as a
``RefusedUpload`` whose message the form shows.
"""

import hashlib

from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.urls import reverse
from django.utils.translation import gettext as _

from . import pipeline


class RefusedUpload(UploadedFile):
    """Stands in for a file the handler would not keep; carries the reason."""

    def __init__(self, name, content_type, refusal, size):
        super().__init__(file=None, name=name, content_type=content_type, size=size)
        self.refusal = refusal

    def open(self, mode=None):
        raise ValueError(self.refusal)

    def chunks(self, chunk_size=None):
        raise ValueError(self.refusal)

    def read(self, *args):
        return b""

    def seek(self, *args):
        return 0

    def close(self):
        pass


class GuardedUploadHandler(FileUploadHandler):
    """Writes uploads to temporary files, hashing them, and stops at the size limit of their type."""

    chunk_size = pipeline.CHUNK

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.file = TemporaryUploadedFile(
            pipeline.display_name(file_name), content_type, 0, charset, content_type_extra
        )
        self.digest = hashlib.sha256()
        self.received = 0
        self.limit = None
        self.refusal = ""
        raise StopFutureHandlers

    def receive_data_chunk(self, raw_data, start):
        if self.refusal:
            return None
        self.received += len(raw_data)  # a refused file still has a size, or forms would call it empty
        if self.limit is None:
            try:
                fmt = pipeline.sniff(raw_data[: pipeline.SNIFF_BYTES], self.file_name)
                self.kind = fmt.kind
                self.limit = pipeline.limits()[fmt.kind]
            except pipeline.UploadRefused as exc:
                if not self._forms_judge_their_own_files():
                    return self._refuse(exc.message)
                self.kind = None
                self.limit = pipeline.unknown_limit()
        if self.received > self.limit:
            return self._refuse(
                _("“%(name)s” is too large: a %(kind)s may be at most %(limit)s.")
                % {
                    "name": pipeline.display_name(self.file_name),
                    "kind": pipeline.KIND_LABELS.get(self.kind, _("file")),
                    "limit": pipeline.filesizeformat(self.limit),
                }
            )
        self.digest.update(raw_data)
        self.file.write(raw_data)
        return None

    def _forms_judge_their_own_files(self):
        """Admin forms read types the pipeline does not clean (transcripts); public forms never do."""
        request = self.request
        if request is None or not request.path.startswith(reverse("wagtailadmin_home")):
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)

    def _refuse(self, message):
        self.refusal = message
        self.file.close()  # deletes the temporary file
        return None

    def file_complete(self, file_size):
        if self.refusal:
            return RefusedUpload(self.file.name, self.content_type, self.refusal, self.received)
        if self.received == 0:
            self.file.close()
            return RefusedUpload(
                self.file.name, self.content_type, _("“%(name)s” is empty.") % {"name": self.file.name}, 0
            )
        self.file.seek(0)
        self.file.size = file_size
        self.file.sha256 = self.digest.hexdigest()
        return self.file

    def upload_interrupted(self):
        if hasattr(self, "file"):
            self.file.close()
