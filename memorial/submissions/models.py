"""Public submissions: what arrived through the site's forms, and how to reach its sender.

No IP address, user agent or account is recorded for a submission. The secret status link is
stored only as a hash; the contact details live apart, for Moderators and Editors alone.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionKind(models.TextChoices):
    TESTIMONY = "testimony", _("testimony")
    REMEMBRANCE = "remembrance", _("person remembered")


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", _("received, waiting for review")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    DECLINED = "declined", _("not published")
    WITHDRAWN = "withdrawn", _("withdrawn by the sender")


def token_for(nonce):
    """The secret status token for a form's one-time nonce: the same for a repeated (double) submit."""
    return hmac.new(settings.SECRET_KEY.encode(), f"submission-status:{nonce}".encode(), hashlib.sha256).hexdigest()


def hash_value(value):
    return hashlib.sha256(value.encode()).hexdigest()


def new_reference():
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


class Submission(models.Model):
    """One public submission: a draft testimony page or person's record, waiting for review."""

    reference = models.CharField(_("reference code"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=SubmissionKind.choices, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    nonce_hash = models.CharField(max_length=64, unique=True, editable=False)
    testimony = models.ForeignKey(
        "testimonies.TestimonyPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("testimony"),
        editable=False,
    )
    remembrance = models.ForeignKey(
        "remembrance.Remembrance",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person remembered"),
        editable=False,
    )
    about_person = models.ForeignKey(
        "remembrance.Remembrance",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("added to the record of"),
        help_text=_("The published person whose page the sender started from."),
        editable=False,
    )
    people_mentioned = models.TextField(
        _("people mentioned"), blank=True, help_text=_("As the sender wrote them; link the records by hand.")
    )
    places_mentioned = models.TextField(
        _("places and dates mentioned"), blank=True, help_text=_("As the sender wrote them; link the places by hand.")
    )
    relation = models.CharField(
        _("sender's relation"), max_length=200, blank=True, help_text=_("How the sender knows what they describe.")
    )
    moderator_notes = models.TextField(
        _("moderator's notes"), blank=True, help_text=_("Private notes of the review; never shown to the sender.")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.reference} ({self.get_kind_display()})"

    @property
    def subject(self):
        return self.testimony if self.kind == SubmissionKind.TESTIMONY else self.remembrance

    @property
    def status(self):
        if self.withdrawn_at:
            return SubmissionStatus.WITHDRAWN
        subject = self.subject
        if subject is None:
            return SubmissionStatus.DECLINED
        if subject.live:
            return SubmissionStatus.PUBLISHED
        state = subject.current_workflow_state
        if state is not None:
            return SubmissionStatus.IN_REVIEW
        latest = (
            subject.workflow_states.order_by("-created_at").first() if hasattr(subject, "workflow_states") else None
        )
        if latest is not None and latest.status in ("cancelled", "needs_changes"):
            return SubmissionStatus.DECLINED
        return SubmissionStatus.RECEIVED

    def get_status_display(self):
        return SubmissionStatus(self.status).label

    @classmethod
    def for_token(cls, token):
        return cls.objects.filter(token_hash=hash_value(token)).first()


class SubmissionContact(models.Model):
    """How to reach the sender, if they chose to say: Moderators and Editors only, never on a page."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="contact", verbose_name=_("submission")
    )
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("As the sender gave it."))
    email = models.EmailField(_("e-mail"), max_length=254, blank=True, help_text=_("As the sender gave it."))
    phone = models.CharField(_("phone"), max_length=40, blank=True, help_text=_("As the sender gave it."))
    preferred_contact = models.CharField(
        _("how and when to contact"), max_length=500, blank=True, help_text=_("The sender's own words.")
    )

    class Meta:
        verbose_name = _("sender's contact details")
        verbose_name_plural = _("senders' contact details")

    def __str__(self):
        return str(self.submission)
