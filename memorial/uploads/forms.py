"""Admin upload forms for Wagtail images and documents, through the safe-upload pipeline.

Set as WAGTAILIMAGES_IMAGE_FORM_BASE and WAGTAILDOCS_DOCUMENT_FORM_BASE: the file is
cleaned while the form is validated, before any image or document object exists, and its
original is sealed (with its SHA-256) when the object is saved.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from . import pipeline
from .collections import held_collection

PROCESSED_ATTRIBUTE = "_memorial_processed_upload"


def _guarded(to_python):
    """Wrap a file field's parsing: a refused upload shows its reason, and a file the image library
    cannot read (truncated, corrupt) gets a message instead of a server error."""

    def guarded(data):
        refusal = getattr(data, "refusal", "")
        if refusal:
            raise ValidationError(refusal)
        try:
            return to_python(data)
        except ValidationError:
            raise
        except Exception as exc:  # any parser error on an uploaded file: refuse it, never a 500
            raise ValidationError(
                _("“%(name)s” could not be read: the file is damaged or not what its name says.")
                % {"name": pipeline.display_name(getattr(data, "name", "") or "")}
            ) from exc

    return guarded


class SafeUploadFormMixin:
    accepted_kinds = None
    held_allowed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            field.to_python = _guarded(field.to_python)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # unchanged on edit
        try:
            processed = pipeline.process(upload, self.accepted_kinds)
        except pipeline.UploadRefused as exc:
            raise ValidationError(exc.message) from exc
        if not processed.is_clean and not self.held_allowed:
            processed.cleanup()
            raise ValidationError(processed.hold_reason)
        self._discard_processed()
        setattr(self.instance, PROCESSED_ATTRIBUTE, processed)
        path = processed.cleaned_path if processed.is_clean else processed.original_path
        with open(path, "rb") as fh:
            return SimpleUploadedFile(
                pipeline.stored_name(processed.format.clean_extension), fh.read(), content_type=processed.format.mime
            )

    def _discard_processed(self):
        previous = getattr(self.instance, PROCESSED_ATTRIBUTE, None)
        if previous is not None:
            previous.cleanup()
            delattr(self.instance, PROCESSED_ATTRIBUTE)

    def clean(self):
        cleaned_data = super().clean()
        processed = getattr(self.instance, PROCESSED_ATTRIBUTE, None)
        if self.errors:
            self._discard_processed()
        elif processed is not None and not processed.is_clean:
            held = held_collection()
            if "collection" in self.fields:
                cleaned_data["collection"] = held
            self.instance.collection = held
        return cleaned_data


class SafeImageForm(SafeUploadFormMixin, BaseImageForm):
    accepted_kinds = {pipeline.IMAGE}


class SafeDocumentForm(SafeUploadFormMixin, BaseDocumentForm):
    accepted_kinds = {pipeline.DOCUMENT, pipeline.TEXT}
    held_allowed = True
