"""When a submitted testimony is published, its cleaned photographs join it; never before.

Until then they stay sealed, reachable by no URL. Anonymised testimonies get no photographs
automatically (faces are withheld), nor do archive-only or otherwise restricted ones (files in
the public library are reachable by URL): a moderator adds any that are safe.
"""

import io

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Collection

from memorial.consent.models import PublicationLevel
from memorial.consent.services import consent_withdrawn, governing_consent
from memorial.publication import gate, lifecycle
from memorial.testimonies.models import TestimonyPage
from memorial.uploads import pipeline
from memorial.uploads.models import CleaningStatus, SealedOriginal

from .models import Submission


def promote_images(page):
    submission = Submission.objects.filter(testimony_id=page.pk, withdrawn_at__isnull=True).first()
    if submission is None:
        return
    consent = governing_consent(page)
    if consent is None or consent.is_withdrawn:
        return
    if consent.publication_level in (PublicationLevel.ANONYMISED, PublicationLevel.ARCHIVE_ONLY):
        return  # no faces for the anonymised; nothing in the public library for archive-only material
    if page.get_view_restrictions().exists():
        return
    files = SealedOriginal.objects.filter(submission=submission, kind="image", status=CleaningStatus.CLEAN)
    if not files.exists():
        return
    image_model = get_image_model()
    draft = page.get_latest_revision_as_object()
    blocks = list(draft.body.raw_data)
    for record in files:
        with record.cleaned.open("rb") as fh:
            data = fh.read()
        image = image_model(
            # Title and alt text are public: never the sender's reference code.
            title=_("Photograph sent with this testimony"),
            collection=Collection.get_first_root_node(),
        )
        image.file = ImageFile(io.BytesIO(data), name=pipeline.stored_name(record.cleaned.name.rsplit(".", 1)[-1]))
        image._set_image_file_metadata()
        image.save()
        record.status = CleaningStatus.PUBLISHED
        record.content_type = ContentType.objects.get_for_model(image)
        record.object_id = str(image.pk)
        record.save(update_fields=["status", "content_type", "object_id"])
        blocks.append(
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": image.title, "decorative": False},
            }
        )
    draft.body = blocks
    draft.save_revision(log_action=False, clean=False).publish(log_action=False)


def remove_public_copies(submission):
    """Withdrawal: delete the public images made from the submission; the sealed originals remain."""
    for record in SealedOriginal.objects.filter(submission=submission, status=CleaningStatus.PUBLISHED):
        image = record.public_object
        if image is not None:
            image.delete()
        record.status = CleaningStatus.WITHDRAWN
        record.public_object = None  # clears the type and forgets the deleted image, which save() refuses
        record.object_id = ""
        record.save(update_fields=["status", "content_type", "object_id"])


def promote_step(change):
    """Publication step: a submitted testimony that is public now gets its cleaned photographs."""
    for page in TestimonyPage.objects.filter(pk__in=change.page_ids):
        if gate.page_is_public(page):
            promote_images(page)


def hide_step(change):
    """Publication step: photographs promoted from a submission leave with its withdrawn testimony."""
    for submission in Submission.objects.filter(testimony_id__in=change.page_ids, withdrawn_at__isnull=False):
        remove_public_copies(submission)


def remove_on_withdrawal(sender, instance, **kwargs):
    """Consent withdrawn from a testimony (by its sender or in the admin): the photographs its
    submissions made public are deleted with it."""
    if isinstance(instance, TestimonyPage):
        for submission in Submission.objects.filter(testimony_id=instance.pk):
            remove_public_copies(submission)


def connect():
    lifecycle.register_step("hide", "submission photographs", hide_step)
    lifecycle.register_step("make", "submission photographs", promote_step)
    consent_withdrawn.connect(remove_on_withdrawal, dispatch_uid="submissions_consent_withdrawn")
