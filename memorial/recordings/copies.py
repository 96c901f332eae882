"""The public copies of recordings: made with ffmpeg, refreshed, and removed from public storage.

A copy is made from the sealed original with metadata stripped and every moment withheld today
silenced (``media.make_public_copy``); it is removed, row now and files once committed, when its
page leaves the public. The publication lifecycle calls these through ``signals``.
"""

import os
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from memorial.publication import gate

from . import media, redaction
from .models import Recording, RecordingDerivative, cues_timed_against


def refresh_public_copy(recording, force=False):
    """Make (or keep) the recording's public copy so that it silences every withheld moment.

    Returns True when a new copy was made. Ranges are those withheld today; a copy that still
    silences a moment released since is replaced, so releases reach the audio too.
    """
    ranges = [list(r) for r in redaction.withheld_ranges(cues_timed_against(recording))]
    source = RecordingDerivative.signature_for(recording.media)
    existing = RecordingDerivative.objects.filter(recording=recording).first()
    if (
        existing
        and not force
        and existing.source == source
        and existing.silenced == ranges
        and existing.file
        and existing.file.storage.exists(existing.file.name)
    ):
        return False
    copies = {}
    try:
        for name, original in (("file", recording.media), ("alternative_file", recording.alternative)):
            if original is None:
                continue
            with media.local_path(original.file) as path, tempfile.TemporaryDirectory(prefix="recording-") as workdir:
                output = media.make_public_copy(path, original.type, ranges, workdir)
                with open(output, "rb") as handle:
                    base = f"{recording.pk}-{os.urandom(8).hex()}{os.path.splitext(output)[1]}"
                    copies[name] = default_storage.save(f"recordings/public/{base}", File(handle))
    except Exception:
        for made in copies.values():
            default_storage.delete(made)
        if existing is not None and (existing.source != source or not redaction.covers(existing.silenced, ranges)):
            # The old copy does not silence what is withheld today (or is of another original): it
            # goes, so the page says "being prepared" instead of serving it until a copy can be made.
            remove_stale_copy(existing)
        raise
    derivative = existing or RecordingDerivative(recording=recording)
    old = RecordingDerivative(file=derivative.file.name, alternative_file=derivative.alternative_file.name)
    derivative.file = copies.get("file", "")
    derivative.alternative_file = copies.get("alternative_file", "")
    derivative.source, derivative.silenced = source, ranges
    derivative.save()
    if existing:
        old.delete_files()
    return True


def remove_stale_copy(derivative):
    """Delete a public copy that may no longer be served: its row now, its files once committed."""
    names = [field.name for field in (derivative.file, derivative.alternative_file) if field]
    derivative.delete()
    transaction.on_commit(lambda: _delete_unused_files(names))


def page_is_public(page_id):
    """Whether anonymous visitors can see the page, as the publication gate decides."""
    return gate.page_is_public(page_id)


def _delete_unused_files(names):
    """Delete public copy files no remaining copy points at (run once the change is committed)."""
    for name in names:
        in_use = RecordingDerivative.objects.filter(Q(file=name) | Q(alternative_file=name)).exists()
        if not in_use and default_storage.exists(name):
            default_storage.delete(name)


def remove_public_copy(recording):
    """Delete a recording's public copy and its poster's public sizes; the sealed original stays.

    For a recording whose page has left the public (withdrawn, archive only, unpublished,
    restricted). The copy is remade by ``refresh_public_copy`` once the page is public again;
    a poster's sizes are remade when a public page shows it. Returns True when anything was removed.
    """
    removed = False
    derivative = RecordingDerivative.objects.filter(recording_id=recording.pk).first()
    if derivative is not None:
        remove_stale_copy(derivative)
        removed = True
    if recording.poster_id:
        other_public_pages = (
            Recording.objects.filter(poster_id=recording.poster_id).exclude(pk=recording.pk).values_list("page_id")
        )
        if not any(page_is_public(page_id) for (page_id,) in other_public_pages):
            for rendition in recording.poster.renditions.all():
                rendition.delete()  # Wagtail deletes the file once committed
                removed = True
    return removed


def remove_public_copies_for_pages(page_ids):
    """Remove the public copies of every recording these pages play, on each page that is not public.

    A translation or alias of a page has its own recording rows for the same original files:
    those of pages no longer public lose their copies; a page still public keeps its own.
    """
    page_ids = {pk for pk in page_ids if pk}
    if not page_ids:
        return 0
    media_ids = set()
    for media_id, alternative_id in Recording.objects.filter(page_id__in=page_ids).values_list(
        "media_id", "alternative_id"
    ):
        media_ids.update(pk for pk in (media_id, alternative_id) if pk)
    candidates = Recording.objects.filter(
        Q(page_id__in=page_ids) | Q(media_id__in=media_ids) | Q(alternative_id__in=media_ids)
    ).select_related("poster")
    public = {}
    removed = 0
    for recording in candidates:
        if recording.page_id not in public:
            public[recording.page_id] = page_is_public(recording.page_id)
        if not public[recording.page_id]:
            removed += bool(remove_public_copy(recording))
    return removed
