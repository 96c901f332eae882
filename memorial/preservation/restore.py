"""Restore a full export into an empty database and empty storage, all or nothing.

The order: the bag is validated (BagIt's own checks, no links, no name leading outside it) and the
site checked empty before anything is written. Then, in one transaction, the rows a fresh
``migrate`` made (the root page, the default site and locale, the role groups...) give way to the
bag's, every row is saved as it was, the database's own constraint checks run, and the files are
written back under their own names. Any failure rolls the transaction back and deletes every file
already written. The search index is rebuilt afterwards from the restored rows.
"""

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from memorial.consent.models import ConsentRecord
from memorial.core.generation import announce
from memorial.recordings.models import MediaFile
from memorial.remembrance.models import Remembrance
from memorial.submissions.models import Submission
from memorial.uploads.models import SealedOriginal

from . import records
from .bag import BagRefused, open_valid_bag, safe_name, stores, walk_storage
from .export import ARCHIVE_FILE, FORMAT, FORMAT_VERSION, FULL

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    rows: int = 0
    files: int = 0
    counts: dict = field(default_factory=dict)


def _read_archive(bag_path):
    try:
        with open(bag_path / "data" / ARCHIVE_FILE, encoding="utf-8") as stream:
            archive = json.load(stream)
    except (OSError, ValueError) as exc:
        raise BagRefused(f"The bag has no readable data/{ARCHIVE_FILE}: {exc}") from exc
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise BagRefused("This bag is not an export of this archive.")
    if archive.get("version") != FORMAT_VERSION:
        raise BagRefused(f"This bag is format version {archive.get('version')}; this software reads {FORMAT_VERSION}.")
    if archive.get("scope") != FULL:
        raise BagRefused(
            "This is a public export: it holds what the public sees, not the archive, and cannot be restored."
        )
    return archive


def _planned(bag, bag_path, archive):
    """The model files and stored files the bag's archive.json names, each checked against the payload."""
    known = {m._meta.label_lower: m for m in records.exported_models()}
    payload = set(bag.payload_entries())
    models = []
    for label in archive.get("models", []):
        if label not in known:
            raise BagRefused(f"The bag holds rows of {label}, which this software does not have.")
        entry = f"data/records/{label}.jsonl"
        if entry not in payload:
            raise BagRefused(f"The bag has no {entry}.")
        models.append((known[label], bag_path / entry))
    targets = stores()
    files = []
    for item in archive.get("files", []):
        store, name = item.get("store"), item.get("name", "")
        if store not in targets or not safe_name(name):
            raise BagRefused(f"The bag names a file that cannot be restored safely: {store}/{name!r}")
        entry = f"data/files/{store}/{name}"
        if entry not in payload:
            raise BagRefused(f"The bag has no {entry}.")
        files.append((store, name, bag_path / entry))
    return models, files


def content_found():
    """What makes this site not empty (a fresh ``migrate`` leaves none of it); empty list when empty."""
    checks = [
        ("user accounts", get_user_model().objects.all()),
        ("pages below the home pages", Page.objects.filter(depth__gt=2)),
        ("people", Remembrance.objects.all()),
        ("consent records", ConsentRecord.objects.all()),
        ("submissions", Submission.objects.all()),
        ("sealed originals", SealedOriginal.objects.all()),
        ("recording files", MediaFile.objects.all()),
        ("images", get_image_model().objects.all()),
        ("documents", get_document_model().objects.all()),
    ]
    found = [f"{queryset.count()} {label}" for label, queryset in checks if queryset.exists()]
    for store, storage in stores().items():
        if next(walk_storage(storage), None) is not None:
            found.append(f"files in the {store} storage")
    return found


def _flush(connection, models):
    """Empty the tables the bag fills; DELETE, not TRUNCATE, so that it stays inside the transaction's
    deferred constraint checks on every database."""
    tables = set()
    for model in models:
        tables.add(model._meta.db_table)
        tables.update(f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many)
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the models


def _write_files(files, written):
    targets = stores()
    for store, name, source in files:
        storage = targets[store]
        with open(source, "rb") as stream:
            saved = storage.save(name, stream)
        written.append((storage, saved))
        if saved != name:
            raise BagRefused(f"Could not restore {store}/{name}: the storage named it {saved}.")


def import_archive(src, using=DEFAULT_DB_ALIAS, rebuild_index=True):
    """Restore the full export at ``src``; BagRefused (nothing written) when it may not be restored."""
    bag = open_valid_bag(src)
    bag_path = Path(bag.path)
    archive = _read_archive(bag_path)
    models, files = _planned(bag, bag_path, archive)
    found = content_found()
    if found:
        raise BagRefused(
            "This site is not empty (" + ", ".join(found) + "). A bag is restored only into a freshly migrated "
            "database with empty media and sealed storage."
        )
    result = ImportResult()
    written = []
    connection = connections[using]
    try:
        with transaction.atomic(using=using):
            _flush(connection, records.exported_models())
            deferred = []
            for model, path in models:
                with open(path, encoding="utf-8") as stream:
                    loaded = records.load_rows(stream, using)
                result.counts[model._meta.label_lower] = loaded.rows
                result.rows += loaded.rows
                deferred.extend(loaded.deferred)
            for item in deferred:
                item.save_deferred_fields(using=using)
            connection.check_constraints()
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), [m for m, _path in models]):
                    cursor.execute(statement)
            _write_files(files, written)
            result.files = len(written)
    except BaseException as exc:
        for storage, name in written:
            storage.delete(name)
        if isinstance(exc, (DeserializationError, DatabaseError, ObjectDoesNotExist, OSError)):
            raise BagRefused(f"The restore failed and was undone (no row or file kept): {exc}") from exc
        raise
    announce()
    if rebuild_index:
        call_command("update_index", verbosity=0)
    return result
