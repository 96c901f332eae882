"""Reading recordings (type and duration from the content) and making their public copies with ffmpeg."""

import os
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass

import mutagen
from django.utils.translation import gettext as _

from memorial.core import ffmpeg

PROBE_TIMEOUT = 60
ENCODE_TIMEOUT = 60 * 60


class MediaError(ValueError):
    pass


@dataclass
class MediaInfo:
    kind: str  # "audio" or "video"
    duration: float
    width: int | None = None
    height: int | None = None


@contextmanager
def local_path(file):
    """A path on disk for an uploaded or stored file (ffmpeg reads paths)."""
    path = getattr(file, "temporary_file_path", None)
    if callable(path):
        yield path()
        return
    try:
        stored_path = file.path
    except (AttributeError, NotImplementedError, ValueError):
        stored_path = None  # remote storage (S3) or an in-memory upload: copy it to a temporary file
    if stored_path is not None:
        # Outside the try: an error raised by the caller's block must reach the caller unchanged.
        yield stored_path
        return
    with tempfile.NamedTemporaryFile(suffix=os.path.splitext(getattr(file, "name", "") or "")[1][:10]) as tmp:
        file.seek(0)
        for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(1 << 20), b""):
            tmp.write(chunk)
        tmp.flush()
        file.seek(0)
        yield tmp.name


def probe(path):
    """ffmpeg's reading of a file; MediaError if it is not audio or video."""
    try:
        return ffmpeg.read(path, timeout=PROBE_TIMEOUT)
    except ffmpeg.FFmpegMissing as exc:
        raise MediaError(_("Recordings cannot be read at the moment: this server has no ffmpeg.")) from exc
    except subprocess.TimeoutExpired as exc:
        raise MediaError(_("The file could not be read in time.")) from exc
    except ffmpeg.Unreadable as exc:
        raise MediaError(_("This is not an audio or video file that can be read.")) from exc


def inspect(path):
    """Kind (from the streams, not the name), duration and size of a recording."""
    reading = probe(path)
    video = reading.of_kind("video")
    audio = reading.of_kind("audio")
    if not video and not audio:
        raise MediaError(_("The file has neither sound nor pictures."))
    kind = "video" if video else "audio"
    duration = None
    if kind == "audio":
        try:
            tagged = mutagen.File(path)
            duration = tagged.info.length if tagged is not None and tagged.info else None
        except Exception:
            duration = None
    if not duration:
        duration = reading.duration or 0
    width = video[0].width if video else None
    height = video[0].height if video else None
    return MediaInfo(kind=kind, duration=round(duration or 0, 3), width=width, height=height)


def union(ranges):
    """Ranges merged where they overlap or touch, in order; a range of no length silences nothing."""
    merged = []
    for start, end in sorted((float(s), float(e)) for s, e in ranges if float(e) > float(s)):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(r) for r in merged]


def silence_filter(ranges):
    """An ffmpeg audio filter that mutes each (start, end) range in seconds (overlapping ones as their union)."""
    ranges = union(ranges)
    if not ranges:
        return None
    parts = "+".join(f"between(t,{start:.3f},{end:.3f})" for start, end in ranges)
    return f"volume=enable='{parts}':volume=0"


def make_public_copy(source_path, kind, ranges, output_dir):
    """The public derivative: metadata stripped, redacted ranges silent. Returns the new file's path.

    Audio becomes AAC in an M4A container; video keeps its picture (copied when the MP4
    container takes it, re-encoded otherwise) with the same treated sound.
    """
    audio_filter = silence_filter(ranges)
    suffix = ".mp4" if kind == "video" else ".m4a"
    fd, output = tempfile.mkstemp(suffix=suffix, dir=output_dir)
    os.close(fd)
    try:
        binary = ffmpeg.required_binary()
    except ffmpeg.FFmpegMissing as exc:
        raise MediaError(_("Recordings cannot be prepared at the moment: this server has no ffmpeg.")) from exc
    common = [binary, "-nostdin", "-v", "error", "-y", "-i", source_path, "-map_metadata", "-1", "-map_chapters", "-1"]
    audio = ["-c:a", "aac", "-b:a", "128k"] + (["-af", audio_filter] if audio_filter else [])
    tail = ["-fflags", "+bitexact", "-movflags", "+faststart", output]
    if kind == "video":
        attempts = [
            [*common, "-map", "0:v:0", "-map", "0:a:0?", "-c:v", "copy", *audio, *tail],
            [*common, "-map", "0:v:0", "-map", "0:a:0?", "-c:v", "libx264", "-preset", "veryfast", *audio, *tail],
        ]
    else:
        attempts = [[*common, "-map", "0:a:0", "-vn", *audio, *tail]]
    error = b""
    for command in attempts:
        try:
            result = subprocess.run(command, capture_output=True, timeout=ENCODE_TIMEOUT, check=False)  # noqa: S603
        except subprocess.TimeoutExpired as exc:
            os.unlink(output)
            raise MediaError(_("Making the public copy took too long.")) from exc
        if result.returncode == 0 and os.path.getsize(output) > 0:
            return output
        error = result.stderr
    os.unlink(output)
    raise MediaError(
        _("ffmpeg could not make the public copy: %(error)s") % {"error": error.decode(errors="replace")[-300:]}
    )
