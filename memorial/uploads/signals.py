"""Seal an admin upload's original when its Wagtail image or document is saved."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .forms import PROCESSED_ATTRIBUTE
from .models import seal


def seal_after_save(sender, instance, **kwargs):
    processed = getattr(instance, PROCESSED_ATTRIBUTE, None)
    if processed is None:
        return
    delattr(instance, PROCESSED_ATTRIBUTE)
    try:
        record = seal(processed, keep_cleaned=False)
        record.content_type = ContentType.objects.get_for_model(instance)
        record.object_id = str(instance.pk)
        record.cleaned_sha256 = processed.cleaned_sha256()
        record.status = "published" if processed.is_clean else "held"
        record.save(update_fields=["content_type", "object_id", "cleaned_sha256", "status"])
    finally:
        processed.cleanup()


def connect():
    for model in (get_image_model(), get_document_model()):
        post_save.connect(seal_after_save, sender=model, dispatch_uid=f"memorial_seal_{model._meta.label_lower}")
