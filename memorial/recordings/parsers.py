"""Transcript and index files: WebVTT, SRT and OHMS XML, read into plain cue and segment records.

Every parser takes the uploaded bytes and returns a :class:`ParsedTranscript`, or raises
:class:`TranscriptError` with line-numbered messages an editor can act on. Nothing is saved
here: the caller replaces a transcript's rows only once a file has parsed without an error.

Decisions on what real files contain:

- A byte-order mark is dropped and Windows (CRLF) or old Mac (CR) line endings are read as
  line ends; text that is not UTF-8 (or is UTF-16) is refused with the line it fails on.
- Cues must be in order and must not overlap: an archive transcript is one line of speech
  after another, and a file that breaks this is usually a broken export.
- OHMS exports end with a cue whose end (``00:00:00``) is before its start. Such a cue is
  kept: it ends where the next cue starts, or for the last cue at the recording's duration
  when the export gives one, otherwise after a reading-time estimate (about 2.5 words a
  second, at least 2 seconds). A warning says so. In a WebVTT or SRT upload the same thing
  is an error, since there nothing explains it.
- OHMS ``<br>`` inside cues become line breaks; ``NOTE`` blocks are skipped.
"""

import html
import re
from dataclasses import dataclass, field

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import ParseError as XMLParseError
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from .timecodes import TimestampError, parse_srt_timestamp, parse_vtt_timestamp

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_CUES = 20_000
MAX_CUE_CHARS = 10_000
MAX_ERRORS = 20
WORDS_PER_SECOND = 2.5


@dataclass
class ParsedCue:
    start: float
    end: float
    text: str
    speaker: str = ""
    line: int = 0


@dataclass
class ParsedSegment:
    start: float
    title: str
    synopsis: str = ""
    keywords: str = ""
    partial_transcript: str = ""
    links: list = field(default_factory=list)  # (url, text)


@dataclass
class ParsedTranscript:
    format: str
    cues: list = field(default_factory=list)
    segments: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    title: str = ""
    duration: float | None = None


class TranscriptError(ValueError):
    """A file that cannot be read; ``errors`` is a list of (line or None, message)."""

    def __init__(self, errors):
        self.errors = errors[:MAX_ERRORS]
        super().__init__("; ".join(self.messages()))

    def messages(self):
        return [
            _("Line %(line)s: %(message)s") % {"line": line, "message": message} if line else message
            for line, message in self.errors
        ]


# --- bytes to text ------------------------------------------------------------------------


