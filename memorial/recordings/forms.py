"""The transcript editor's import: a file read into cues and index segments, or clear errors."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .parsers import MAX_FILE_BYTES, TranscriptError, parse_transcript


class TranscriptForm(WagtailAdminModelForm):
    upload = forms.FileField(
        label=_("transcript or index file"),
        required=False,
        help_text=_(
            "WebVTT (.vtt), SRT (.srt) or an OHMS XML export (.xml), UTF-8. "
            "It replaces the cues below; an OHMS index replaces the segments."
        ),
    )
    replace_index = forms.BooleanField(
        label=_("clear the index when the file has none"),
        required=False,
        help_text=_("Tick to remove the segments below when the imported file brings no index."),
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        self.parsed = None
        if not upload:
            return upload
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        data = upload.read(MAX_FILE_BYTES + 1)
        try:
            self.parsed = parse_transcript(data, upload.name or "")
        except TranscriptError as exc:
            raise forms.ValidationError(exc.messages()) from exc
        return upload

    def save(self, commit=True):
        parsed = getattr(self, "parsed", None)
        self.import_warnings = list(parsed.warnings) if parsed else []
        if parsed:
            self.instance.source_format = parsed.format
            self.instance.source_name = (self.cleaned_data["upload"].name or "")[:255]
        with transaction.atomic():
            instance = super().save(commit=commit)
            if commit and parsed:
                replace_rows(instance, parsed, clear_index=self.cleaned_data.get("replace_index"))
        if commit:
            from .signals import refresh_for_transcript

            refresh_for_transcript(instance)
        return instance


def replace_rows(transcript, parsed, clear_index=False):
    """The transcript's cues (and, if the file has an index, its segments) become the file's."""
    from .models import Cue, Segment

    if parsed.cues:
        transcript.cues.all().delete()
        Cue.objects.bulk_create(
            [Cue(transcript=transcript, start=c.start, end=c.end, speaker=c.speaker, text=c.text) for c in parsed.cues]
        )
    if parsed.segments or clear_index:
        transcript.segments.all().delete()
        for s in parsed.segments:
            links = "\n".join(f"{url} {text}".strip() for url, text in s.links)
            Segment.objects.create(
                transcript=transcript,
                start=s.start,
                title=s.title,
                synopsis=s.synopsis,
                keywords=s.keywords,
                links=links,
            )
