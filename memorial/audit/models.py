"""The record of sensitive reads: append-only, each entry chained to the one before by its hash.

Nothing here stores an address: an entry names the staff member who read, never a visitor.
"""

import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class Action(models.TextChoices):
    CONTACT = "contact", _("contact details read")
    SEALED_ORIGINAL = "sealed_original", _("sealed original read")
    CLEANED_COPY = "cleaned_copy", _("cleaned copy read")
    HELD_FILE = "held_file", _("held file read")
    FULL_TRANSCRIPT = "full_transcript", _("unredacted transcript read")
    ORIGINAL_RECORDING = "original_recording", _("original recording read")
    CONSENT = "consent", _("consent record read")
    EXPORT = "export", _("export")


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an entry of the record."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Entries of the record of sensitive reads cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Entries of the record of sensitive reads cannot be deleted.")

    _raw_delete = delete


class AuditEntry(models.Model):
    """One sensitive read: who, what, when and why."""

    at = models.DateTimeField(_("when"), db_index=True, help_text=_("When it was read."))
    # A name and a number, not a foreign key: removing a user must not change (or cascade into) the record.
    actor_id = models.PositiveBigIntegerField(_("user number"), null=True, blank=True, db_index=True)
    actor = models.CharField(
        _("who"), max_length=150, db_index=True, help_text=_("The user name, or the command that read.")
    )
    action = models.CharField(_("what"), max_length=24, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("kind of record"), max_length=100, blank=True)
    object_id = models.CharField(_("record number"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=255, blank=True)
    reason = models.TextField(_("why"), blank=True, help_text=_("The reason given, where one is asked for."))
    previous_hash = models.CharField(_("hash of the previous entry"), max_length=64)
    entry_hash = models.CharField(_("hash of this entry"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("record of a sensitive read")
        verbose_name_plural = _("record of sensitive reads")
        # Reading the record is for administrators; nobody is ever given a right to change it.
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor}: {self.get_action_display()} {self.object_repr}".strip()

    def payload(self):
        """What the hash covers: every field but the hash itself, in a fixed form."""
        return {
            "at": self.at.isoformat(),
            "actor_id": self.actor_id,
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "reason": self.reason,
            "previous_hash": self.previous_hash,
        }

    def compute_hash(self):
        data = json.dumps(self.payload(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Entries of the record of sensitive reads cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Entries of the record of sensitive reads cannot be deleted.")


class ChainHead(models.Model):
    """The one row writers lock while they append, so two writers never chain to the same entry."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("head of the record")

    def __str__(self):
        return self.last_hash
