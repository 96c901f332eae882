"""Consent records: who agreed to what, for each testimony and each person submitted by relatives.

Private: only Moderators, Editors and Archivists see them, never the public and never a page.
The publication level drives the front end through Wagtail's own mechanisms (see services).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel


class ConsentMethod(models.TextChoices):
    SIGNED_RELEASE = "signed", _("signed release")
    ORAL = "oral", _("recorded oral consent")
    ONLINE_FORM = "online", _("online form")


class PublicationLevel(models.TextChoices):
    PUBLIC = "public", _("public, with the witness's name")
    ANONYMISED = "anonymised", _("anonymised: pseudonym, no name or faces")
    ARCHIVE_ONLY = "archive", _("archive only: never public")
    EMBARGOED = "embargoed", _("embargoed until a date")


class ConsentRecordQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(withdrawn_at__isnull=True)


class ConsentRecord(models.Model):
    """Who gave consent, when and how, to which publication level; and its withdrawal."""

    testimony = models.ForeignKey(
        "testimonies.TestimonyPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consent_records",
        verbose_name=_("testimony"),
        help_text=_("The testimony this consent covers."),
    )
    remembrance = models.ForeignKey(
        "remembrance.Remembrance",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consent_records",
        verbose_name=_("person remembered"),
        help_text=_("The person's record, when relatives submitted it."),
    )
    given_by = models.CharField(
        _("consent given by"),
        max_length=200,
        help_text=_("The witness, or the relative who consented; private, never shown on the site."),
    )
    given_on = models.DateField(_("consent given on"), default=timezone.localdate, help_text=_("When it was given."))
    method = models.CharField(
        _("how it was given"),
        max_length=10,
        choices=ConsentMethod.choices,
        default=ConsentMethod.SIGNED_RELEASE,
        help_text=_("Signed release, recorded oral consent or the online form."),
    )
    publication_level = models.CharField(
        _("publication level"),
        max_length=12,
        choices=PublicationLevel.choices,
        default=PublicationLevel.ANONYMISED,
        help_text=_("What the person agreed to: this decides how, and whether, the item is shown."),
    )
    embargo_until = models.DateField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_("For an embargo: the item goes live on this date, not before."),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Conditions or details of the consent; private to the review groups.")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("withdrawal recorded by"),
    )
    withdrawal_reason = models.TextField(_("why consent was withdrawn"), blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        MultiFieldPanel(
            [PageChooserPanel("testimony", "testimonies.TestimonyPage"), FieldPanel("remembrance")],
            heading=_("What the consent covers"),
        ),
        FieldRowPanel([FieldPanel("given_by"), FieldPanel("given_on"), FieldPanel("method")]),
        FieldRowPanel([FieldPanel("publication_level"), FieldPanel("embargo_until")]),
        FieldPanel("notes"),
    ]

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_on", "-pk"]

    def __str__(self):
        subject = self.testimony or self.remembrance
        return f"{self.get_publication_level_display()}: {subject}" if subject else self.get_publication_level_display()

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    def clean(self):
        super().clean()
        if not self.testimony_id and not self.remembrance_id:
            raise ValidationError(_("Choose the testimony or the person this consent covers."))
        if self.publication_level == PublicationLevel.EMBARGOED and not self.embargo_until:
            raise ValidationError({"embargo_until": _("Give the date the embargo ends.")})
        if self.publication_level != PublicationLevel.EMBARGOED and self.embargo_until:
            raise ValidationError({"embargo_until": _("Only an embargo has an end date.")})


# What a consent covers is declared by its fields: consent reads the models from them and never
# imports the families above it.


def testimony_model():
    """The page model of a testimony (what the ``testimony`` field points to)."""
    return ConsentRecord._meta.get_field("testimony").related_model


def person_model():
    """The model of a person's record (what the ``remembrance`` field points to)."""
    return ConsentRecord._meta.get_field("remembrance").related_model
