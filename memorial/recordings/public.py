"""The public view of a testimony's recordings: every text here has passed through redaction."""

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext
from wagtail.models import Revision

from memorial.consent.models import ConsentRecord
from memorial.publication import gate
from memorial.remembrance.models import Remembrance
from memorial.testimonies.models import TestimonyPage

from . import redaction
from .models import Cue, Recording, Segment, Transcript, TranscriptNote, cues_timed_against
from .timecodes import format_clock, format_vtt

# How interview transcripts name the interviewer; any other speaker of a testimony whose witness is
# not named is shown as the witness.
INTERVIEWER_WORDS = {"interviewer", "interviewers", "محاور", "المحاور", "محاورة", "المحاورة"}


@dataclass
class PublicCue:
    pk: int
    start: float
    end: float
    speaker: str
    text: str
    withheld: bool
    identifier: str = ""
    notes: list = field(default_factory=list)  # the PublicNotes this line refers to

    @property
    def clock(self):
        return format_clock(self.start)


@dataclass
class PublicSegment:
    """A chapter as the public sees it: everything but its time withheld while its moment is."""

    pk: int
    start: float
    transcript_id: int
    language: str
    title: str
    synopsis: str = ""
    keyword_list: list = field(default_factory=list)
    subject_list: list = field(default_factory=list)
    partial_transcript: str = ""
    link_list: list = field(default_factory=list)
    gps_list: list = field(default_factory=list)
    places: list = field(default_factory=list)
    events: list = field(default_factory=list)
    people: list = field(default_factory=list)
    withheld: bool = False


@dataclass
class PublicNote:
    """A transcript's note as the public may read it: withheld whole while the line referring to it is."""

    pk: int
    number: int
    text: str
    start: float | None
    end: float | None = None
    withheld: bool = False

    @property
    def clock(self):
        return format_clock(self.start) if self.start is not None else ""


@dataclass
class PublicTranscript:
    transcript: Transcript
    cues: list
    segments: list
    notes: list = field(default_factory=list)

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


def _words(text):
    return set(re.findall(r"\w+", (text or "").casefold()))


class SpeakerLabels:
    """Speaker labels as the public may read them, for one testimony.

    A witness who is not named (pseudonym, anonymous, or an anonymised consent) is never named by
    a label: every speaker but the interviewer is shown as the witness, and an interviewer's
    label sharing a word with any name the witness was ever recorded under (the page and its
    translations, their revisions, the consent record) becomes plain "Interviewer". Labels are
    compared case-insensitively, word by word, so spacing and capitals make no difference.
    """

    def __init__(self, testimony):
        self.testimony = testimony
        self.withheld = testimony.withholds_identity()

    def __call__(self, speaker):
        speaker = " ".join((speaker or "").split())
        if not speaker or not self.withheld:
            return speaker
        if not self._is_interviewer(speaker):
            return self.testimony.witness_label
        if _words(speaker) & self.name_words:
            return gettext("Interviewer")
        return speaker

    def _is_interviewer(self, speaker):
        words = _words(speaker)
        interviewer = _words(self.testimony.interviewer)
        return bool(words & (INTERVIEWER_WORDS | _words(gettext("Interviewer")))) or bool(
            interviewer and words and words <= interviewer
        )

    @cached_property
    def name_words(self):
        """Every word of every name the witness was recorded under, in any version of the testimony."""
        testimony = self.testimony
        key = (
            testimony.alias_of.translation_key if getattr(testimony, "alias_of_id", None) else testimony.translation_key
        )
        versions = list(TestimonyPage.objects.filter(translation_key=key).values_list("pk", "witness_name"))
        names = [testimony.witness_name] + [name for _pk, name in versions]
        page_ids = [str(pk) for pk, _name in versions] + ([str(testimony.pk)] if testimony.pk else [])
        names += Revision.page_revisions.filter(object_id__in=page_ids).values_list("content__witness_name", flat=True)
        names += ConsentRecord.objects.filter(testimony__translation_key=key).values_list("given_by", flat=True)
        words = set()
        for name in names:
            if isinstance(name, str):
                words |= _words(name)
        return words


def speaker_label(speaker, testimony):
    """A witness who did not consent to be named is never named by a speaker label."""
    return SpeakerLabels(testimony)(speaker)


