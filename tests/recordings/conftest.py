"""A testimony with a recording, an original transcript with redactions, a translation and an index."""

import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from memorial.core import ffmpeg
from memorial.recordings.models import Cue, MediaFile, Recording, Segment, Transcript
from memorial.recordings.signals import refresh_recording
from memorial.recordings.storage import private_storage
from tests import factories

OHMS = Path(__file__).resolve().parent.parent / "fixtures" / "ohms"
SPAN_SECRET = "Abu Secretname"
WHOLE_SECRET = "the informant lived on Zuhour street"
ARABIC_SECRET = "المخبر"
RELEASED = "the story of the mill"


def _storage_roots():
    return [Path(settings.MEDIA_ROOT), Path(private_storage().location)]


def _everything_under(roots):
    return {path for root in roots if root.exists() for path in root.rglob("*")}


@pytest.fixture(autouse=True)
def _remove_created_files():
    """Each test leaves the media and private folders as it found them.

    Rolling back the database does not delete files: originals and public copies made by a
    test are removed here, and so are the folders made for them.
    """
    roots = _storage_roots()
    existed = {root for root in roots if root.exists()}
    before = _everything_under(roots)
    yield
    created = _everything_under(roots) - before
    for path in sorted(created, key=lambda p: len(p.parts), reverse=True):
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        else:
            path.unlink(missing_ok=True)
    for root in roots:
        if root not in existed and root.exists() and not any(root.iterdir()):
            root.rmdir()


def tone_wav(seconds=10):
    """A plain sine tone (never silent), as WAV bytes, made by ffmpeg."""
    return subprocess.run(  # noqa: S603 - a fixed command
        [
            ffmpeg.required_binary(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            "-f",
            "wav",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout


@dataclass
class Recorded:
    page: object
    recording: object
    original: object
    translation: object
    cues: list


def make_recorded_testimony(parent=None, **page_fields):
    page = (
        factories.TestimonyPageFactory(parent=parent, **page_fields)
        if parent
        else factories.TestimonyPageFactory(**page_fields)
    )
    media = MediaFile(title="Session one", type="audio")
    media.file.save("session.wav", ContentFile(tone_wav()), save=False)
    media.save()
    recording = Recording.objects.create(page=page, media=media, language="en", title="Session one")
    original = Transcript.objects.create(testimony=page, recording=recording, language="en", kind="original")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    cues = [
        Cue(transcript=original, start=0, end=2, speaker="Interviewer", text="Where were you taken?"),
        Cue(
            transcript=original,
            start=2,
            end=4,
            speaker=page.witness_name,
            text="They held us in the stadium by the river.",
        ),
        Cue(
            transcript=original,
            start=4,
            end=6,
            speaker="Witness",
            text=f"The guard {SPAN_SECRET} beat my cousin.",
            redacted_spans=SPAN_SECRET,
        ),
        Cue(transcript=original, start=6, end=8, speaker="Witness", text=f"Later {WHOLE_SECRET}.", redacted=True),
        Cue(
            transcript=original,
            start=8,
            end=9.5,
            speaker="Witness",
            text=f"And {RELEASED}.",
            redacted=True,
            sealed_until=yesterday,
        ),
    ]
    Cue.objects.bulk_create(cues)
    translation = Transcript.objects.create(testimony=page, recording=recording, language="ar", kind="translation")
    Cue.objects.bulk_create(
        [
            Cue(transcript=translation, start=0, end=2, text="أين أخذوك؟"),
            Cue(transcript=translation, start=6, end=8, text=f"ثم {ARABIC_SECRET} سكن في شارع الزهور."),
        ]
    )
    Segment.objects.create(transcript=original, start=0, title="Taken to the stadium", keywords="stadium; detention")
    Segment.objects.create(transcript=original, start=6, title="After the stadium")
    refresh_recording(recording)
    return Recorded(
        page=page, recording=recording, original=original, translation=translation, cues=list(original.cues.all())
    )


@pytest.fixture
def recorded(site_tree):
    return make_recorded_testimony(parent=site_tree.testimony_index)
