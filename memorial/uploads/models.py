"""Sealed originals: every uploaded file as it arrived, with its SHA-256, kept out of reach."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import pipeline
from .storage import sealed_storage


class FileKind(models.TextChoices):
    IMAGE = "image", _("image")
    AUDIO = "audio", _("audio")
    VIDEO = "video", _("video")
    DOCUMENT = "document", _("document")
    TEXT = "text", _("text")


class CleaningStatus(models.TextChoices):
    CLEAN = "clean", _("cleaned of metadata")
    HELD = "held", _("held for a moderator: could not be cleaned")
    PUBLISHED = "published", _("cleaned copy in the public library")
    WITHDRAWN = "withdrawn", _("withdrawn by the submitter")


class SealedOriginal(models.Model):
    """An original upload and its cleaned copy, both in the sealed storage; never served by URL."""

    sha256 = models.CharField(_("SHA-256 of the original"), max_length=64, db_index=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices, editable=False)
    mime_type = models.CharField(_("type found in the content"), max_length=100, editable=False)
    original_name = models.CharField(
        _("original file name"), max_length=120, blank=True, editable=False, help_text=_("Neutralised.")
    )
    original = models.FileField(_("original"), storage=sealed_storage, upload_to="originals/", max_length=200)
    cleaned = models.FileField(
        _("cleaned copy"), storage=sealed_storage, upload_to="cleaned/", max_length=200, blank=True
    )
    cleaned_sha256 = models.CharField(_("SHA-256 of the cleaned copy"), max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CleaningStatus.choices,
        default=CleaningStatus.CLEAN,
        help_text=_("Held files could not be cleaned automatically and are never published as they are."),
    )
    hold_reason = models.CharField(_("why it is held"), max_length=300, blank=True, editable=False)
    cleaning_note = models.TextField(
        _("what the cleaning did"),
        blank=True,
        editable=False,
        help_text=_("For the moderator: frames dropped, colours converted, the measured difference from the original."),
    )
    submission = models.ForeignKey(
        "submissions.Submission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
        verbose_name=_("submission"),
    )
    # The public object made from the cleaned copy (a Wagtail image or document), once there is one.
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    public_object = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sealed original")
        verbose_name_plural = _("sealed originals")
        ordering = ["-created_at", "-pk"]
        permissions = [("read_sealed_original", _("Can read sealed originals"))]

    def __str__(self):
        return f"{self.original_name or self.kind} ({self.sha256[:12]})"

    def delete_files(self):
        for field_file in (self.original, self.cleaned):
            if field_file:
                field_file.storage.delete(field_file.name)


def seal(processed, submission=None, keep_cleaned=True):
    """Store a processed upload's original (and cleaned copy) sealed; returns the unsaved-files-safe record.

    The caller runs this inside its transaction and deletes the files if anything fails afterwards.
    """
    record = SealedOriginal(
        sha256=processed.sha256,
        size=processed.size,
        kind=processed.kind,
        mime_type=processed.format.mime,
        original_name=processed.name,
        status=CleaningStatus.CLEAN if processed.is_clean else CleaningStatus.HELD,
        hold_reason=processed.hold_reason[:300],
        cleaning_note=processed.note,
        submission=submission,
    )
    storage = sealed_storage()
    saved = []
    try:
        with open(processed.original_path, "rb") as fh:
            name = storage.save(f"originals/{pipeline.stored_name('bin')}", File(fh))
            saved.append(name)
            record.original.name = name
        # A held file's cleaned copy (when there is one) is kept too, for the moderator to compare.
        if keep_cleaned and processed.cleaned_path:
            with open(processed.cleaned_path, "rb") as fh:
                name = storage.save(f"cleaned/{pipeline.stored_name(processed.format.clean_extension)}", File(fh))
                saved.append(name)
                record.cleaned.name = name
            record.cleaned_sha256 = processed.cleaned_sha256()
        record.save()
    except BaseException:
        for name in saved:
            storage.delete(name)
        raise
    return record
