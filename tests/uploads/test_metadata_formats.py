"""WebP, WAV and videos with cover art lose every piece of metadata; the cleaned copy carries no token of it."""

import io
import tempfile
import wave
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from memorial.core import ffmpeg
from memorial.uploads import pipeline

from . import samples

# What the samples hide in their metadata; none may be found in a cleaned copy's bytes.
TOKENS = (b"SecretCam", b"Witness Real Name", b"Secret title", b"recorded at home", b"adobe:ns:meta", b"GPSLatitude")


def tokens_in(data):
    return {token.decode() for token in TOKENS if token in data}


def run(data, name):
    return pipeline.process(SimpleUploadedFile(name, data))


def tagged_webp():
    """A WebP with EXIF (camera make, GPS) and XMP."""
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    exif[0x013B] = "Witness Real Name"  # Artist
    exif.get_ifd(0x8825)[1] = "N"
    buf = io.BytesIO()
    Image.new("RGB", (32, 24), (120, 80, 40)).save(buf, "WEBP", exif=exif, xmp=samples.XMP)
    return buf.getvalue()


def _cover_jpeg(folder):
    path = Path(folder) / "cover.jpg"
    path.write_bytes(samples.gps_jpeg((32, 32)))
    return str(path)


def video_with_cover_art(container):
    """A video whose cover art is a JPEG with EXIF, with tags on the container and on every stream.

    MP4 carries the cover as an attached picture, Matroska as an attachment.
    """
    with tempfile.TemporaryDirectory() as tmp:
        cover = _cover_jpeg(tmp)
        args = [
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=64x48:rate=5:duration=0.4",
            "-f",
            "lavfi",
            "-i",
            "sine=duration=0.4",
        ]
        if container == "mkv":  # Matroska keeps cover art as an attachment
            args += ["-map", "0", "-map", "1", "-attach", cover, "-metadata:s:t", "mimetype=image/jpeg"]
        else:  # MP4 as an attached picture
            args += ["-i", cover, "-map", "0", "-map", "1", "-map", "2", "-c:v:1", "copy"]
            args += ["-disposition:v:1", "attached_pic"]
        args += [
            "-c:v:0",
            "mpeg4",
            "-c:a",
            "aac",
            "-metadata",
            "title=Secret title",
            "-metadata",
            "artist=Witness Real Name",
            "-metadata",
            "comment=recorded at home",
            "-metadata:s:v:0",
            "title=Secret title",
            "-metadata:s:a:0",
            "title=Witness Real Name",
        ]
        return samples._ffmpeg(args, container)


def test_webp_exif_and_xmp_are_removed():
    """A WebP's EXIF and XMP never survive: the cleaned copy is pixels only."""
    data = tagged_webp()
    assert {"SecretCam", "adobe:ns:meta"} <= tokens_in(data)  # the sample really carries them
    result = run(data, "photo.webp")
    try:
        assert result.is_clean and result.format.key == "webp"
        cleaned = result.cleaned_bytes()
        assert tokens_in(cleaned) == set()
        assert b"EXIF" not in cleaned and b"XMP " not in cleaned
        assert samples.metadata_left(cleaned) == set()
        with Image.open(io.BytesIO(cleaned)) as image:
            assert image.format == "WEBP" and image.size == (32, 24)
    finally:
        result.cleanup()


def test_wav_list_info_chunks_are_removed():
    """A WAV's RIFF LIST/INFO chunks (title, artist, comment) are dropped; the samples are kept."""
    data = samples.tagged_wav()
    assert tokens_in(data) == {"Secret title", "Witness Real Name", "recorded at home"}
    result = run(data, "voice.wav")
    try:
        assert result.is_clean
        cleaned = result.cleaned_bytes()
        assert tokens_in(cleaned) == set()
        assert b"LIST" not in cleaned and b"INFO" not in cleaned
        with wave.open(io.BytesIO(cleaned)) as check:
            assert check.getnframes() == 1600 and check.getframerate() == 8000
    finally:
        result.cleanup()


@pytest.mark.parametrize("container", ["mp4", "mkv"])
def test_video_cover_art_and_stream_tags_are_removed(container):
    """A video's cover art (with its EXIF), attachments and container and stream tags never reach the cleaned copy."""
    data = video_with_cover_art(container)
    assert {"SecretCam", "Secret title", "Witness Real Name"} <= tokens_in(data)
    result = run(data, f"clip.{container}")
    try:
        assert result.is_clean
        cleaned = result.cleaned_bytes()
        assert tokens_in(cleaned) == set()
        assert b"Exif" not in cleaned and b"\xff\xd8\xff" not in cleaned  # no JPEG inside at all
        with tempfile.NamedTemporaryFile(suffix=f".{container}") as fh:
            fh.write(cleaned)
            fh.flush()
            reading = ffmpeg.read(fh.name)
        kinds = sorted(stream.kind for stream in reading.streams)
        assert kinds == ["audio", "video"]
        assert not any(stream.attached_pic for stream in reading.streams)
    finally:
        result.cleanup()
