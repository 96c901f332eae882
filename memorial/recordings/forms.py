"""The transcript editor's import: a file read into cues and index segments, or clear errors.

Importing a file again keeps what is withheld: each withheld line (or phrase) is carried over to
the new line with the same time range, and a phrase to every new line holding it when its own
line is gone. A withholding that cannot be carried refuses the import, listing it; one whose seal
has ended is reported instead.
"""

from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import redaction
from .models import Cue, Segment, TranscriptNote
from .parsers import MAX_FILE_BYTES, TranscriptError, parse_transcript
from .signals import refresh_for_transcript
from .timecodes import format_clock

SAME_TIME = 0.001  # seconds: the same moment in the old and the new file


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
        recording = self.cleaned_data.get("recording")
        try:
            self.parsed = parse_transcript(data, upload.name or "", duration=recording.duration if recording else None)
        except TranscriptError as exc:
            raise forms.ValidationError(exc.messages()) from exc
        return upload

    def is_valid(self):
        valid = super().is_valid()
        self.carried = None
        parsed = getattr(self, "parsed", None)
        if valid and parsed and parsed.cues:
            self.carried = carry_withholding(self._withheld_marks(), parsed.cues)
            if self.carried.refused:
                self.add_error(
                    "upload",
                    _(
                        "The file was not imported: these withheld passages have no place in it: %(passages)s. "
                        "Mark them in the file (or lift them here first), then import it again."
                    )
                    % {"passages": "; ".join(self.carried.refused)},
                )
                return False
        return valid

    def _withheld_marks(self):
        """Every withholding the transcript has, as stored and as the editor sent it with the file."""
        marks = []
        formset = getattr(self, "formsets", {}).get("cues")
        for form in formset.forms if formset is not None else []:
            data = getattr(form, "cleaned_data", None) or {}
            if data and not data.get("DELETE") and data.get("start") is not None and data.get("end") is not None:
                marks.append(Cue(**{name: data.get(name) for name in MARK_FIELDS}))
        if self.instance.pk:
            marks += list(Cue.objects.filter(transcript_id=self.instance.pk))
        unique = {}
        for cue in marks:
            if cue.redacted or redaction.span_list(cue.redacted_spans):
                key = (
                    cue.start,
                    cue.end,
                    cue.redacted,
                    tuple(redaction.span_list(cue.redacted_spans)),
                    cue.sealed_until,
                )
                unique.setdefault(key, cue)
        return list(unique.values())

    def save(self, commit=True):
        parsed = getattr(self, "parsed", None)
        self.import_warnings = list(parsed.warnings) if parsed else []
        carried = getattr(self, "carried", None)
        if carried is not None:
            self.import_warnings += carried.messages()
        if parsed:
            self.instance.source_format = parsed.format
            self.instance.source_name = (self.cleaned_data["upload"].name or "")[:255]
        with transaction.atomic():
            instance = super().save(commit=commit)
            if commit and parsed:
                replace_rows(instance, parsed, clear_index=self.cleaned_data.get("replace_index"), carried=carried)
        if commit:
            refresh_for_transcript(instance)
        return instance


MARK_FIELDS = ("start", "end", "text", "redacted", "redacted_spans", "sealed_until")


@dataclass
class Withholding:
    """What one new line of the file withholds, carried over from the old lines."""

    redacted: bool = False
    spans: list = field(default_factory=list)
    sealed_until: object = None
    marked: bool = False

    def add(self, sealed_until, whole=False, span=None):
        # Two seals on one line: the line stays withheld as long as the longer one (none is forever).
        if not self.marked:
            self.sealed_until = sealed_until
        elif self.sealed_until is None or sealed_until is None:
            self.sealed_until = None
        else:
            self.sealed_until = max(self.sealed_until, sealed_until)
        self.marked = True
        self.redacted = self.redacted or whole
        if span and span.casefold() not in {s.casefold() for s in self.spans}:
            self.spans.append(span)