def decode(data):
    """Text from an upload's bytes: UTF-8 only, BOM dropped, line endings made ``\\n``."""
    if not data or not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise TranscriptError([(None, _("The file is empty."))])
    if len(data) > MAX_FILE_BYTES:
        raise TranscriptError(
            [(None, _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // (1024 * 1024)})]
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TranscriptError([(1, _("The file is saved as UTF-16. Save it as UTF-8 and upload it again."))])
    data = data.removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise TranscriptError([(line, _("The file contains a null byte: it is not a text file."))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TranscriptError(
            [
                (
                    line,
                    _(
                        "This is not UTF-8 text (perhaps Windows-1256 or Latin-1). "
                        "Save the file as UTF-8 and upload it again."
                    ),
                )
            ]
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- cue text -----------------------------------------------------------------------------

VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>", re.IGNORECASE)
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"</?[a-z][^>]*>|<\d[\d:.]*>", re.IGNORECASE)
SRT_SPEAKER = re.compile(r"^(?:\[([^\]]{1,60})\]|([A-Z][A-Z .'\-]{1,40})):\s*")


def clean_cue_text(raw):
    """Speaker and plain text from WebVTT cue markup (voice spans, styling tags, entities)."""
    speaker = ""
    voice = VOICE.search(raw)
    if voice:
        speaker = html.unescape(voice.group(1)).strip()
    text = BREAK.sub("\n", raw)
    text = TAG.sub("", text)
    text = html.unescape(text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    return speaker[:200], text


def _estimated_end(cue):
    return cue.start + max(2.0, len(cue.text.split()) / WORDS_PER_SECOND)


def _check_sequence(cues, errors, lenient, warnings, duration=None):
    """Order, overlaps and reversed cues; in lenient (OHMS) mode a reversed end is repaired."""
    for index, cue in enumerate(cues):
        if cue.end <= cue.start:
            if lenient:
                following = cues[index + 1].start if index + 1 < len(cues) else None
                if following is not None and following > cue.start:
                    cue.end = following
                elif duration and duration > cue.start:
                    cue.end = duration
                else:
                    cue.end = _estimated_end(cue)
                warnings.append(
                    _("Line %(line)s: the cue ended before it began; it now ends at %(end).3f seconds.")
                    % {"line": cue.line, "end": cue.end}
                )
            else:
                errors.append((cue.line, _("the cue ends before it begins.")))
        if index:
            previous = cues[index - 1]
            if cue.start < previous.start:
                errors.append((cue.line, _("the cue begins before the one above it (cues must be in time order).")))
            elif cue.start < previous.end - 0.0005:
                errors.append((cue.line, _("the cue overlaps the one above it (which ends later).")))


# --- WebVTT -------------------------------------------------------------------------------

VTT_HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")


def _blocks(lines, first_line=1):
    """(line number, [lines]) for each blank-line-separated block."""
    block, start = [], None
    for number, line in enumerate(lines, start=first_line):
        if line.strip() == "":
            if block:
                yield start, block
            block, start = [], None
        else:
            if not block:
                start = number
            block.append(line)
    if block:
        yield start, block


def parse_webvtt_text(text, lenient=False, line_offset=0, duration=None):
    lines = text.split("\n")
    errors, warnings, cues = [], [], []
    if not lines or not VTT_HEADER.match(lines[0].strip() if lenient else lines[0]):
        raise TranscriptError([(1 + line_offset, _("The file does not begin with the WEBVTT header."))])
    header_end = 1
    while header_end < len(lines) and lines[header_end].strip():
        header_end += 1
    for start_line, block in _blocks(lines[header_end:], first_line=header_end + 1 + line_offset):
        head = block[0]
        if head.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in head:
            continue
        timing_index = 0 if "-->" in head else 1
        if timing_index >= len(block) or "-->" not in block[timing_index]:
            errors.append((start_line, _("expected a timing line such as 00:01.000 --> 00:04.000.")))
            continue
        number = start_line + timing_index
        left, _arrow, right = block[timing_index].partition("-->")
        end_text = right.strip().split()[0] if right.strip() else ""
        try:
            start, end = parse_vtt_timestamp(left), parse_vtt_timestamp(end_text)
        except TimestampError as exc:
            errors.append((number, _("bad timestamp (%(reason)s).") % {"reason": exc}))
            continue
        speaker, body = clean_cue_text("\n".join(block[timing_index + 1 :]))
        if not body:
            warnings.append(_("Line %(line)s: an empty cue was left out.") % {"line": number})
            continue
        cues.append(ParsedCue(start=start, end=end, text=body[:MAX_CUE_CHARS], speaker=speaker, line=number))
        if len(cues) > MAX_CUES:
            raise TranscriptError([(number, _("More than %(n)s cues: split the transcript.") % {"n": MAX_CUES})])
        if len(errors) >= MAX_ERRORS:
            break
    if not errors and not cues:
        errors.append((None, _("The file has no cues.")))
    _check_sequence(cues, errors, lenient, warnings, duration)
    if errors:
        raise TranscriptError(errors)
    return ParsedTranscript(format="webvtt", cues=cues, warnings=warnings, duration=duration)


def parse_webvtt(data):
    return parse_webvtt_text(decode(data))


# --- SRT ----------------------------------------------------------------------------------


def parse_srt(data):
    text = decode(data)
    errors, warnings, cues = [], [], []
    for start_line, block in _blocks(text.split("\n")):
        timing_index = 1 if block[0].strip().isdigit() else 0
        if timing_index >= len(block) or "-->" not in block[timing_index]:
            errors.append(
                (start_line, _("expected a cue number and a timing line such as 00:00:01,000 --> 00:00:04,000."))
            )
            if len(errors) >= MAX_ERRORS:
                break
            continue
        number = start_line + timing_index
        left, _arrow, right = block[timing_index].partition("-->")
        try:
            start = parse_srt_timestamp(left)
            end = parse_srt_timestamp(right.strip().split()[0] if right.strip() else "")
        except TimestampError as exc:
            errors.append((number, _("bad timestamp (%(reason)s).") % {"reason": exc}))
            continue
        raw = "\n".join(block[timing_index + 1 :])
        speaker, body = clean_cue_text(raw)
        match = SRT_SPEAKER.match(body)
        if not speaker and match:
            speaker = (match.group(1) or match.group(2)).strip()
            body = body[match.end() :]
        if not body:
            warnings.append(_("Line %(line)s: an empty cue was left out.") % {"line": number})
            continue
        cues.append(ParsedCue(start=start, end=end, text=body[:MAX_CUE_CHARS], speaker=speaker, line=number))
        if len(cues) > MAX_CUES:
            raise TranscriptError([(number, _("More than %(n)s cues: split the transcript.") % {"n": MAX_CUES})])
    if not errors and not cues:
        errors.append((None, _("The file has no cues.")))
    _check_sequence(cues, errors, False, warnings)
    if errors:
        raise TranscriptError(errors)
    return ParsedTranscript(format="srt", cues=cues, warnings=warnings)


# --- OHMS XML -----------------------------------------------------------------------------


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _child(element, name):
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _children(element, name):
    return [child for child in element if _local(child.tag) == name]


def _text(element, name):
    child = _child(element, name) if element is not None else None
    return " ".join((child.text or "").split()) if child is not None else ""


def _raw_text(element, name):
    child = _child(element, name) if element is not None else None
    return (child.text or "") if child is not None else ""


def _ohms_duration(record):
    value = _text(record, "duration")
    try:
        seconds = parse_vtt_timestamp(value + ".000") if value.count(":") == 2 else None
    except TimestampError:
        seconds = None
    return seconds or None


def _ohms_index(record):
    segments = []
    index = _child(record, "index")
    for point in _children(index, "point") if index is not None else []:
        try:
            start = float(_text(point, "time") or "x")
        except ValueError:
            continue
        links = []
        for hyperlinks in _children(point, "hyperlinks"):
            url = _text(hyperlinks, "hyperlink")
            if url.startswith(("https://", "http://")):
                links.append((url[:500], _text(hyperlinks, "hyperlink_text")[:300]))
        keywords = [k.strip() for k in (_text(point, "keywords") + ";" + _text(point, "subjects")).split(";")]
        segments.append(
            ParsedSegment(
                start=max(start, 0.0),
                title=_text(point, "title")[:255] or _("Untitled segment"),
                synopsis=_text(point, "synopsis"),
                keywords="; ".join(k for k in dict.fromkeys(keywords) if k)[:2000],
                partial_transcript=_text(point, "partial_transcript"),
                links=links,
            )
        )
    segments.sort(key=lambda s: s.start)
    return segments


SYNC_POINT = re.compile(r"^(\d+)\((\d+)\)$")
SPEAKER_LINE = re.compile(r"^([A-Z][A-Z .'\-]{1,40}):\s*")


def _legacy_cues(transcript, sync, duration, warnings):
    """Cues from a legacy ``<transcript>`` and its ``<sync>`` map.

    ``<sync>`` reads ``interval:|line(word)|line(word)|…``: the n-th mark is the position in the
    transcript (1-based line, word) reached at n × interval minutes. Each stretch of lines
    between two marks becomes a cue, its speaker taken from a leading ``NAME:``.
    """
    lines = transcript.split("\n")
    interval_text, _colon, marks_text = sync.partition(":")
    if not interval_text.strip().isdigit() or int(interval_text) < 1:
        raise TranscriptError([(None, _("The <sync> map does not start with an interval in minutes."))])
    interval = int(interval_text) * 60
    marks = [(0, 0.0)]
    for n, mark in enumerate(marks_text.split("|")):
        match = SYNC_POINT.match(mark.strip())
        if not match:
            continue
        line_index = min(max(int(match.group(1)) - 1, 0), len(lines))
        if line_index > marks[-1][0]:
            marks.append((line_index, n * interval))
    cues = []
    for i, (line_index, start) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(lines)
        body = "\n".join(" ".join(line.split()) for line in lines[line_index:stop] if line.strip())
        if not body:
            continue
        end = marks[i + 1][1] if i + 1 < len(marks) else (duration or start + interval)
        speaker = ""
        match = SPEAKER_LINE.match(body)
        if match:
            speaker, body = match.group(1).strip(), body[match.end() :]
        cues.append(ParsedCue(start=start, end=max(end, start + 1), text=body[:MAX_CUE_CHARS], speaker=speaker))
    if cues and len(marks) == 1:
        warnings.append(_("The transcript has no <sync> map: it was kept as one cue."))
    return cues


def parse_ohms(data):
    decode(data)  # the same checks as every other upload: empty, size, encoding, null bytes
    try:
        root = fromstring(data.removeprefix(b"\xef\xbb\xbf"), forbid_dtd=True)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise TranscriptError([(None, _("The XML declares a DTD or entities, which are not accepted."))]) from exc
    except XMLParseError as exc:
        line = getattr(exc, "position", (None, None))[0]
        raise TranscriptError([(line, _("This is not well-formed XML (%(reason)s).") % {"reason": exc})]) from exc
    record = root if _local(root.tag) == "record" else _child(root, "record")
    if record is None:
        raise TranscriptError([(None, _("This is not an OHMS export: it has no <record>."))])
    duration = _ohms_duration(record)
    result = ParsedTranscript(format="ohms", title=_text(record, "title")[:255], duration=duration)
    result.segments = _ohms_index(record)
    vtt = _raw_text(record, "vtt_transcript").strip()
    transcript = _raw_text(record, "transcript").strip()
    sync = _text(record, "sync")
    if vtt:
        try:
            parsed = parse_webvtt_text(vtt.replace("\r\n", "\n").replace("\r", "\n"), lenient=True, duration=duration)
        except TranscriptError as exc:
            raise TranscriptError(
                [(line, _("in <vtt_transcript>: %(message)s") % {"message": m}) for line, m in exc.errors]
            ) from exc
        result.cues, result.warnings = parsed.cues, parsed.warnings
    elif transcript and transcript.lower().rstrip(".") != "no transcript":
        if sync:
            result.cues = _legacy_cues(transcript, sync, duration, result.warnings)
        else:
            result.warnings.append(_("The transcript has no <sync> map, so it has no timestamps; it was left out."))
    elif sync:
        result.warnings.append(_("The export has a <sync> map but no transcript; the map was ignored."))
    if not result.cues and not result.segments:
        raise TranscriptError(
            [(None, _("The OHMS export has neither a transcript nor an index: there is nothing to import."))]
        )
    return result


FORMATS = {"webvtt": parse_webvtt, "srt": parse_srt, "ohms": parse_ohms}


def sniff_format(data, filename=""):
    """The format from the content (never trusting the name alone)."""
    head = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:200]
    if head.startswith(b"WEBVTT"):
        return "webvtt"
    if head.startswith(b"<"):
        return "ohms"
    lowered = filename.lower()
    for extension, name in ((".vtt", "webvtt"), (".srt", "srt"), (".xml", "ohms")):
        if lowered.endswith(extension):
            return name
    if re.match(rb"^\d+\s*\r?\n\s*\d", head) or b"-->" in head:
        return "srt"
    return "webvtt"


def parse_transcript(data, filename=""):
    """Any supported file, its format read from its content."""
    return FORMATS[sniff_format(data, filename)](data)
