"""Keep the public copies of recordings in step with their redactions and files."""

import logging

from django.db.models.signals import post_save
from wagtail.signals import page_published

logger = logging.getLogger(__name__)


def refresh_recording(recording):
    """Remake a public copy when needed; a failure leaves the recording unplayable, never leaking."""
    from .media import MediaError
    from .models import refresh_public_copy

    try:
        return refresh_public_copy(recording)
    except (MediaError, OSError):
        logger.exception("Could not make the public copy of recording %s", recording.pk)
        return False


def refresh_for_transcript(transcript):
    """The public copies of every recording playing the transcript's files (translated pages' too)."""
    from .models import recordings_sharing_media

    if transcript.recording_id:
        for recording in recordings_sharing_media(transcript.recording):
            refresh_recording(recording)


def on_page_published(sender, instance, **kwargs):
    from .models import Recording

    for recording in Recording.objects.filter(page_id=instance.pk).select_related("media", "alternative"):
        refresh_recording(recording)


def on_media_saved(sender, instance, created, **kwargs):
    if created:
        return
    from django.db.models import Q

    from .models import Recording

    for recording in Recording.objects.filter(Q(media=instance) | Q(alternative=instance)).select_related(
        "media", "alternative"
    ):
        refresh_recording(recording)


def connect():
    from memorial.testimonies.models import TestimonyPage

    from .models import MediaFile

    page_published.connect(on_page_published, sender=TestimonyPage, dispatch_uid="recordings_page_published")
    post_save.connect(on_media_saved, sender=MediaFile, dispatch_uid="recordings_media_saved")
