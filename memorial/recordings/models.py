"""Recordings of testimonies, their time-coded transcripts and index.

A testimony page has recordings (sessions or parts, in page order). Transcripts belong to
the testimony and, usually, to one of its recordings (a testimony may have a transcript and
no recording). A transcript's cues and its index segments are rows an editor corrects in
the admin. Originals stay in private storage; the public hears a derivative made by ffmpeg
with metadata stripped and withheld moments silenced (see redaction.py).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable
from wagtailmedia.models import AbstractMedia

from memorial.testimonies.models import TestimonyLanguage

from . import redaction
from .media import MediaError, inspect, local_path
from .storage import private_storage
from .timecodes import format_clock

MAX_RECORDING_BYTES = 4 * 1024 * 1024 * 1024


class MediaFile(AbstractMedia):
    """An audio or video original. Kept in private storage: the public only hears derivatives."""

    file = models.FileField(upload_to="recordings/originals", storage=private_storage, verbose_name=_("file"))

    admin_form_fields = ("title", "file", "collection", "thumbnail", "tags")

    class Meta:
        verbose_name = _("recording file")
        verbose_name_plural = _("recording files")

    @property
    def url(self):
        return reverse("recordings:original", args=[self.pk]) if self.pk else ""

    def clean(self):
        if self.file and not getattr(self.file, "_committed", True):
            size = getattr(self.file, "size", 0) or 0
            if size > MAX_RECORDING_BYTES:
                raise ValidationError({"file": _("The file is larger than 4 GB.")})
            try:
                with local_path(self.file) as path:
                    info = inspect(path)
            except MediaError as exc:
                raise ValidationError({"file": str(exc)}) from exc
            if self.type and self.type != info.kind:
                raise ValidationError(
                    {"file": _("This file is %(kind)s, not %(type)s.") % {"kind": info.kind, "type": self.type}}
                )
            self.type, self.duration, self.width, self.height = info.kind, info.duration, info.width, info.height
        super().clean()

    def save(self, *args, **kwargs):
        if self.file and not self.duration:
            try:
                with local_path(self.file) as path:
                    info = inspect(path)
                self.type = self.type or info.kind
                self.duration, self.width, self.height = info.duration, info.width, info.height
            except MediaError:
                pass
        super().save(*args, **kwargs)


class Recording(Orderable):
    """One recorded session or part of a testimony."""

    page = ParentalKey("testimonies.TestimonyPage", on_delete=models.CASCADE, related_name="recordings")
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("For example 'Session 1' or 'Part 2'; may stay empty.")
    )
    media = models.ForeignKey(
        MediaFile,
        on_delete=models.PROTECT,
        related_name="recordings",
        verbose_name=_("recording"),
        help_text=_("The original audio or video file. The public hears a copy with withheld moments silenced."),
    )
    alternative = models.ForeignKey(
        MediaFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alternative_for",
        verbose_name=_("alternative version"),
        help_text=_("Another version of the same recording with the same timing, e.g. audio only."),
    )
    alternative_label = models.CharField(
        _("alternative version's label"),
        max_length=100,
        blank=True,
        help_text=_("How to name the alternative version to visitors, e.g. 'Audio only'."),
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("poster image"),
        help_text=_("Shown before a video plays. Never a picture of a witness who chose anonymity."),
    )
    language = models.CharField(
        _("spoken language"),
        max_length=8,
        choices=TestimonyLanguage.choices,
        default=TestimonyLanguage.ARABIC,
        help_text=_("The language spoken in the recording."),
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("language")]),
        FieldPanel("media"),
        FieldRowPanel([FieldPanel("alternative"), FieldPanel("alternative_label")]),
        FieldPanel("poster"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")

    def __str__(self):
        return self.title or str(self.media)

    @property
    def duration(self):
        return self.media.duration if self.media_id else 0

    @property
    def is_video(self):
        return self.media.type == "video"

    def public_copy(self, ranges):
        """The derivative the public may hear, if one exists that silences every withheld range."""
        if not self.pk:
            return None
        try:
            derivative = self.derivative
        except RecordingDerivative.DoesNotExist:
            return None
        if derivative.source != derivative.signature_for(self.media) or not derivative.file:
            return None
        return derivative if redaction.covers(derivative.silenced, ranges) else None


class RecordingDerivative(models.Model):
    """The public copy of a recording: metadata stripped, withheld moments silenced."""

    recording = models.OneToOneField(Recording, on_delete=models.CASCADE, related_name="derivative")
    file = models.FileField(upload_to="recordings/public", blank=True)
    alternative_file = models.FileField(upload_to="recordings/public", blank=True)
    source = models.CharField(max_length=500, help_text=_("Which original the copy was made from."))
    silenced = models.JSONField(default=list, help_text=_("The (start, end) ranges silenced in the copy."))
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public copy of a recording")

    def __str__(self):
        return self.file.name or self.source

    @staticmethod
    def signature_for(media):
        return f"{media.pk}:{media.file.name}" if media else ""

    def delete_files(self):
        for field in (self.file, self.alternative_file):
            if field:
                field.storage.delete(field.name)


class TranscriptKind(models.TextChoices):
    ORIGINAL = "original", _("original language")
    TRANSLATION = "translation", _("translation")


class TranscriptFormat(models.TextChoices):
    WEBVTT = "webvtt", _("WebVTT")
    SRT = "srt", _("SRT")
    OHMS = "ohms", _("OHMS XML")
    MANUAL = "manual", _("typed in the admin")


class Transcript(ClusterableModel):
    """A time-coded transcript of a recording (or of a testimony with no recording), in one language."""

    testimony = models.ForeignKey(
        "testimonies.TestimonyPage",
        on_delete=models.CASCADE,
        related_name="transcripts",
        verbose_name=_("testimony"),
        help_text=_("The testimony this transcript belongs to."),
    )
    recording = models.ForeignKey(
        Recording,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transcripts",
        verbose_name=_("recording"),
        help_text=_("The recording it follows. Leave empty for a testimony with a transcript and no recording."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=TestimonyLanguage.choices,
        default=TestimonyLanguage.ARABIC,
        help_text=_("The language of this transcript."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=TranscriptKind.choices,
        default=TranscriptKind.ORIGINAL,
        help_text=_("The words as spoken, or a translation of them."),
    )
    source_format = models.CharField(
        _("imported from"),
        max_length=8,
        choices=TranscriptFormat.choices,
        default=TranscriptFormat.MANUAL,
        editable=False,
    )
    source_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")
        ordering = ["testimony_id", "recording_id", "kind", "language", "pk"]
        permissions = [("view_unredacted", "Can read withheld transcript text and hear original recordings")]
        constraints = [
            models.UniqueConstraint(fields=["recording", "language"], name="one_transcript_per_recording_language"),
            models.UniqueConstraint(
                fields=["testimony", "language"],
                condition=models.Q(recording__isnull=True),
                name="one_unattached_transcript_per_language",
            ),
        ]

    def __str__(self):
        title = self.testimony.title if self.testimony_id else ""
        return f"{title} ({self.get_language_display()}, {self.get_kind_display()})"

    @property
    def is_rtl(self):
        return self.language in {"ar", "ku"}

    def clean(self):
        super().clean()
        if self.recording_id and self.testimony_id and self.recording.page_id != self.testimony_id:
            raise ValidationError({"recording": _("This recording belongs to another testimony.")})


class Cue(models.Model):
    """One time-coded line of a transcript."""

    transcript = ParentalKey(Transcript, on_delete=models.CASCADE, related_name="cues")
    identifier = models.CharField(
        _("cue identifier"),
        max_length=255,
        blank=True,
        help_text=_("The cue's name in the imported file, if it had one; kept so an export can be imported again."),
    )
    start = models.FloatField(_("start (seconds)"), help_text=_("When the line begins, in seconds."))
    end = models.FloatField(_("end (seconds)"), help_text=_("When it ends, in seconds."))
    speaker = models.CharField(
        _("speaker"), max_length=200, blank=True, help_text=_("Who speaks, e.g. 'Interviewer'; may stay empty.")
    )
    text = models.TextField(_("text"), help_text=_("What is said. The public never sees withheld parts."))
    redacted = models.BooleanField(
        _("withhold the whole line"),
        default=False,
        help_text=_("The public sees [redacted] and hears silence for this line."),
    )
    redacted_spans = models.TextField(
        _("withheld phrases"),
        blank=True,
        help_text=_(
            "Phrases of this line to withhold, one per line, exactly as in the text. "
            "Each becomes [redacted]; the line's time range is silenced."
        ),
    )
    sealed_until = models.DateField(
        _("sealed until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to withhold indefinitely; on this date the withheld text is released."),
    )

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("speaker")]),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("redacted"), FieldPanel("sealed_until")]),
        FieldPanel("redacted_spans"),
        FieldPanel("identifier"),
    ]

    class Meta:
        verbose_name = _("cue")
        verbose_name_plural = _("cues")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["transcript", "start"], name="recordings_cue_start")]

    def __str__(self):
        return f"{format_clock(self.start)} {self.text[:60]}"

    def clean(self):
        super().clean()
        if self.start is not None and self.start < 0:
            raise ValidationError({"start": _("A cue cannot begin before the recording.")})
        # A cue of no length is valid WebVTT (a moment); one ending before it begins is never shown.
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValidationError({"end": _("A cue cannot end before it begins.")})
        missing = [s for s in redaction.span_list(self.redacted_spans) if not redaction.span_found(self.text, s)]
        if missing:
            raise ValidationError(
                {"redacted_spans": _("Not found in the text: %(spans)s") % {"spans": "; ".join(missing)}}
            )


class Segment(ClusterableModel):
    """A point in the time-coded index: a chapter with what it covers."""

    transcript = ParentalKey(Transcript, on_delete=models.CASCADE, related_name="segments")
    start = models.FloatField(_("start (seconds)"), help_text=_("Where the segment begins, in seconds."))
    title = models.CharField(_("title"), max_length=255, help_text=_("A short heading for this part of the account."))
    synopsis = models.TextField(_("synopsis"), blank=True, help_text=_("What is told here, in a few sentences."))
    keywords = models.TextField(
        _("keywords"), blank=True, help_text=_("Subjects and names covered, separated by semicolons.")
    )
    subjects = models.TextField(
        _("subjects"),
        blank=True,
        help_text=_("Subject headings of a controlled vocabulary (as OHMS keeps them), separated by semicolons."),
    )
    partial_transcript = models.TextField(
        _("opening words"),
        blank=True,
        help_text=_("The first words spoken in this segment, as the index quotes them."),
    )
    links = models.TextField(
        _("links"),
        blank=True,
        help_text=_("Related links, one per line: the address (https://…), a space, then the link's text."),
    )
    gps_points = models.TextField(
        _("map points"),
        blank=True,
        help_text=_(
            "Places on the map, one per line: latitude, longitude, then a description, e.g. '35.13, 36.75 Hama'."
        ),
    )
    places = ParentalManyToManyField(
        "core.Place", blank=True, related_name="+", verbose_name=_("places"), help_text=_("Places spoken of here.")
    )
    people = ParentalManyToManyField(
        "remembrance.Remembrance",
        blank=True,
        related_name="+",
        verbose_name=_("people"),
        help_text=_("People remembered in the memorial who are spoken of here."),
    )
    events = ParentalManyToManyField(
        "history.Event",
        blank=True,
        related_name="+",
        verbose_name=_("events"),
        help_text=_("Timeline events spoken of here."),
    )

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("title")]),
        FieldPanel("synopsis"),
        FieldPanel("keywords"),
        FieldPanel("subjects"),
        FieldPanel("partial_transcript"),
        FieldPanel("links"),
        FieldPanel("gps_points"),
        FieldPanel("places"),
        FieldPanel("people"),
        FieldPanel("events"),
    ]

    class Meta:
        verbose_name = _("index segment")
        verbose_name_plural = _("index segments")
        ordering = ["start", "pk"]

    def __str__(self):
        return f"{format_clock(self.start)} {self.title}"

    def keyword_list(self):
        return [k.strip() for k in self.keywords.split(";") if k.strip()]

    def link_list(self):
        result = []
        for line in self.links.splitlines():
            url, _space, text = line.strip().partition(" ")
            if url.startswith(("https://", "http://")):
                result.append((url, text.strip() or url))
        return result

    def subject_list(self):
        return [s.strip() for s in self.subjects.split(";") if s.strip()]

    def gps_list(self):
        """(latitude, longitude, description) of each valid line of the map points."""
        result = []
        for line in self.gps_points.splitlines():
            match = GPS_LINE.match(line)
            if match:
                latitude, longitude = float(match.group(1)), float(match.group(2))
                if -90 <= latitude <= 90 and -180 <= longitude <= 180:
                    result.append((latitude, longitude, (match.group(3) or "").strip()))
        return result

    def clean(self):
        super().clean()
        bad = [line for line in self.gps_points.splitlines() if line.strip() and not GPS_LINE.match(line)]
        if bad:
            raise ValidationError(
                {"gps_points": _("Not a latitude and longitude: %(lines)s") % {"lines": "; ".join(bad[:5])}}
            )


GPS_LINE = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)(?:\s+(.*))?$")


class TranscriptNote(Orderable):
    """A note of a transcript (an OHMS footnote): shown under the transcript, never spoken."""

    transcript = ParentalKey(Transcript, on_delete=models.CASCADE, related_name="notes")
    number = models.PositiveIntegerField(_("number"), help_text=_("The note's number, as the lines refer to it."))
    text = models.TextField(_("text"), help_text=_("The note: a source, an explanation, a correction."))
    start = models.FloatField(
        _("start (seconds)"),
        null=True,
        blank=True,
        help_text=_("The moment of the line that refers to it. Withheld whenever that moment is."),
    )
    end = models.FloatField(
        _("end (seconds)"), null=True, blank=True, help_text=_("The end of the line that refers to it.")
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"

    def clean(self):
        super().clean()
        if (self.start is None) != (self.end is None):
            raise ValidationError({"end": _("Give both the start and the end of the line, or neither.")})
        if self.start is not None and self.end < self.start:
            raise ValidationError({"end": _("A line cannot end before it begins.")})


def _media_ids(recording):
    return [pk for pk in (recording.media_id, recording.alternative_id) if pk]


def recordings_sharing_media(recording):
    """Every recording row playing the same files (a translated page's copy holds the same original)."""
    ids = _media_ids(recording)
    if not ids:
        return Recording.objects.none()
    return Recording.objects.filter(models.Q(media_id__in=ids) | models.Q(alternative_id__in=ids)).select_related(
        "media", "alternative"
    )


def cues_timed_against(recording):
    """Every cue timed against this recording's files, whichever page's recording row the transcript names.

    A page translated into another language gets its own recording rows for the same original files;
    what is withheld in the transcripts of one is withheld in the sound of all.
    """
    ids = _media_ids(recording)
    if not ids:
        return Cue.objects.none()
    return Cue.objects.filter(
        models.Q(transcript__recording__media_id__in=ids) | models.Q(transcript__recording__alternative_id__in=ids)
    ).only("start", "end", "redacted", "redacted_spans", "sealed_until")
