"""An upload handler that enforces the per-type size limits while the file arrives.

The type is decided from the first chunk's content, so a file is cut off as soon as it
passes its type's limit, not after it has been written to disk whole. A refused file
reaches the form as a ``RefusedUpload`` whose message the form shows.
"""

import hashlib

from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
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
        if self.limit is None:
            # Types the pipeline does not know (an import archive, say) are for their own forms to
            # judge; they get the largest limit. Known types get theirs.
            try:
                fmt = pipeline.sniff(raw_data, self.file_name)
                self.kind = fmt.kind
                self.limit = pipeline.limits()[fmt.kind]
            except pipeline.UploadRefused:
                self.kind = None
                self.limit = pipeline.largest_limit()
        self.received += len(raw_data)
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
