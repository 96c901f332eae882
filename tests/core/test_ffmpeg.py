"""ffmpeg comes from PyPI, and what it says of a file replaces ffprobe."""

import os
import subprocess

import pytest

from memorial.core import ffmpeg

REPORT = """ffmpeg version n9.0.2 Copyright (c) 2000-2026 the FFmpeg developers
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mp4':
  Metadata:
    major_brand     : isom
    title           : Secret title
  Duration: 00:01:02.50, start: 0.000000, bitrate: 147 kb/s
  Chapters:
    Chapter #0:0: start 0.000000, end 1.000000
      Metadata:
        title           : Chapter one
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 640x360 [SAR 1:1 DAR 16:9], 5 fps
    Metadata:
      handler_name    : VideoHandler
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 71 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
  Stream #0:2: Video: mjpeg (Baseline), yuvj420p(pc), 300x300, 90k tbr, 90k tbn (attached pic)
At least one output file must be specified
"""


def test_the_default_is_the_binary_shipped_on_pypi(settings):
    """No system ffmpeg is needed: unset, the imageio-ffmpeg build is used."""
    import imageio_ffmpeg

    settings.MEMORIAL_FFMPEG = None
    assert ffmpeg.binary() == imageio_ffmpeg.get_ffmpeg_exe()
    assert os.access(ffmpeg.binary(), os.X_OK)


def test_ffmpeg_binary_overrides_and_empty_means_none(settings, tmp_path):
    """FFMPEG_BINARY names another ffmpeg; an empty value (or a missing one) means there is none."""
    fake = tmp_path / "my-ffmpeg"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    settings.MEMORIAL_FFMPEG = str(fake)
    assert ffmpeg.binary() == str(fake)
    settings.MEMORIAL_FFMPEG = ""
    assert ffmpeg.binary() is None
    with pytest.raises(ffmpeg.FFmpegMissing):
        ffmpeg.required_binary()
    settings.MEMORIAL_FFMPEG = str(tmp_path / "absent")
    assert ffmpeg.binary() is None


def test_the_report_is_parsed_like_ffprobe():
    """Duration, streams, sizes, cover art and metadata are read from `ffmpeg -i`; chapters' titles are not tags."""
    reading = ffmpeg.parse(REPORT)
    assert reading.duration == pytest.approx(62.5)
    assert [s.kind for s in reading.streams] == ["video", "audio", "video"]
    assert (reading.streams[0].width, reading.streams[0].height) == (640, 360)
    assert reading.streams[2].attached_pic
    assert [s.codec for s in reading.of_kind("video")] == ["h264"]
    assert reading.tags == {"major_brand": "isom", "title": "Secret title"}
    assert reading.streams[1].tags == {"handler_name": "SoundHandler"}


def test_a_file_that_is_no_media_is_unreadable(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a recording\n" * 20)
    with pytest.raises(ffmpeg.Unreadable):
        ffmpeg.read(text)
    assert ffmpeg.parse("Error opening input file x.\n") is None


def test_a_real_file_is_read(tmp_path):
    """A tone made by the shipped ffmpeg reads back with its duration, kind and tags."""
    out = tmp_path / "tone.ogg"
    subprocess.run(  # noqa: S603 - a fixed command
        [
            ffmpeg.required_binary(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=duration=1.5",
            "-c:a",
            "libopus",
            "-metadata",
            "title=Tone",
            str(out),
        ],
        check=True,
    )
    reading = ffmpeg.read(out)
    assert [s.kind for s in reading.streams] == ["audio"]
    assert reading.duration == pytest.approx(1.5, abs=0.1)
    assert reading.streams[0].tags.get("title") == "Tone" or reading.tags.get("title") == "Tone"
