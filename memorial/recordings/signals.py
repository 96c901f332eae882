"""Keep the public copies of recordings in step with their redactions and files."""

import logging

from django.db.models import Q
from django.db.models.signals import post_save
from wagtail.models import Page

from memorial.core.tasks import defer
from memorial.publication import gate, lifecycle

from . import redaction, tasks
from .copies import page_is_public, refresh_public_copy, remove_public_copies_for_pages, remove_public_copy
from .media import MediaError
from .models import (
    Cue,
    MediaFile,
    Recording,
    RecordingDerivative,
    Segment,
    Transcript,
    TranscriptNote,
    cues_timed_against,
    recordings_sharing_media,
)

logger = logging.getLogger(__name__)


def refresh_recording(recording):
    """Remake a public copy when needed; a failure leaves the recording unplayable, never leaking.

    A recording whose page is not public (unpublished, withdrawn, archive only) has no public
    copy: any it had is deleted instead.
    """
    if not page_is_public(recording.page_id):
        remove_public_copy(recording)
        return False
    try:
        return refresh_public_copy(recording)
    except (MediaError, OSError):
        logger.exception("Could not make the public copy of recording %s", recording.pk)
        return False


def refresh_for_transcript(transcript):
    """A transcript was imported or edited (its redactions too): the publication sequence runs for
    its testimony and for every page playing the same files, so the public copies, the exposures
    and every cache follow."""
    pages = {transcript.testimony_id}
    if transcript.recording_id:
        pages |= {recording.page_id for recording in recordings_sharing_media(transcript.recording)}
    for page in Page.objects.filter(pk__in=pages - {None}).specific():
        lifecycle.changed(page, consent=False)


def hide_copies(change):
    """Publication step: pages that left the public lose the public copies of their recordings."""
    remove_public_copies_for_pages(change.page_ids)


def make_copies(change):
    """Publication step: public pages get the public copies of their recordings, from the worker."""
    recording_ids = list(Recording.objects.filter(page_id__in=change.page_ids).values_list("pk", flat=True))
    if recording_ids:
        defer(tasks.make_public_copies, sorted(recording_ids))


def copy_is_public(name):
    """A file under recordings/public/ may be fetched while it is the current copy of a public recording."""
    derivative = (
        RecordingDerivative.objects.filter(Q(file=name) | Q(alternative_file=name))
        .select_related("recording__media", "recording__alternative")
        .first()
    )
    if derivative is None or not page_is_public(derivative.recording.page_id):
        return False
    recording = derivative.recording
    ranges = [list(r) for r in redaction.withheld_ranges(cues_timed_against(recording))]
    return recording.public_copy(ranges) is not None


def on_media_saved(sender, instance, created, **kwargs):
    if created:
        return
    recording_ids = list(
        Recording.objects.filter(Q(media=instance) | Q(alternative=instance)).values_list("pk", flat=True)
    )
    if recording_ids:
        defer(tasks.make_public_copies, sorted(recording_ids))


def connect():
    lifecycle.register_step("hide", "recording copies", hide_copies)
    lifecycle.register_step("make", "recording copies", make_copies)
    gate.register_files("recordings/public/", copy_is_public)
    post_save.connect(on_media_saved, sender=MediaFile, dispatch_uid="recordings_media_saved")
    # Public pages show these rows: a save or delete tells the caches.
    for model in (Transcript, Cue, Segment, TranscriptNote, Recording, RecordingDerivative, MediaFile):
        lifecycle.register_shown(model)
