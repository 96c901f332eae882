"""Fixity: every original is re-hashed against the SHA-256 recorded when it arrived.

A sealed original's hash is on its own row (``SealedOriginal.sha256``, computed by the upload
pipeline while the bytes arrived). A recording's original (``MediaFile``) has none of its own: its
hash is recorded here when the file is saved (``record_recording_hash``), and for a file older than
this app, at its first check, which the record says. ``run_fixity_check()`` is what the command
and the scheduled task call: it writes the result of every file to its ``FixityRecord`` and
returns a report naming each missing or changed file.
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.db.models.signals import post_save
from django.utils import timezone

from memorial.recordings.models import MediaFile
from memorial.uploads.models import SealedOriginal

from .models import CheckResult, FileKind, FixityRecord, HashRecorded

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024


def sha256_of(field_file):
    """The SHA-256 of a stored file, or None when its storage has no such file."""
    if not field_file or not field_file.name:
        return None
    digest = hashlib.sha256()
    try:
        with field_file.storage.open(field_file.name, "rb") as stream:
            for chunk in iter(lambda: stream.read(CHUNK_BYTES), b""):
                digest.update(chunk)
    except (FileNotFoundError, IsADirectoryError):
        return None
    return digest.hexdigest()


@dataclass(frozen=True)
class Problem:
    kind: str
    object_id: int
    name: str
    result: str
    expected: str
    found: str

    def __str__(self):
        label = FileKind(self.kind).label
        if self.result == CheckResult.MISSING:
            return f"MISSING {label} #{self.object_id}: {self.name or '(no file name)'}"
        return f"CHANGED {label} #{self.object_id}: {self.name} (recorded {self.expected}, found {self.found})"


@dataclass
class FixityReport:
    checked: int = 0
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def record_recording_hash(media):
    """Record a recording original's SHA-256 when its file arrives (or is replaced)."""
    if not media.pk or not media.file:
        return None
    record = FixityRecord.objects.filter(kind=FileKind.RECORDING_ORIGINAL, object_id=media.pk).first()
    if record is not None and record.name == media.file.name:
        return record
    found = sha256_of(media.file)
    if found is None:
        return record
    record = record or FixityRecord(kind=FileKind.RECORDING_ORIGINAL, object_id=media.pk)
    record.name, record.sha256, record.recorded = media.file.name, found, HashRecorded.AT_INGEST
    record.recorded_at = timezone.now()
    record.last_checked_at, record.last_result, record.found_sha256 = None, CheckResult.NOT_CHECKED, ""
    record.save()
    return record


def _on_media_saved(sender, instance, raw=False, **kwargs):
    if raw:  # a restore brings the fixity records with it
        return
    try:
        record_recording_hash(instance)
    except OSError:
        # Saving the recording must not fail for this; its first check records the hash instead.
        logger.exception("Could not record the SHA-256 of recording file %s", instance.pk)


def _check(kind, object_id, field_file, expected, records, now):
    record = records.get(object_id)
    name = field_file.name if field_file else ""
    found = sha256_of(field_file)
    if record is None or record.name != name:
        if expected is None:  # a recording original first seen here: its hash is recorded now
            record = record or FixityRecord(kind=kind, object_id=object_id)
            record.sha256, record.recorded, record.recorded_at = found or "", HashRecorded.AT_FIRST_CHECK, now
        record = record or FixityRecord(kind=kind, object_id=object_id, recorded_at=now)
        record.name = name
    if expected is not None:
        record.sha256 = expected
    if found is None:
        result = CheckResult.MISSING
    elif found != record.sha256:
        result = CheckResult.CHANGED
    else:
        result = CheckResult.OK
    record.last_checked_at, record.last_result, record.found_sha256 = now, result, found or ""
    record.save()
    if result == CheckResult.OK:
        return None
    return Problem(kind, object_id, name, result, record.sha256, found or "")


def run_fixity_check():
    """Re-hash every sealed original and every recording original; record and return the results."""
    now = timezone.now()
    report = FixityReport()
    sources = [
        (FileKind.SEALED_ORIGINAL, SealedOriginal.objects.only("pk", "original", "sha256"), "original", "sha256"),
        (FileKind.RECORDING_ORIGINAL, MediaFile.objects.only("pk", "file"), "file", None),
    ]
    for kind, queryset, file_field, hash_field in sources:
        records = {r.object_id: r for r in FixityRecord.objects.filter(kind=kind)}
        for obj in queryset.order_by("pk").iterator(chunk_size=500):
            expected = getattr(obj, hash_field) if hash_field else None
            problem = _check(kind, obj.pk, getattr(obj, file_field), expected, records, now)
            report.checked += 1
            if problem is not None:
                report.problems.append(problem)
                logger.warning("Fixity: %s", problem)
        # Records of files whose rows were deleted (a withdrawn upload) have nothing left to check.
        FixityRecord.objects.filter(kind=kind).exclude(object_id__in=queryset.model.objects.values("pk")).delete()
    return report


def connect():
    post_save.connect(_on_media_saved, sender=MediaFile, dispatch_uid="preservation_recording_hash")
