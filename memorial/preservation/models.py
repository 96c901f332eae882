"""Fixity: the SHA-256 each original had when it arrived, and what the last check found."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    SEALED_ORIGINAL = "sealed", _("sealed original of an upload")
    RECORDING_ORIGINAL = "recording", _("original of a recording")


class HashRecorded(models.TextChoices):
    AT_INGEST = "ingest", _("when the file arrived")
    AT_FIRST_CHECK = "first_check", _("at the first fixity check (the file came before fixity was recorded)")


class CheckResult(models.TextChoices):
    NOT_CHECKED = "", _("not checked yet")
    OK = "ok", _("unchanged")
    CHANGED = "changed", _("changed")
    MISSING = "missing", _("missing")


class FixityRecord(models.Model):
    """One original file: the hash it must keep, and the last time someone looked."""

    kind = models.CharField(_("kind"), max_length=12, choices=FileKind.choices, editable=False)
    object_id = models.PositiveBigIntegerField(_("record number"), editable=False)
    name = models.CharField(_("file"), max_length=300, editable=False)
    sha256 = models.CharField(_("SHA-256 recorded"), max_length=64, editable=False)
    recorded = models.CharField(
        _("hash recorded"), max_length=12, choices=HashRecorded.choices, default=HashRecorded.AT_INGEST, editable=False
    )
    recorded_at = models.DateTimeField(_("hash recorded at"), auto_now_add=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, editable=False)
    last_result = models.CharField(
        _("last result"), max_length=8, choices=CheckResult.choices, blank=True, default="", editable=False
    )
    found_sha256 = models.CharField(_("SHA-256 found"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("fixity record")
        verbose_name_plural = _("fixity records")
        ordering = ["-last_checked_at", "kind", "object_id"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_fixity_record_per_file")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"

    @property
    def is_problem(self):
        return self.last_result in {CheckResult.CHANGED, CheckResult.MISSING}
