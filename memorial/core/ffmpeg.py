"""ffmpeg without system packages: the binary shipped by imageio-ffmpeg, and what ffmpeg says of a file.

The archive needs no ffprobe: `ffmpeg -i FILE` with no output prints the container, its duration, its
streams and their metadata on standard error, which `read()` parses. When the container does not say
how long it is (some streamed WebM or MKV files), the file is decoded to nowhere and the last
timestamp reached is its duration.
"""

import re
import shutil
import subprocess
from dataclasses import dataclass, field

from django.conf import settings

READ_TIMEOUT = 60

_DURATION = re.compile(r"^\s*Duration: (?:(\d+):(\d+):(\d+(?:\.\d+)?)|N/A)")
_STREAM = re.compile(r"^\s*Stream #\d+:\d+\S*: (Video|Audio|Subtitle|Data|Attachment): ([^,\s]+)(.*)$")
_SIZE = re.compile(r", (\d{1,5})x(\d{1,5})[ ,]")
_TIME = re.compile(r"time=(\d+):(\d+):(\d+(?:\.\d+)?)")
_METADATA_LINE = re.compile(r"^(\s*)([^:]+?)\s*: ?(.*)$")


class FFmpegMissing(RuntimeError):
    pass


def binary():
    """The ffmpeg to run, or None.

    `FFMPEG_BINARY` (setting `MEMORIAL_FFMPEG`) overrides; unset, the static build that the
    imageio-ffmpeg package ships is used; set to an empty string, there is no ffmpeg (videos are refused).
    """
    configured = getattr(settings, "MEMORIAL_FFMPEG", None)
    if configured is None:
        try:
            import imageio_ffmpeg  # heavy to import and optional in spirit: only when ffmpeg is wanted

            return imageio_ffmpeg.get_ffmpeg_exe()
        except (ImportError, RuntimeError):
            return shutil.which("ffmpeg")
    return shutil.which(configured) if configured else None


def required_binary():
    """The ffmpeg to run; FFmpegMissing (with what to do) when there is none."""
    found = binary()
    if not found:
        raise FFmpegMissing("ffmpeg not found: install the requirements (imageio-ffmpeg) or set FFMPEG_BINARY.")
    return found


@dataclass
class Stream:
    kind: str  # "video", "audio", "subtitle", "data", "attachment"
    codec: str
    width: int | None = None
    height: int | None = None
    attached_pic: bool = False
    tags: dict = field(default_factory=dict)


@dataclass
class Reading:
    container: str
    duration: float | None
    streams: list
    tags: dict  # the container's metadata

    def of_kind(self, kind):
        return [s for s in self.streams if s.kind == kind and not s.attached_pic]


class Unreadable(ValueError):
    pass


def read(path, *, timeout=READ_TIMEOUT):
    """What ffmpeg reads in a file: container, duration, streams, metadata. Unreadable if nothing."""
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [required_binary(), "-nostdin", "-hide_banner", "-i", str(path)],
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    reading = parse(result.stderr.decode("utf-8", errors="replace"))
    if reading is None:
        raise Unreadable(path)
    if not reading.duration and reading.streams:
        reading.duration = decoded_duration(path, timeout=timeout)
    return reading


def parse(text):
    """A Reading from the report of `ffmpeg -i`, or None when there was no readable input."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Input #0, ")), None)
    if start is None:
        return None
    container = lines[start][len("Input #0, ") :].split(", from ", 1)[0]
    duration = None
    streams = []
    tags = {}
    target = None  # the dict that indented "key : value" lines fill
    depth = None
    in_stream = False
    for line in lines[start + 1 :]:
        if line.startswith(("Input #1", "Output #", "Stream mapping", "At least one output")):
            break
        indent = len(line) - len(line.lstrip(" "))
        stripped = line.strip()
        if stripped == "Metadata:":
            # The container's at two spaces; a stream's under its line; a chapter's is dropped.
            target = tags if indent <= 2 else streams[-1].tags if in_stream else {}
            depth = indent
            continue
        if target is not None and indent > depth:
            match = _METADATA_LINE.match(line)
            if match and match.group(2).strip():
                target[match.group(2).strip()] = match.group(3).strip()
            continue
        target = None
        in_stream = False
        if match := _DURATION.match(line):
            if match.group(1) is not None:
                hours, minutes, seconds = match.groups()
                duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
            continue
        if match := _STREAM.match(line):
            kind, codec, rest = match.groups()
            size = _SIZE.search(rest + " ") if kind == "Video" else None
            streams.append(
                Stream(
                    kind=kind.lower(),
                    codec=codec,
                    width=int(size.group(1)) if size else None,
                    height=int(size.group(2)) if size else None,
                    attached_pic="(attached pic)" in rest,
                )
            )
            in_stream = True
    if not streams and duration is None:
        return None
    return Reading(container=container, duration=duration, streams=streams, tags=tags)


def decoded_duration(path, *, timeout=READ_TIMEOUT):
    """The duration found by decoding the whole file (for containers that do not state it)."""
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [required_binary(), "-nostdin", "-hide_banner", "-i", str(path), "-f", "null", "-"],
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    times = _TIME.findall(result.stderr.decode("utf-8", errors="replace"))
    if not times:
        return None
    hours, minutes, seconds = times[-1]
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
