"""Recordings lose every tag, picture and location without being re-encoded.

Each file is made here with the bundled ffmpeg (and mutagen where ffmpeg cannot plant a tag), in the
containers phones and recorders write, with planted tokens in every place metadata can hide. The
cleaned copy is looked at three ways (its bytes, mutagen, ffmpeg), and its streams are compared with
the original's packet by packet.
"""

import base64
import io
import shutil

import mutagen
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from memorial.uploads import pipeline, recording_cleaning
from memorial.uploads.models import SealedOriginal

from . import samples

LOCATION = "+35.1313+036.7575"


def _apple_keys_mov():
    return samples.phone_video("mov")


def _android_mov():
    """The location as Android and older iPhones write it: ``©xyz`` in the movie's user data."""
    return samples._ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=64x48:rate=5:duration=0.6",
            "-f",
            "lavfi",
            "-i",
            "sine=duration=0.6",
            "-shortest",
            "-c:v",
            "mpeg4",
            "-c:a",
            "aac",
            "-metadata",
            f"location={LOCATION}/",
            "-metadata",
            "title=Qzhome-address",
            "-metadata",
            "artist=Qzwitness-name",
        ],
        "mov",
    )


CASES = {
    "phone.mp4": lambda: samples.phone_video("mp4"),
    "iphone.mov": _apple_keys_mov,
    "android.mov": _android_mov,
    "memo.m4a": samples.voice_memo,
    "voice.mp3": lambda: samples.tagged_recording("mp3"),
    "voice.ogg": lambda: samples.tagged_recording("ogg"),
    "voice.opus": lambda: samples.tagged_recording("opus"),
    "voice.flac": lambda: samples.tagged_recording("flac"),
    "voice.wav": lambda: samples.tagged_recording("wav"),
}


def suffix(name):
    return name.rsplit(".", 1)[1]


def planted_places(data, name):
    """Where the sample hides its metadata, as read before cleaning (to prove the test plants it)."""
    places = set(samples.tokens_in(data))
    audio = mutagen.File(io.BytesIO(data)) if suffix(name) not in ("mov",) else None
    if audio is not None and audio.tags:
        places.add("mutagen tags")
        if "METADATA_BLOCK_PICTURE" in audio.tags:
            places.add("METADATA_BLOCK_PICTURE")
    if getattr(audio, "pictures", None):
        places.add("FLAC picture")
    if suffix(name) == "wav":
        places.update(chunk for chunk in samples.riff_chunks(data) if chunk in ("LIST", "id3 "))
    return places


@pytest.fixture
def cleaned_copy():
    results = []

    def clean(data, name):
        result = pipeline.process(SimpleUploadedFile(name, data))
        results.append(result)
        return result

    yield clean
    for result in results:
        result.cleanup()


@pytest.mark.parametrize("name", CASES)
def test_recording_is_cleaned_without_re_encoding(cleaned_copy, tmp_path, name):
    data = CASES[name]()
    planted = planted_places(data, name)
    assert LOCATION in planted and "Qzwitness-name" in planted, planted  # the sample really carries them
    if name.endswith((".ogg", ".opus")):
        assert "METADATA_BLOCK_PICTURE" in planted
    if name.endswith(".flac"):
        assert "FLAC picture" in planted
    if name.endswith(".wav"):
        assert {"LIST", "id3 "} <= planted
    if name.endswith(".mp3"):
        assert "Qzcover-art" in planted  # the ID3 APIC picture's description

    result = cleaned_copy(data, name)
    assert result.is_clean, result.hold_reason
    copy = result.cleaned_bytes()
    # 1. The bytes: no planted token, in any encoding ID3 uses.
    assert samples.tokens_in(copy) == set()
    # 2. Looked at again, by mutagen, ffmpeg and the file's own structure.
    path = tmp_path / f"copy.{suffix(name)}"
    path.write_bytes(copy)
    assert recording_cleaning.leftovers(str(path), result.format.key, pipeline.ffmpeg_path()) == []
    audio = mutagen.File(path)
    assert audio is None or (not audio.tags and not getattr(audio, "pictures", None))
    tags = samples.ffprobe_tags(copy, suffix(name))
    assert set(tags) <= {"major_brand", "minor_version", "compatible_brands", "stream:handler_name", "stream:vendor_id"}
    if name.endswith((".mp4", ".mov", ".m4a")):
        assert recording_cleaning.mp4_metadata_atoms(str(path)) == []
        assert b"\xa9xyz" not in copy and b"loci" not in copy and b"mdta" not in copy
    if name.endswith(".wav"):
        assert samples.riff_chunks(copy) == ["fmt ", "data"]
    # 3. The sound and pictures: the same packets, bit for bit.
    assert samples.stream_hashes(copy, suffix(name)) == samples.stream_hashes(data, suffix(name))
    assert "bit for bit" in result.note