@dataclass
class Carried:
    lines: dict = field(default_factory=dict)  # index of the new line -> Withholding
    count: int = 0
    refused: list = field(default_factory=list)
    released: list = field(default_factory=list)

    def messages(self):
        result = []
        if self.count:
            result.append(
                gettext("%(count)s withheld passages were carried over to the imported lines.") % {"count": self.count}
            )
        if self.released:
            result.append(
                gettext("Released passages (their seal has ended) not found in the new file: %(passages)s.")
                % {"passages": "; ".join(self.released)}
            )
        return result


def _describe(mark, span=None):
    moment = f"{format_clock(mark.start)}–{format_clock(mark.end)}"
    if span:
        return gettext("the phrase “%(phrase)s” (%(moment)s)") % {"phrase": span, "moment": moment}
    return gettext("the whole line at %(moment)s") % {"moment": moment}


def carry_withholding(marks, new_cues):
    """Where each old withholding goes among the new lines, and what has nowhere to go."""
    carried = Carried()
    today = redaction.today()

    def line(index):
        return carried.lines.setdefault(index, Withholding())

    for mark in marks:
        same = [
            i
            for i, cue in enumerate(new_cues)
            if abs(cue.start - mark.start) <= SAME_TIME and abs(cue.end - mark.end) <= SAME_TIME
        ]
        missing = []
        if mark.redacted:
            for i in same:
                line(i).add(mark.sealed_until, whole=True)
            if not same:
                missing.append(_describe(mark))
        for span in redaction.span_list(mark.redacted_spans):
            targets = [i for i in same if redaction.span_found(new_cues[i].text, span)]
            targets = targets or [i for i, cue in enumerate(new_cues) if redaction.span_found(cue.text, span)]
            for i in targets:
                line(i).add(mark.sealed_until, span=span)
            if not targets:
                missing.append(_describe(mark, span))
        if missing:
            (carried.refused if redaction.own_withholding(mark, today) else carried.released).extend(missing)
        else:
            carried.count += 1
    carried.refused = list(dict.fromkeys(carried.refused))
    carried.released = list(dict.fromkeys(carried.released))
    return carried


def replace_rows(transcript, parsed, clear_index=False, carried=None):
    """The transcript's cues (and, if the file has an index, its segments) become the file's.

    ``carried`` (from ``carry_withholding``) puts back on the new lines what the old ones withheld.
    """
    if parsed.cues:
        transcript.cues.all().delete()
        # The notes belong to the lines they annotate: new lines bring their own notes (or none).
        transcript.notes.all().delete()
        TranscriptNote.objects.bulk_create(
            TranscriptNote(
                transcript=transcript, sort_order=n.number, number=n.number, text=n.text, start=n.start, end=n.end
            )
            for n in parsed.notes
        )
        lines = carried.lines if carried is not None else {}
        rows = []
        for index, c in enumerate(parsed.cues):
            row = Cue(
                transcript=transcript,
                identifier=c.identifier,
                start=c.start,
                end=c.end,
                speaker=c.speaker,
                text=c.text,
            )
            withholding = lines.get(index)
            if withholding is not None:
                row.redacted = withholding.redacted
                row.redacted_spans = "\n".join(withholding.spans)
                row.sealed_until = withholding.sealed_until
            rows.append(row)
        Cue.objects.bulk_create(rows)
    if parsed.segments or clear_index:
        transcript.segments.all().delete()
        for s in parsed.segments:
            links = "\n".join(f"{url} {text}".strip() for url, text in s.links)
            gps = "\n".join(f"{lat}, {lng} {text}".strip() for lat, lng, text in s.gps)
            Segment.objects.create(
                transcript=transcript,
                start=s.start,
                title=s.title,
                synopsis=s.synopsis,
                keywords=s.keywords,
                subjects=s.subjects,
                partial_transcript=s.partial_transcript,
                links=links,
                gps_points=gps,
            )