def public_cues(cues, ranges, testimony, on=None, labels=None):
    on = on or redaction.today()
    labels = labels or SpeakerLabels(testimony)
    result = []
    for cue in cues:
        withheld = redaction.is_withheld(cue, ranges, on)
        result.append(
            PublicCue(
                pk=cue.pk,
                start=cue.start,
                end=cue.end,
                speaker=labels(cue.speaker),
                text=redaction.public_text(cue, ranges, on),
                withheld=withheld,
            )
        )
    return result


def public_segments(segments, ranges, spans=()):
    """Chapters as the public may read them: one beginning in a withheld moment shows only its time,
    and a phrase withheld in the transcript is withheld in every chapter's words too."""
    result = []
    for segment in segments:
        language = segment.transcript.language if segment.transcript_id else ""
        if redaction.starts_within(segment.start, ranges):
            result.append(
                PublicSegment(
                    pk=segment.pk,
                    start=segment.start,
                    transcript_id=segment.transcript_id,
                    language=language,
                    title=redaction.REDACTED,
                    withheld=True,
                )
            )
            continue
        result.append(
            PublicSegment(
                pk=segment.pk,
                start=segment.start,
                transcript_id=segment.transcript_id,
                language=language,
                title=redaction.redact_phrases(segment.title, spans),
                synopsis=redaction.redact_phrases(segment.synopsis, spans),
                keyword_list=[redaction.redact_phrases(k, spans) for k in segment.keyword_list()],
                subject_list=[redaction.redact_phrases(k, spans) for k in segment.subject_list()],
                partial_transcript=redaction.redact_phrases(segment.partial_transcript, spans),
                link_list=[(url, redaction.redact_phrases(text, spans)) for url, text in segment.link_list()],
                gps_list=[(lat, lng, redaction.redact_phrases(text, spans)) for lat, lng, text in segment.gps_list()],
                places=list(segment.places.all()),
                events=list(segment.events.all()),
                people=list(segment.people.all()),
            )
        )
    return result


def public_notes(notes, ranges, spans=()):
    """Notes as the public may read them.

    A note referred to by a line is withheld whole while any part of that line's time is (a
    withheld line, or a phrase withheld in it): a note can name what the line withholds. Any other
    note has the withheld phrases withheld, as chapters do.
    """
    result = []
    for note in notes:
        timed = note.start is not None and note.end is not None
        withheld = timed and (
            redaction.overlaps(note.start, max(note.end, note.start + 0.001), ranges)
            or redaction.starts_within(note.start, ranges)
        )
        result.append(
            PublicNote(
                pk=note.pk,
                number=note.number,
                text=redaction.REDACTED if withheld else redaction.redact_phrases(note.text, spans),
                start=note.start,
                end=note.end,
                withheld=bool(withheld),
            )
        )
    return result


def refer_to_notes(cues, notes):
    """Each public line gets the notes whose time is its own (the line that referred to them)."""
    by_time = {}
    for note in notes:
        if note.start is not None:
            by_time.setdefault((round(note.start, 3), round(note.end, 3)), []).append(note)
    for cue in cues:
        cue.notes = by_time.get((round(cue.start, 3), round(cue.end, 3)), [])
    return cues


def transcripts_queryset(cues=True):
    """Transcripts with their notes and chapters (and their cues, unless the caller reads them itself)."""
    prefetches = [
        Prefetch("notes", queryset=TranscriptNote.objects.order_by("number", "pk")),
        Prefetch(
            "segments",
            queryset=Segment.objects.order_by("start", "pk").prefetch_related(
                "places", Prefetch("people", queryset=Remembrance.objects.public()), "events"
            ),
        ),
    ]
    if cues:
        prefetches.append(Prefetch("cues", queryset=Cue.objects.order_by("start", "pk")))
    return Transcript.objects.select_related("testimony", "recording").prefetch_related(*prefetches)