def test_opus_picture_block_and_vorbis_tags_are_gone(cleaned_copy):
    data = samples.tagged_recording("opus")
    picture = mutagen.File(io.BytesIO(data)).tags["METADATA_BLOCK_PICTURE"][0]
    assert b"Qzcover-art" in base64.b64decode(picture)
    copy = cleaned_copy(data, "voice.opus").cleaned_bytes()
    assert "METADATA_BLOCK_PICTURE" not in (mutagen.File(io.BytesIO(copy)).tags or {})
    assert picture[:40].encode() not in copy


def test_metadata_that_survives_holds_the_recording(cleaned_copy, monkeypatch):
    """If the copy were made with its metadata (an ffmpeg that ignores -map_metadata), the check holds it."""

    def copy_everything(binary, source, target, muxer, maps, timeout):
        shutil.copyfile(source, target)
        return type("Done", (), {"returncode": 0})()

    monkeypatch.setattr(recording_cleaning, "copy_streams", copy_everything)
    result = cleaned_copy(samples.voice_memo(), "memo.m4a")
    assert not result.is_clean
    assert "could not be removed" in result.hold_reason and "atom" in result.hold_reason


def test_streams_that_changed_hold_the_recording(cleaned_copy, monkeypatch):
    calls = []

    def hashes(binary, path, timeout):
        calls.append(path)
        return [f"0,a,SHA256={len(calls)}"]

    monkeypatch.setattr(recording_cleaning, "packet_hashes", hashes)
    result = cleaned_copy(samples.tagged_recording("flac"), "voice.flac")
    assert not result.is_clean and "identical" in result.hold_reason


def test_m4a_without_ffmpeg_is_held(cleaned_copy, monkeypatch):
    monkeypatch.setattr(pipeline, "ffmpeg_path", lambda: None)
    result = cleaned_copy(samples.voice_memo(), "memo.m4a")
    assert not result.is_clean and "M4A" in result.hold_reason


@pytest.mark.parametrize("name", ["memo.m4a", "voice.flac", "voice.mp3", "voice.ogg"])
def test_truncated_recordings_are_refused_or_held_never_published(name):
    data = CASES[name]()[:200]
    try:
        result = pipeline.process(SimpleUploadedFile(name, data))
    except pipeline.UploadRefused as exc:
        assert exc.message
    else:
        try:
            assert not result.is_clean or samples.tokens_in(result.cleaned_bytes()) == set()
        finally:
            result.cleanup()


@pytest.mark.django_db
def test_voice_memo_through_the_public_form(client, site_tree):
    from tests.submissions.test_public_submission import form_data  # the form's fields, shared

    memo = SimpleUploadedFile("memo.m4a", samples.voice_memo(), "audio/mp4")
    response = client.post(reverse("submissions:testimony"), {**form_data(client), "files": memo})
    assert response.status_code == 302
    record = SealedOriginal.objects.get()
    assert record.status == "clean" and "bit for bit" in record.cleaning_note
    with record.cleaned.open("rb") as fh:
        assert samples.tokens_in(fh.read()) == set()


def test_flac_keeps_only_its_sound_blocks(cleaned_copy, tmp_path):
    """An application block (any program's private data) goes with the tags and pictures."""
    from mutagen.flac import FLAC, MetadataBlock

    path = tmp_path / "voice.flac"
    path.write_bytes(samples.tagged_recording("flac"))
    audio = FLAC(path)
    block = MetadataBlock(b"Qzapple-key private data")
    block.code = 2  # APPLICATION
    audio.metadata_blocks.append(block)
    audio.save()
    data = path.read_bytes()
    assert b"Qzapple-key private data" in data
    result = cleaned_copy(data, "voice.flac")
    assert result.is_clean
    copy = result.cleaned_bytes()
    assert samples.tokens_in(copy) == set()
    assert {block.code for block in FLAC(io.BytesIO(copy)).metadata_blocks} <= {0, 1, 3}
    assert samples.stream_hashes(copy, "flac") == samples.stream_hashes(data, "flac")
