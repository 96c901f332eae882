"""Keep the public copies of recordings in step with their redactions and files."""

import logging

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger(__name__)


def refresh_recording(recording):
    """Remake a public copy when needed; a failure leaves the recording unplayable, never leaking.

    A recording whose page is not public (unpublished, withdrawn, archive only) has no public
    copy: any it had is deleted instead.
    """
    from .media import MediaError
    from .models import page_is_public, refresh_public_copy, remove_public_copy

    if not page_is_public(recording.page_id):
        remove_public_copy(recording)
        return False
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


def on_page_unpublished(sender, instance, **kwargs):
    from .models import remove_public_copies_for_pages

    remove_public_copies_for_pages([instance.pk])


def _testimony_pages_under(page):
    from memorial.testimonies.models import TestimonyPage

    return TestimonyPage.objects.descendant_of(page, inclusive=True)


def on_restriction_saved(sender, instance, **kwargs):
    """A view restriction takes the page and everything under it off the public site, copies too."""
    from .models import remove_public_copies_for_pages

    remove_public_copies_for_pages(_testimony_pages_under(instance.page).values_list("pk", flat=True))


def on_restriction_deleted(sender, instance, **kwargs):
    """A restriction lifted: the pages that are public again get their copies back."""
    from .models import Recording

    try:
        page = instance.page
    except instance._meta.get_field("page").related_model.DoesNotExist:
        return  # the page itself is being deleted
    pages = _testimony_pages_under(page).live().public().values_list("pk", flat=True)
    for recording in Recording.objects.filter(page_id__in=pages).select_related("media", "alternative"):
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
    from wagtail.models import PageViewRestriction

    from memorial.testimonies.models import TestimonyPage

    from .models import MediaFile

    page_published.connect(on_page_published, sender=TestimonyPage, dispatch_uid="recordings_page_published")
    page_unpublished.connect(on_page_unpublished, sender=TestimonyPage, dispatch_uid="recordings_page_unpublished")
    post_save.connect(on_restriction_saved, sender=PageViewRestriction, dispatch_uid="recordings_restriction_saved")
    post_delete.connect(
        on_restriction_deleted, sender=PageViewRestriction, dispatch_uid="recordings_restriction_deleted"
    )
    post_save.connect(on_media_saved, sender=MediaFile, dispatch_uid="recordings_media_saved")
