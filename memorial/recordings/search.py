"""Search to the moment: words spoken in public transcripts, each hit a timestamp and a deep link."""

from dataclasses import dataclass

from memorial.publication import gate
from memorial.testimonies.models import TestimonyPage

from . import public, redaction
from .models import Cue, Recording, Transcript, TranscriptNote
from .public import SpeakerLabels, ranges_for_transcripts
from .timecodes import format_clock

MOMENT_RESULTS = 20
CANDIDATES = 400
SNIPPET_CHARS = 220


@dataclass
class Moment:
    testimony: object
    start: float
    speaker: str
    snippet: str
    language: str
    url: str

    @property
    def clock(self):
        return format_clock(self.start)


def snippet(text, terms):
    lower = text.lower()
    at = min((lower.find(t.lower()) for t in terms if t.lower() in lower), default=0)
    begin = max(0, at - SNIPPET_CHARS // 3)
    piece = text[begin : begin + SNIPPET_CHARS]
    return ("…" if begin else "") + piece + ("…" if begin + SNIPPET_CHARS < len(text) else "")


def _pages_in_locale(cues, locale):
    """The page in this locale for each transcript's testimony, and its recordings by original file."""
    keys = {cue.transcript.testimony.translation_key for cue in cues}
    pages = {
        page.translation_key: page
        for page in gate.public_pages(TestimonyPage.objects.filter(locale=locale, translation_key__in=keys))
    }
    recordings = {}
    for pk, page_id, media_id in (
        Recording.objects.filter(page_id__in=[p.pk for p in pages.values()])
        .order_by("sort_order", "pk")
        .values_list("pk", "page_id", "media_id")
    ):
        recordings.setdefault((page_id, media_id), pk)
    return pages, recordings


def find_moments(query, locale, limit=MOMENT_RESULTS):
    """Cues of public testimonies in this locale whose *public* text holds every word of the query."""
    terms = [t for t in query.split() if t][:8]
    if not terms:
        return []
    pages = gate.public_pages(TestimonyPage.objects.filter(locale=locale))
    # Transcripts stay with the page they were made for; its public translations show them too.
    versions = gate.public_pages(TestimonyPage.objects.filter(translation_key__in=pages.values("translation_key")))
    qs = Cue.objects.filter(transcript__testimony__in=versions)
    for term in terms:
        qs = qs.filter(text__icontains=term)
    candidates = list(
        qs.select_related("transcript__testimony", "transcript__recording__media").order_by(
            "transcript__testimony_id", "transcript_id", "start"
        )[:CANDIDATES]
    )
    if not candidates:
        return []
    # The ranges the page and the public copy use: every transcript timed against the same files.
    on = redaction.today()
    ranges = ranges_for_transcripts({c.transcript_id: c.transcript for c in candidates}.values(), on)
    labels = {}
    local_pages, local_recordings = _pages_in_locale(candidates, locale)
    moments = []
    for cue in candidates:
        transcript = cue.transcript
        text = redaction.public_text(cue, ranges.get(transcript.pk, []), on)
        lowered = text.lower()
        if not all(term.lower() in lowered for term in terms):
            continue
        testimony = local_pages.get(transcript.testimony.translation_key)
        if testimony is None:
            continue
        url = testimony.get_url() or ""
        params = f"?t={format_clock(cue.start)}"
        recording_id = transcript.recording_id
        if recording_id and testimony.pk != transcript.testimony_id:
            recording_id = local_recordings.get((testimony.pk, transcript.recording.media_id))
        if recording_id:
            params += f"&recording={recording_id}"
        moments.append(
            Moment(
                testimony=testimony,
                start=cue.start,
                speaker=labels.setdefault(testimony.pk, SpeakerLabels(testimony))(cue.speaker),
                snippet=snippet(text, terms),
                language=transcript.language,
                url=f"{url}{params}#cue-{cue.pk}",
            )
        )
        if len(moments) >= limit:
            break
    return moments


@dataclass
class NoteHit:
    """A transcript's note holding the words searched for: found as a note, never as speech."""

    testimony: object
    number: int
    snippet: str
    language: str
    url: str


NOTE_TRANSCRIPTS = 20


def find_notes(query, locale, limit=MOMENT_RESULTS):
    """Notes of public transcripts whose *public* text (withheld notes withheld) holds every word."""
    terms = [t for t in query.split() if t][:8]
    if not terms:
        return []
    pages = gate.public_pages(TestimonyPage.objects.filter(locale=locale))
    versions = gate.public_pages(TestimonyPage.objects.filter(translation_key__in=pages.values("translation_key")))
    qs = TranscriptNote.objects.filter(transcript__testimony__in=versions)
    for term in terms:
        qs = qs.filter(text__icontains=term)
    transcript_ids = list(
        qs.order_by("transcript_id").values_list("transcript_id", flat=True).distinct()[:NOTE_TRANSCRIPTS]
    )
    if not transcript_ids:
        return []
    transcripts = list(Transcript.objects.filter(pk__in=transcript_ids).select_related("testimony", "recording__media"))
    local_pages, _recordings = _pages_in_locale([_Probe(t) for t in transcripts], locale)
    hits = []
    for transcript in transcripts:
        testimony = local_pages.get(transcript.testimony.translation_key)
        if testimony is None:
            continue
        group = public.group_for_transcript(transcript)
        item = next(i for i in group.transcripts if i.pk == transcript.pk)
        for note in item.notes:
            lowered = note.text.lower()
            if note.withheld or not all(term.lower() in lowered for term in terms):
                continue
            hits.append(
                NoteHit(
                    testimony=testimony,
                    number=note.number,
                    snippet=snippet(note.text, terms),
                    language=transcript.language,
                    url=f"{testimony.get_url() or ''}#note-{transcript.pk}-{note.number}",
                )
            )
            if len(hits) >= limit:
                return hits
    return hits


@dataclass
class _Probe:
    """A transcript dressed as a cue for ``_pages_in_locale``."""

    transcript: object
