"""What the public may fetch by address: the files public records show.

Files in public media storage are served through the gate (``gate.file_is_public``), never by
their address alone. An image or a document may be fetched only while an ``Exposure`` says that
a public record shows it in its live content; the lifecycle writes these rows, and nothing else
does. A file that no public record shows answers 404, whatever collection it is in.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExposedKind(models.TextChoices):
    IMAGE = "image", _("image")
    DOCUMENT = "document", _("document")


class Exposure(models.Model):
    """One image or document shown by one public record (a page or a person's record)."""

    kind = models.CharField(max_length=10, choices=ExposedKind.choices)
    object_id = models.PositiveBigIntegerField(help_text=_("The image or document shown."))
    holder_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    holder_id = models.CharField(max_length=64, help_text=_("The public record that shows it."))

    class Meta:
        verbose_name = _("public use of a file")
        verbose_name_plural = _("public uses of files")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "holder_type", "holder_id"], name="exposure_unique")
        ]
        indexes = [models.Index(fields=["holder_type", "holder_id"], name="exposure_holder")]

    def __str__(self):
        return f"{self.kind} {self.object_id} shown by {self.holder_type_id}:{self.holder_id}"


class PublicState(models.Model):
    """What the public could last see of one identified record: when that last changed, and whether it still can.

    Written by the lifecycle (and brought in line with the gate by ``states.refresh``). A row stays
    after its record leaves the public (withdrawn, unpublished, restricted, deleted): it is the
    tombstone that lets harvesters (OAI-PMH) learn that the record was deleted. A record never
    public has no row.
    """

    identifier = models.UUIDField(unique=True, help_text=_("The record's permanent identifier (/id/<uuid>/)."))
    family = models.CharField(max_length=20, help_text=_("testimony, article or person"))
    languages = models.CharField(
        max_length=40, blank=True, help_text=_("The languages it is public in, each between spaces; empty once gone.")
    )
    is_public = models.BooleanField(default=True)
    changed_at = models.DateTimeField(
        help_text=_("The last change the public could see (a publication, a withdrawal).")
    )

    class Meta:
        verbose_name = _("public state of a record")
        verbose_name_plural = _("public states of records")
        indexes = [
            models.Index(fields=["changed_at", "identifier"], name="publicstate_changed"),
            models.Index(fields=["family", "changed_at", "identifier"], name="publicstate_family_changed"),
        ]

    def __str__(self):
        return f"{self.family} {self.identifier} ({'public' if self.is_public else 'deleted'})"

    @property
    def language_codes(self):
        return self.languages.split()