class TestimonyCues:
    """The cues of the transcripts a testimony shows (its own, and a translation's it borrows), and the
    marked cues of every transcript timed against the same files as its recordings, read in one query
    for all its recordings."""

    def __init__(self, transcripts, recordings):
        media_ids = {pk for recording in recordings for pk in (recording.media_id, recording.alternative_id) if pk}
        wanted = Q(transcript_id__in=[t.pk for t in transcripts if t.pk])
        if media_ids:
            timed = Q(transcript__recording__media_id__in=media_ids) | Q(
                transcript__recording__alternative_id__in=media_ids
            )
            wanted |= timed & (Q(redacted=True) | ~Q(redacted_spans=""))
        rows = Cue.objects.filter(wanted).annotate(
            media=F("transcript__recording__media_id"), alternative=F("transcript__recording__alternative_id")
        )
        self.rows = list(rows.order_by("start", "pk")) if media_ids or transcripts else []
        self.by_transcript = {}
        for cue in self.rows:
            self.by_transcript.setdefault(cue.transcript_id, []).append(cue)

    def of(self, transcript):
        return self.by_transcript.get(transcript.pk, [])

    def timed_against(self, recording, besides):
        """What ``cues_timed_against(recording)`` finds that can withhold anything, without ``besides``."""
        ids = {pk for pk in (recording.media_id, recording.alternative_id) if pk}
        skip = {t.pk for t in besides}
        return [
            cue
            for cue in self.rows
            if (cue.media in ids or cue.alternative in ids)
            and cue.transcript_id not in skip
            and (cue.redacted or cue.redacted_spans)
        ]


def group_for(testimony, transcripts, recording=None, on=None, cues=None):
    """One recording (or the testimony's unattached transcripts) with their public cues.

    ``cues`` (a ``TestimonyCues``) holds the cues already read for the whole testimony; without it
    they are read here.
    """
    on = on or redaction.today()

    def cues_of(transcript):
        if cues is not None:
            return cues.of(transcript)
        return list(transcript.cues.all())

    all_cues = [cue for t in transcripts for cue in cues_of(t)]
    if recording is not None and recording.media_id:
        # The same files may be timed by transcripts attached to another page's recording (a translation).
        if cues is not None:
            all_cues += cues.timed_against(recording, transcripts)
        else:
            all_cues += list(cues_timed_against(recording).exclude(transcript__in=[t.pk for t in transcripts if t.pk]))
    ranges = redaction.withheld_ranges(all_cues, on)
    spans = redaction.withheld_phrases(all_cues, on)
    labels = SpeakerLabels(testimony)
    ordered = sorted(transcripts, key=lambda t: (t.kind != "original", t.language, t.pk))
    items = []
    for t in ordered:
        notes = public_notes(t.notes.all(), ranges, spans)
        items.append(
            PublicTranscript(
                transcript=t,
                cues=refer_to_notes(public_cues(cues_of(t), ranges, testimony, on, labels), notes),
                segments=public_segments(t.segments.all(), ranges, spans),
                notes=notes,
            )
        )
    copy = recording.public_copy(ranges) if recording is not None else None
    return PublicRecording(recording=recording, transcripts=items, public_copy=copy, ranges=ranges)


def testimony_transcripts(testimony, recordings):
    """(its own transcripts, those it borrows from another language's version), in one query.

    Translating a page copies its recordings but not the transcripts, which stay with the page
    they were made for; the translated page shows them for the same original files, when that
    version is published and public (its downloads are then public too), for each recording that
    has no transcript of its own.
    """
    if not testimony.pk:
        return [], []
    wanted = Q(testimony_id=testimony.pk)
    media_ids = {r.media_id for r in recordings if r.media_id}
    if media_ids and getattr(testimony, "translation_key", None):
        versions = gate.public_pages(
            TestimonyPage.objects.filter(translation_key=testimony.translation_key).exclude(pk=testimony.pk)
        ).values("pk")
        wanted |= Q(testimony_id__in=versions, recording__media_id__in=media_ids)
    rows = list(transcripts_queryset(cues=False).filter(wanted).select_related("recording__media"))
    own = [t for t in rows if t.testimony_id == testimony.pk]
    attached = {t.recording_id for t in own}
    unattached_media = {r.media_id for r in recordings if r.media_id and r.pk not in attached}
    borrowed = sorted(
        (t for t in rows if t.testimony_id != testimony.pk and t.recording.media_id in unattached_media),
        key=lambda t: t.pk,
    )
    return own, borrowed


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
    transcripts, borrowed = testimony_transcripts(testimony, recordings)
    cues = TestimonyCues(transcripts + borrowed, recordings)
    groups = []
    for recording in recordings:
        own = [t for t in transcripts if recording.pk and t.recording_id == recording.pk]
        if not own:
            own = [t for t in borrowed if t.recording.media_id == recording.media_id]
        groups.append(group_for(testimony, own, recording, on, cues))
    loose = [t for t in transcripts if t.recording_id is None or t.recording_id not in {r.pk for r in recordings}]
    if loose:
        groups.append(group_for(testimony, loose, None, on, cues))
    return groups


