"""Demo recordings: small sample audio files shipped in `audio/`, with matching transcripts and an
index.

The files hold speech-shaped sound, not speech (`make_audio.py` says how they were made), timed line
by line with `cue_times()`, so every fresh install shows the player with nothing to install. The
public copies are made from them as from any upload. Sample testimony B gets an English recording,
its transcript, a three-part index and one redaction (a name withheld: "[redacted]" in the text,
silence in the public audio). Sample testimony A gets an Arabic recording with its Arabic transcript
and an English translation. Everything is invented and the pages are labelled as samples.
Idempotent: a testimony that already has a recording is left alone.
"""

from django.core.files.base import ContentFile

from memorial.recordings.models import Cue, MediaFile, Recording, Segment, Transcript
from memorial.recordings.signals import refresh_recording
from memorial.testimonies.models import TestimonyPage

from .make_audio import AUDIO, cue_times

ENGLISH_FILE = "sample-witness-b-en.opus"
ARABIC_FILE = "sample-witness-a-ar.opus"

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


def _recording(loader, page, title, language, filename, lines):
    media = MediaFile(title=f"Demo sample: {title}", type="audio")
    media.file.save(filename, ContentFile((AUDIO / filename).read_bytes()), save=False)
    media.save()
    page = TestimonyPage.objects.get(pk=page.pk)
    page.recordings.add(Recording(title=title, media=media, language=language))
    page.save_revision().publish()
    loader.created["recordings"] += 1
    return Recording.objects.get(page=page), cue_times(lines)


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
    pages = loader.pages
    english = pages.get("sample-witness-b-held-in-a-stadium")
    if english is not None and not Recording.objects.filter(page_id=english.pk).exists():
        recording, times = _recording(
            loader, english, "Session 1", "en", ENGLISH_FILE, [text for _s, text, _w in ENGLISH_CUES]
        )
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
        recording, times = _recording(
            loader, arabic, "الجلسة الأولى", "ar", ARABIC_FILE, [ar for _s, ar, _en in ARABIC_CUES]
        )
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
