"""The public view of a testimony's recordings: every text here has passed through redaction."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from memorial.remembrance.models import Remembrance

from . import redaction
from .models import Cue, Recording, Segment, Transcript, cues_timed_against
from .timecodes import format_clock, format_vtt


@dataclass
class PublicCue:
    pk: int
    start: float
    end: float
    speaker: str
    text: str
    withheld: bool

    @property
    def clock(self):
        return format_clock(self.start)


@dataclass
class PublicTranscript:
    transcript: Transcript
    cues: list
    segments: list

    @property
    def pk(self):
        return self.transcript.pk


@dataclass
class PublicRecording:
    recording: Recording | None
    transcripts: list = field(default_factory=list)
    public_copy: object = None
    ranges: list = field(default_factory=list)

    @property
    def segments(self):
        """The index of the first transcript that has one (the original before a translation)."""
        for item in self.transcripts:
            if item.segments:
                return item.segments
        return []

    @property
    def duration(self):
        if self.recording is not None and self.recording.media_id and self.recording.media.duration:
            return self.recording.media.duration
        ends = [cue.end for item in self.transcripts for cue in item.cues]
        return max(ends) if ends else 0


def speaker_label(speaker, testimony):
    """A witness who did not consent to be named is never named by a speaker label."""
    name = (getattr(testimony, "witness_name", "") or "").strip()
    if name and speaker.strip().lower() == name.lower() and testimony.witness_label != name:
        return testimony.witness_label
    return speaker


def public_cues(cues, ranges, testimony, on=None):
    on = on or redaction.today()
    result = []
    for cue in cues:
        withheld = redaction.is_withheld(cue, ranges, on)
        result.append(
            PublicCue(
                pk=cue.pk,
                start=cue.start,
                end=cue.end,
                speaker=speaker_label(cue.speaker, testimony),
                text=redaction.public_text(cue, ranges, on),
                withheld=withheld,
            )
        )
    return result


def transcripts_queryset():
    return Transcript.objects.select_related("testimony", "recording").prefetch_related(
        Prefetch("cues", queryset=Cue.objects.order_by("start", "pk")),
        Prefetch(
            "segments",
            queryset=Segment.objects.order_by("start", "pk").prefetch_related(
                "places", Prefetch("people", queryset=Remembrance.objects.public()), "events"
            ),
        ),
    )


def group_for(testimony, transcripts, recording=None, on=None):
    """One recording (or the testimony's unattached transcripts) with their public cues."""
    on = on or redaction.today()
    all_cues = [cue for t in transcripts for cue in t.cues.all()]
    if recording is not None and recording.media_id:
        # The same files may be timed by transcripts attached to another page's recording (a translation).
        all_cues += list(cues_timed_against(recording).exclude(transcript__in=[t.pk for t in transcripts if t.pk]))
    ranges = redaction.withheld_ranges(all_cues, on)
    ordered = sorted(transcripts, key=lambda t: (t.kind != "original", t.language, t.pk))
    items = [
        PublicTranscript(
            transcript=t, cues=public_cues(t.cues.all(), ranges, testimony, on), segments=list(t.segments.all())
        )
        for t in ordered
    ]
    copy = recording.public_copy(ranges) if recording is not None else None
    return PublicRecording(recording=recording, transcripts=items, public_copy=copy, ranges=ranges)


def translated_transcripts(testimony, recordings, transcripts):
    """Transcripts of the same recordings kept on another language's version of this testimony.

    Translating a page copies its recordings but not the transcripts, which stay with the page
    they were made for; the translated page shows them for the same original files, when that
    version is published and public (its downloads are then public too).
    """
    attached = {t.recording_id for t in transcripts}
    media_ids = {r.media_id for r in recordings if r.media_id and r.pk not in attached}
    if not media_ids or not testimony.pk or not getattr(testimony, "translation_key", None):
        return []
    from memorial.testimonies.models import TestimonyPage

    versions = (
        TestimonyPage.objects.live()
        .public()
        .filter(translation_key=testimony.translation_key)
        .exclude(pk=testimony.pk)
        .values("pk")
    )
    seen, result = set(), []
    queryset = (
        transcripts_queryset()
        .filter(testimony_id__in=versions, recording__media_id__in=media_ids)
        .select_related("recording__media")
        .order_by("pk")
    )
    for transcript in queryset:
        if transcript.pk not in seen:
            seen.add(transcript.pk)
            result.append(transcript)
    return result


def for_testimony(testimony, on=None):
    """Every recording of a testimony (page order), then its transcripts without a recording."""
    if "recordings" in getattr(testimony, "_cluster_related_objects", {}):
        recordings = list(testimony.recordings.all())  # a preview: the recordings in the edit form
    else:
        recordings = list(
            Recording.objects.filter(page_id=testimony.pk)
            .select_related("media", "alternative", "poster", "derivative")
            .order_by("sort_order", "pk")
        )
    transcripts = list(transcripts_queryset().filter(testimony_id=testimony.pk)) if testimony.pk else []
    borrowed = translated_transcripts(testimony, recordings, transcripts)
    groups = []
    for recording in recordings:
        own = [t for t in transcripts if recording.pk and t.recording_id == recording.pk]
        if not own:
            own = [t for t in borrowed if t.recording.media_id == recording.media_id]
        groups.append(group_for(testimony, own, recording, on))
    loose = [t for t in transcripts if t.recording_id is None or t.recording_id not in {r.pk for r in recordings}]
    if loose:
        groups.append(group_for(testimony, loose, None, on))
    return groups


def group_for_transcript(transcript, on=None):
    """The public group a transcript belongs to (for downloads): its recording's, or the loose one."""
    testimony = transcript.testimony
    qs = transcripts_queryset().filter(testimony_id=testimony.pk)
    if transcript.recording_id:
        qs = qs.filter(recording_id=transcript.recording_id)
    else:
        qs = qs.filter(recording__isnull=True)
    return group_for(testimony, list(qs), transcript.recording, on)


# --- files --------------------------------------------------------------------------------


def _vtt_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("-->", "--&gt;")


def captions_vtt(cues):
    lines = ["WEBVTT", ""]
    for cue in cues:
        lines.append(f"{format_vtt(cue.start)} --> {format_vtt(cue.end)}")
        text = _vtt_escape(cue.text)
        if cue.speaker:
            text = f"<v {_vtt_escape(cue.speaker).replace('>', '')}>{text}"
        lines.extend([text, ""])
    return "\n".join(lines)


def chapters_vtt(segments, duration):
    lines = ["WEBVTT", ""]
    for index, segment in enumerate(segments):
        following = segments[index + 1].start if index + 1 < len(segments) else None
        end = following if following is not None else max(duration or 0, segment.start + 1)
        if end <= segment.start:
            end = segment.start + 1
        lines.extend([f"{format_vtt(segment.start)} --> {format_vtt(end)}", _vtt_escape(segment.title), ""])
    return "\n".join(lines)


def plain_text(title, cues):
    lines = [title, ""]
    for cue in cues:
        speaker = f"{cue.speaker}: " if cue.speaker else ""
        lines.append(f"[{format_clock(cue.start)}] {speaker}{cue.text}")
    return "\n".join(lines) + "\n"


def full_vtt(transcript):
    """The unredacted transcript, for Archivists."""
    return captions_vtt(
        [
            PublicCue(pk=c.pk, start=c.start, end=c.end, speaker=c.speaker, text=c.text, withheld=False)
            for c in transcript.cues.order_by("start", "pk")
        ]
    )