def for_rendering(testimony):
    """``for_testimony`` once per page object: a page's head and body both ask while it renders."""
    groups = testimony.__dict__.get("_public_recordings")
    if groups is None:
        groups = testimony.__dict__["_public_recordings"] = for_testimony(testimony)
    return groups


def playable(groups):
    """The groups a visitor or a viewer can play: a recording with a public copy and a duration."""
    return [g for g in groups if g.recording is not None and g.public_copy is not None and g.duration]


def group_for_transcript(transcript, on=None):
    """The public group a transcript belongs to (for downloads): its recording's, or the loose one."""
    testimony = transcript.testimony
    qs = transcripts_queryset().filter(testimony_id=testimony.pk)
    if transcript.recording_id:
        qs = qs.filter(recording_id=transcript.recording_id)
    else:
        qs = qs.filter(recording__isnull=True)
    return group_for(testimony, list(qs), transcript.recording, on)


def ranges_for_transcripts(transcripts, on=None):
    """{transcript pk: withheld ranges}, as the page, the player and the public copy use them.

    A transcript timed against a recording shares the ranges of every transcript timed against
    the same files (``cues_timed_against``); one without a recording shares those of its
    testimony's other transcripts without one. Two queries, whatever the number of transcripts.
    """
    on = on or redaction.today()
    marked = Q(redacted=True) | ~Q(redacted_spans="")
    fields = ("start", "end", "redacted", "redacted_spans", "sealed_until")
    media_of = {}
    loose = {}
    for transcript in transcripts:
        recording = transcript.recording if transcript.recording_id else None
        if recording is not None and recording.media_id:
            media_of[transcript.pk] = {pk for pk in (recording.media_id, recording.alternative_id) if pk}
        else:
            loose[transcript.pk] = transcript.testimony_id
    by_media, by_testimony = [], {}
    media_ids = set().union(*media_of.values()) if media_of else set()
    if media_ids:
        rows = Cue.objects.filter(marked).filter(
            Q(transcript__recording__media_id__in=media_ids) | Q(transcript__recording__alternative_id__in=media_ids)
        )
        for values in rows.values_list(
            "transcript__recording__media_id", "transcript__recording__alternative_id", *fields
        ):
            probe = Cue(**dict(zip(fields, values[2:], strict=True)))
            if redaction.own_withholding(probe, on):
                by_media.append(({pk for pk in values[:2] if pk}, (probe.start, probe.end)))
    if loose:
        rows = Cue.objects.filter(marked).filter(
            transcript__testimony_id__in=set(loose.values()), transcript__recording__isnull=True
        )
        for values in rows.values_list("transcript__testimony_id", *fields):
            probe = Cue(**dict(zip(fields, values[1:], strict=True)))
            if redaction.own_withholding(probe, on):
                by_testimony.setdefault(values[0], []).append((probe.start, probe.end))
    result = {}
    for pk, ids in media_of.items():
        result[pk] = sorted(span for cue_ids, span in by_media if cue_ids & ids)
    for pk, testimony_id in loose.items():
        result[pk] = sorted(by_testimony.get(testimony_id, []))
    return result


# --- files --------------------------------------------------------------------------------


def _vtt_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("-->", "--&gt;")


def _vtt_identifier(identifier):
    """A cue identifier as WebVTT allows it: one line, no arrow (an imported one is already so)."""
    return identifier.replace("-->", "- ->").replace("\r", " ").replace("\n", " ")


def captions_vtt(cues, identifiers=False):
    """Cues as WebVTT, overlapping ones included; ``identifiers`` writes each cue's name from its file."""
    lines = ["WEBVTT", ""]
    for cue in cues:
        if identifiers and _vtt_identifier(cue.identifier):
            lines.append(_vtt_identifier(cue.identifier))
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
    """The unredacted transcript, for Archivists: with the cues' identifiers, so it imports back the same."""
    return captions_vtt(
        [
            PublicCue(
                pk=c.pk,
                start=c.start,
                end=c.end,
                speaker=c.speaker,
                text=c.text,
                withheld=False,
                identifier=c.identifier,
            )
            for c in transcript.cues.order_by("start", "pk")
        ],
        identifiers=True,
    )
