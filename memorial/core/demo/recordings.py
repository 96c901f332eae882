"""Demo recordings: speech synthesised locally with espeak-ng, with matching transcripts and an index.

Sample testimony B gets an English recording, its transcript, a three-part index and one
redaction (a name withheld: "[redacted]" in the text, silence in the public audio). Sample
testimony A gets an Arabic recording with its Arabic transcript and an English translation.
Everything is invented and the pages are labelled as samples. Idempotent: a testimony that
already has a recording is left alone.
"""

import io
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

from django.core.files.base import ContentFile

from memorial.recordings.models import Cue, MediaFile, Recording, Segment, Transcript
from memorial.recordings.signals import refresh_recording
from memorial.testimonies.models import TestimonyPage

GAP_SECONDS = 0.6
ESPEAK = shutil.which("espeak-ng")

# (speaker, text, withheld phrase or "")
ENGLISH_CUES = [
    ("Interviewer", "This is a sample recording for the demonstration archive. Where were you taken?", ""),
    ("Abu Nour", "They took us to the stadium with the other men from our street.", ""),
    ("Abu Nour", "A guard called Abu Khalid read out our names every morning.", "Abu Khalid"),
    ("Interviewer", "How long were you held there?", ""),
    ("Abu Nour", "Eleven days. There was very little food, and no news of my daughter.", ""),
    ("Abu Nour", "When they let us go, I walked home through the old city to look for her.", ""),
]
ENGLISH_INDEX = [
    (0, "Taken to the stadium", "The witness describes being taken with the men of his street.", "detention; stadium"),
    (3, "Eleven days", "Food, the guards and the roll call.", "detention; hunger"),
    (5, "Release and search", "Walking home to look for his daughter.", "release; family"),
]
ARABIC_CUES = [
    ("المحاور", "هذا تسجيل تجريبي لأرشيف العرض.", "This is a sample recording for the demonstration archive."),
    ("الشاهدة", "بدأ القصف في الليل.", "The shelling began in the night."),
    ("الشاهدة", "في الصباح انقطعت الكهرباء والماء.", "In the morning the electricity and water were cut."),
    ("الشاهدة", "نزلنا إلى القبو مع الجيران.", "We went down to the cellar with the neighbours."),
    ("الشاهدة", "في اليوم الرابع خرج أخي ليبحث عن الخبز.", "On the fourth day my brother went out to look for bread."),
]
ARABIC_INDEX = [
    (0, "بداية القصف", "The first night", "الليلة الأولى", "The first night and morning."),
    (3, "في القبو", "In the cellar", "القبو؛ الجيران", "Sheltering with the neighbours; the brother goes out."),
]


def available():
    return ESPEAK is not None


def _speak(text, voice, workdir, index):
    path = Path(workdir) / f"cue-{index}.wav"
    subprocess.run([ESPEAK, "-v", voice, "-s", "150", "-w", str(path), text], check=True, timeout=60)  # noqa: S603
    with wave.open(str(path), "rb") as handle:
        return handle.getparams(), handle.readframes(handle.getnframes())


def synthesise(lines, voice):
    """One WAV of the lines spoken in turn, with the (start, end) of each line in seconds."""
    times, chunks, params = [], [], None
    with tempfile.TemporaryDirectory(prefix="demo-speech-") as workdir:
        position = 0.0
        for index, text in enumerate(lines):
            params, frames = _speak(text, voice, workdir, index)
            rate, width = params.framerate, params.sampwidth * params.nchannels
            seconds = len(frames) / width / rate
            times.append((round(position, 3), round(position + seconds, 3)))
            gap = b"\x00" * (int(GAP_SECONDS * rate) * width)
            chunks.extend([frames, gap])
            position += seconds + len(gap) / width / rate
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setparams(params)
        out.writeframes(b"".join(chunks))
    return buffer.getvalue(), times


def _recording(loader, page, title, language, voice, lines):
    data, times = synthesise(lines, voice)
    media = MediaFile(title=f"Demo: {title}", type="audio")
    media.file.save(f"demo-{page.slug}.wav", ContentFile(data), save=False)
    media.save()
    page = TestimonyPage.objects.get(pk=page.pk)
    page.recordings.add(Recording(title=title, media=media, language=language))
    page.save_revision().publish()
    loader.created["recordings"] += 1
    return Recording.objects.get(page=page), times


def _transcript(recording, language, kind, cues):
    transcript = Transcript.objects.create(
        testimony_id=recording.page_id, recording=recording, language=language, kind=kind
    )
    Cue.objects.bulk_create(
        [
            Cue(transcript=transcript, start=s, end=e, speaker=speaker, text=text, redacted_spans=spans)
            for (s, e), speaker, text, spans in cues
        ]
    )
    return transcript


def load_recordings(loader):
    if not available():
        return
    pages = loader.pages
    english = pages.get("sample-witness-b-held-in-a-stadium")
    if english is not None and not Recording.objects.filter(page_id=english.pk).exists():
        recording, times = _recording(loader, english, "Session 1", "en", "en", [text for _s, text, _w in ENGLISH_CUES])
        transcript = _transcript(
            recording, "en", "original", [(t, s, text, w) for t, (s, text, w) in zip(times, ENGLISH_CUES, strict=True)]
        )
        for cue_index, title, synopsis, keywords in ENGLISH_INDEX:
            Segment.objects.create(
                transcript=transcript, start=times[cue_index][0], title=title, synopsis=synopsis, keywords=keywords
            )
        refresh_recording(recording)
    arabic = pages.get("sample-witness-a-the-first-days")
    if arabic is not None and not Recording.objects.filter(page_id=arabic.pk).exists():
        recording, times = _recording(loader, arabic, "الجلسة الأولى", "ar", "ar", [ar for _s, ar, _en in ARABIC_CUES])
        original = _transcript(
            recording, "ar", "original", [(t, s, ar, "") for t, (s, ar, _en) in zip(times, ARABIC_CUES, strict=True)]
        )
        translation = _transcript(
            recording,
            "en",
            "translation",
            [
                (t, "Witness" if s == "الشاهدة" else "Interviewer", en, "")
                for t, (s, _ar, en) in zip(times, ARABIC_CUES, strict=True)
            ],
        )
        for cue_index, title_ar, title_en, keywords_ar, synopsis_en in ARABIC_INDEX:
            start = times[cue_index][0]
            Segment.objects.create(transcript=original, start=start, title=title_ar, keywords=keywords_ar)
            Segment.objects.create(transcript=translation, start=start, title=title_en, synopsis=synopsis_en)
        refresh_recording(recording)
