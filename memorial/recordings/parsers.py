"""Transcript and index files: WebVTT, SRT and OHMS XML, read into plain cue, segment and note records.

Every parser takes the uploaded bytes and returns a :class:`ParsedTranscript`, or raises
:class:`TranscriptError` with line-numbered messages an editor can act on. Nothing is saved
here: the caller replaces a transcript's rows only once a file has parsed without an error.

Decisions on what real files contain:

- WebVTT is read by the standard's own algorithm (``webvtt.py``): everything a browser plays is
  imported, with the same cues. A cue the standard drops (a timing line it cannot read) is left
  out with a warning naming its line; a file is refused only when it has no WEBVTT signature or no
  cue survives. Cues may overlap (two people speaking at once) and need not be in order.
- SRT has no standard; it is read as leniently as players read it: cue numbers may be missing or
  wrong, milliseconds follow a comma or a full stop, stray blank lines are skipped, and a cue
  whose timing cannot be read is left out with a warning naming its line.
- A byte-order mark is dropped and Windows (CRLF) or old Mac (CR) line endings are read as
  line ends; text that is not UTF-8 (or is UTF-16) is refused with the line it fails on.
- OHMS exports come in two generations: the legacy ``<transcript>`` with its ``<sync>`` map of
  minute marks, and the current ``<vtt_transcript>`` (WebVTT inside the XML). A cue with no
  length (OHMS writes ``00:00:00`` as the end of its last cue) ends where the next cue starts;
  the last one at the recording's end, else the last sync point, else after a reading-time
  estimate. ``[[footnote]]N[[/footnote]]`` markers become references to the transcript's notes,
  and the ``[[footnotes]] … [[/footnotes]]`` block becomes those notes: never spoken words.
"""

import html
import re
from dataclasses import dataclass, field

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import ParseError as XMLParseError
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from . import webvtt
from .timecodes import TimestampError, parse_vtt_timestamp

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_CUES = 20_000
MAX_CUE_CHARS = 10_000
MAX_NOTES = 2_000
MAX_NOTE_CHARS = 20_000
MAX_ERRORS = 20
MAX_WARNINGS = 50
MAX_IDENTIFIER_CHARS = 255
WORDS_PER_SECOND = 2.5


@dataclass
class ParsedCue:
    start: float
    end: float
    text: str
    speaker: str = ""
    line: int = 0
    identifier: str = ""


@dataclass
class ParsedSegment:
    start: float
    title: str
    synopsis: str = ""
    keywords: str = ""
    subjects: str = ""
    partial_transcript: str = ""
    links: list = field(default_factory=list)  # (url, text)
    gps: list = field(default_factory=list)  # (latitude, longitude, description)


@dataclass
class ParsedNote:
    number: int
    text: str
    start: float | None = None  # the time of the first line referring to it, if any
    end: float | None = None


@dataclass
class ParsedTranscript:
    format: str
    cues: list = field(default_factory=list)
    segments: list = field(default_factory=list)
    notes: list = field(default_factory=list)
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


class Warnings(list):
    """Warnings for the editor in the file's line order, at most MAX_WARNINGS, then how many more there were."""

    def __init__(self):
        super().__init__()
        self.hidden = 0

    def at(self, line, message):
        if len(self) < MAX_WARNINGS:
            text = _("Line %(line)s: %(message)s") % {"line": line, "message": message} if line else message
            self.append((line or 0, len(self), text))
        else:
            self.hidden += 1

    def closed(self):
        result = [text for _line, _order, text in sorted(self)]
        if self.hidden:
            result.append(_("…and %(count)s more warnings of the same kind.") % {"count": self.hidden})
        return result


# --- bytes to text ------------------------------------------------------------------------


def decode(data, nulls="refuse"):
    """Text from an upload's bytes: UTF-8 only, BOM dropped, line endings made ``\\n``.

    ``nulls="replace"`` reads a null byte as U+FFFD, as the WebVTT standard does.
    """
    if not data or not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise TranscriptError([(None, _("The file is empty."))])
    if len(data) > MAX_FILE_BYTES:
        raise TranscriptError(
            [(None, _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // (1024 * 1024)})]
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TranscriptError([(1, _("The file is saved as UTF-16. Save it as UTF-8 and upload it again."))])
    data = data.removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in data and nulls != "replace":
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
    return text.replace("\x00", "\ufffd").replace("\r\n", "\n").replace("\r", "\n")


def _estimated_end(cue):
    return cue.start + max(2.0, len(cue.text.split()) / WORDS_PER_SECOND)


def _add_cue(cues, cue):
    cues.append(cue)
    if len(cues) > MAX_CUES:
        raise TranscriptError([(cue.line, _("More than %(n)s cues: split the transcript.") % {"n": MAX_CUES})])


def _no_cues(warnings):
    """The refusal of a file in which no cue survived, with what was dropped."""
    return TranscriptError([(None, _("The file has no cues.")), *((None, w) for w in warnings[: MAX_ERRORS - 1])])


# --- WebVTT -------------------------------------------------------------------------------


def _dropped_message(dropped):
    if dropped.reason == "timing":
        return _("the cue was left out: its timing line cannot be read (%(reason)s).") % {"reason": dropped.detail}
    return _("this block has no timing line (such as 00:01.000 --> 00:04.000), so it was left out.")


BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)  # OHMS writes line breaks inside cues as HTML


def parse_webvtt_text(text, ohms=False, duration=None, line_offset=0):
    """Cues from WebVTT text by the standard's algorithm, with warnings for what it drops.

    ``ohms`` repairs cues with no length (ending where the next begins) instead of warning.
    """
    try:
        parsed = webvtt.parse(text)
    except webvtt.NotWebVTT as exc:
        raise TranscriptError([(1 + line_offset, _("The file does not begin with the WEBVTT header."))]) from exc
    warnings = Warnings()
    for dropped in parsed.dropped:
        warnings.at(dropped.line + line_offset, _dropped_message(dropped))
    cues = []
    for raw in parsed.cues:
        number = raw.line + line_offset
        speaker, body = webvtt.plain_text(BREAK.sub("\n", raw.text) if ohms else raw.text)
        if not body:
            warnings.at(number, _("an empty cue was left out."))
            continue
        identifier = raw.identifier  # kept exactly, spaces and all, as the standard keeps it
        if len(identifier) > MAX_IDENTIFIER_CHARS:
            message = _("the cue identifier was shortened to %(n)s characters.")
            warnings.at(number, message % {"n": MAX_IDENTIFIER_CHARS})
        _add_cue(
            cues,
            ParsedCue(
                start=raw.start,
                end=raw.end,
                text=body[:MAX_CUE_CHARS],
                speaker=speaker[:200],
                line=number,
                identifier=identifier[:MAX_IDENTIFIER_CHARS],
            ),
        )
    if ohms:
        _repair_lengths(cues, duration, warnings)
    else:
        for cue in cues:
            if cue.end < cue.start:
                warnings.at(cue.line, _("the cue ends before it begins, so players never show it: correct its end."))
    return cues, warnings


def _repair_lengths(cues, duration, warnings, last_sync=None):
    """OHMS: a cue with no length (or a reversed one) ends where the next cue begins.

    The last such cue ends at the recording's end, else at the last sync point, else after a
    reading-time estimate.
    """
    order = sorted(range(len(cues)), key=lambda i: cues[i].start)
    for position, index in enumerate(order):
        cue = cues[index]
        if cue.end > cue.start:
            continue
        later = [cues[j].start for j in order[position + 1 :] if cues[j].start > cue.start]
        if later:
            cue.end = later[0]
        elif duration and duration > cue.start:
            cue.end = duration
        elif last_sync and last_sync > cue.start:
            cue.end = last_sync
        else:
            cue.end = _estimated_end(cue)
        warnings.at(
            cue.line or None,
            _("the cue had no length; it now ends at %(end)s.") % {"end": _clock(cue.end)},
        )


def _clock(seconds):
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def parse_webvtt(data):
    cues, warnings = parse_webvtt_text(decode(data, nulls="replace"))
    if not cues:
        raise _no_cues(warnings.closed())
    return ParsedTranscript(format="webvtt", cues=cues, warnings=warnings.closed())


# --- SRT ----------------------------------------------------------------------------------

SRT_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?"
SRT_TIMING = re.compile(rf"^\s*{SRT_TIME}\s*-->\s*{SRT_TIME}(?:\s.*)?$")
SRT_SPEAKER = re.compile(r"^(?:\[([^\]]{1,60})\]|([A-Z][A-Z .'\-]{1,40})):\s*")


def _srt_seconds(hours, minutes, seconds, millis):
    if int(minutes) > 59 or int(seconds) > 59:
        raise TimestampError("minutes and seconds must be below 60")
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int((millis or "0").ljust(3, "0")) / 1000


def srt_timing(line):
    """(start, end) from an SRT timing line, or raises TimestampError with the reason."""
    match = SRT_TIMING.match(line)
    if not match:
        raise TimestampError("expected 00:00:01,000 --> 00:00:04,000")
    groups = match.groups()
    return _srt_seconds(*groups[:4]), _srt_seconds(*groups[4:])


def _finish_srt_cue(cue, lines, cues, warnings):
    if cue is None:
        return
    while lines and lines[-1].strip().isdigit():
        lines.pop()  # the next cue's number, written without a blank line before it
    speaker, body = webvtt.plain_text("\n".join(lines))
    match = SRT_SPEAKER.match(body)
    if not speaker and match:
        speaker = (match.group(1) or match.group(2)).strip()
        body = body[match.end() :]
    if not body:
        warnings.at(cue.line, _("an empty cue was left out."))
        return
    cue.speaker, cue.text = speaker[:200], body[:MAX_CUE_CHARS]
    if cue.end < cue.start:
        warnings.at(cue.line, _("the cue ends before it begins, so players never show it: correct its end."))
    _add_cue(cues, cue)


def parse_srt(data):
    """SRT read line by line: a timing line begins a cue, its text runs to the next cue's number or timing."""
    lines = decode(data).split("\n")
    warnings, cues = Warnings(), []
    cue, text, broken = None, [], False
    expected, counter_warned = 1, False
    last = "blank"  # what the previous line was: blank, counter, timing or text
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if "-->" in line:
            try:
                start, end = srt_timing(line)
            except TimestampError as exc:
                if cue is not None and not broken and last in ("timing", "text"):
                    text.append(line)  # an arrow in the middle of spoken text
                    last = "text"
                    continue
                _finish_srt_cue(cue, text, cues, warnings)
                cue, text, broken = None, [], True
                message = _("the cue was left out: its timing line cannot be read (%(reason)s).")
                warnings.at(number, message % {"reason": exc})
            else:
                _finish_srt_cue(cue, text, cues, warnings)
                cue, text, broken = ParsedCue(start=start, end=end, text="", line=number), [], False
            last = "timing"
            continue
        if not stripped:
            last = "blank"
            continue
        if stripped.isdigit() and (last == "blank" or cue is None):
            if int(stripped) != expected and not counter_warned:
                warnings.at(number, _("the cue numbers are missing or out of order; they were ignored."))
                counter_warned = True
            expected = int(stripped) + 1
            last = "counter"
            continue
        if cue is not None and not broken:
            text.append(line)
        elif cue is None and not broken:
            warnings.at(number, _("text before any timing line was left out."))
            broken = True
        last = "text"
    _finish_srt_cue(cue, text, cues, warnings)
    if not cues:
        raise _no_cues(warnings.closed())
    return ParsedTranscript(format="srt", cues=cues, warnings=warnings.closed())


# --- OHMS footnotes -----------------------------------------------------------------------

FOOTNOTES_BLOCK = re.compile(r"\[\[footnotes\]\](.*?)(?:\[\[/footnotes\]\]|$)", re.DOTALL | re.IGNORECASE)
NOTE_ITEM = re.compile(r"\[\[note\]\](.*?)(?:\[\[/note\]\]|(?=\[\[note\]\])|$)", re.DOTALL | re.IGNORECASE)
FOOTNOTE_MARK = re.compile(r"\s*\[\[footnote\]\]\s*(\d{1,5})\s*\[\[/footnote\]\]", re.IGNORECASE)
LINK_MARK = re.compile(r"\[\[/?link\]\]", re.IGNORECASE)
LEFTOVER_MARK = re.compile(r"\[\[/?(?:footnotes?|note|link)\]\]", re.IGNORECASE)


def split_footnotes(text):
    """(text without its footnotes block, [note texts]); the block's lines stay as blank lines.

    Keeping the line count lets a legacy ``<sync>`` map, which counts lines, still point at the
    right ones.
    """
    notes = []

    def keep_lines(match):
        for item in NOTE_ITEM.findall(match.group(1)):
            words = " ".join(html.unescape(LINK_MARK.sub(" ", item)).split())
            if words:
                notes.append(words[:MAX_NOTE_CHARS])
        return "\n" * match.group(0).count("\n")

    return FOOTNOTES_BLOCK.sub(keep_lines, text), notes[:MAX_NOTES]


def attach_footnotes(cues, note_texts, warnings):
    """Footnote markers taken out of the cues; each note timed by the first line referring to it."""
    notes = [ParsedNote(number=n, text=t) for n, t in enumerate(note_texts, start=1)]
    by_number = {note.number: note for note in notes}
    for cue in cues:
        for number in FOOTNOTE_MARK.findall(cue.text):
            note = by_number.get(int(number))
            if note is None:
                message = _("a reference to footnote %(n)s, which the file does not have.")
                warnings.at(cue.line or None, message % {"n": number})
            elif note.start is None:
                note.start, note.end = cue.start, cue.end
        text = LEFTOVER_MARK.sub("", FOOTNOTE_MARK.sub("", cue.text))
        cue.text = "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())
    return notes


# --- OHMS XML -----------------------------------------------------------------------------


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


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


def _semicolons(*values):
    items = [item.strip() for value in values for item in value.split(";")]
    return "; ".join(item for item in dict.fromkeys(items) if item)[:2000]


GPS = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


def _gps_points(point):
    """(latitude, longitude, description) of each GPS point: inside ``<gpspoints>``, or (older) in the point."""
    result = []
    for holder in [*_children(point, "gpspoints"), point]:
        match = GPS.match(_text(holder, "gps"))
        if not match:
            continue
        latitude, longitude = float(match.group(1)), float(match.group(2))
        if -90 <= latitude <= 90 and -180 <= longitude <= 180:
            result.append((latitude, longitude, _text(holder, "gps_text")[:300]))
    return result


def _ohms_index(record):
    segments = []
    index = _child(record, "index")
    for point in _children(index, "point") if index is not None else []:
        try:
            start = float(_text(point, "time") or "x")
        except ValueError:
            continue
        if not 0 <= start < 1e7:
            continue
        links = []
        for hyperlinks in _children(point, "hyperlinks"):
            url = _text(hyperlinks, "hyperlink")
            if url.startswith(("https://", "http://")) and " " not in url:
                links.append((url[:500], _text(hyperlinks, "hyperlink_text")[:300]))
        segments.append(
            ParsedSegment(
                start=start,
                title=_text(point, "title")[:255] or _("Untitled segment"),
                synopsis=_text(point, "synopsis"),
                keywords=_semicolons(_text(point, "keywords")),
                subjects=_semicolons(_text(point, "subjects")),
                partial_transcript=_text(point, "partial_transcript")[:MAX_CUE_CHARS],
                links=links,
                gps=_gps_points(point),
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
    between two marks becomes a cue, its speaker taken from a leading ``NAME:``. Marks past the
    last transcribed line still count: the last cue ends at the last of them, or at the
    recording's end when no mark comes after its start.
    """
    lines = transcript.split("\n")
    interval_text, _colon, marks_text = sync.partition(":")
    if not interval_text.strip().isdigit() or not 1 <= int(interval_text) <= 600:
        raise TranscriptError([(None, _("The <sync> map does not start with an interval in minutes."))])
    interval = int(interval_text) * 60
    marks = [(0, 0.0)]
    last_sync = 0.0
    for n, mark in enumerate(marks_text.split("|")):
        match = SYNC_POINT.match(mark.strip())
        if not match:
            continue
        last_sync = n * interval
        line_index = min(max(int(match.group(1)) - 1, 0), len(lines))
        if line_index > marks[-1][0]:
            marks.append((line_index, n * interval))
    cues = []
    for i, (line_index, start) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(lines)
        body = "\n".join(" ".join(line.split()) for line in lines[line_index:stop] if line.strip())
        if not body:
            continue
        end = marks[i + 1][1] if i + 1 < len(marks) else 0.0
        speaker = ""
        match = SPEAKER_LINE.match(body)
        if match:
            speaker, body = match.group(1).strip(), body[match.end() :]
        cues.append(ParsedCue(start=start, end=end, text=body[:MAX_CUE_CHARS], speaker=speaker))
    if cues:
        last = cues[-1]
        if last_sync > last.start:
            last.end = max(last.end, last_sync)
        elif duration and duration > last.start:
            last.end = duration
        elif last.end <= last.start:
            last.end = last.start + interval
    return cues, last_sync


def _parse_xml(data):
    try:
        return fromstring(data.removeprefix(b"\xef\xbb\xbf"), forbid_dtd=True)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise TranscriptError([(None, _("The XML declares a DTD or entities, which are not accepted."))]) from exc
    except XMLParseError as exc:
        line = getattr(exc, "position", (None, None))[0]
        raise TranscriptError([(line, _("This is not well-formed XML (%(reason)s).") % {"reason": exc})]) from exc
    except RecursionError as exc:
        raise TranscriptError([(None, _("The XML is nested too deeply to be an OHMS export."))]) from exc


def parse_ohms(data, duration=None):
    """An OHMS export of either generation; ``duration`` (the recording's) ends the last cue when the file does not."""
    decode(data)  # the same checks as every other upload: empty, size, encoding, null bytes
    root = _parse_xml(data)
    record = root if _local(root.tag) == "record" else _child(root, "record")
    if record is None:
        raise TranscriptError([(None, _("This is not an OHMS export: it has no <record>."))])
    duration = _ohms_duration(record) or duration
    result = ParsedTranscript(format="ohms", title=_text(record, "title")[:255], duration=duration)
    result.segments = _ohms_index(record)
    warnings = Warnings()
    vtt = _raw_text(record, "vtt_transcript").replace("\r\n", "\n").replace("\r", "\n").strip()
    transcript = _raw_text(record, "transcript").replace("\r\n", "\n").replace("\r", "\n").strip()
    sync = _text(record, "sync")
    note_texts = []
    if vtt:
        vtt, note_texts = split_footnotes(vtt)
        try:
            cues, vtt_warnings = parse_webvtt_text(vtt, ohms=True, duration=duration)
        except TranscriptError as exc:
            raise TranscriptError(
                [(line, _("in <vtt_transcript>: %(message)s") % {"message": m}) for line, m in exc.errors]
            ) from exc
        result.cues = cues
        for message in vtt_warnings.closed():
            warnings.at(None, _("in <vtt_transcript>: %(message)s") % {"message": message})
    elif transcript and transcript.lower().rstrip(".") != "no transcript":
        transcript, note_texts = split_footnotes(transcript)
        if sync:
            result.cues, _last_sync = _legacy_cues(transcript, sync, duration, warnings)
        else:
            warnings.at(None, _("The transcript has no <sync> map, so it has no timestamps; it was left out."))
    elif sync:
        warnings.at(None, _("The export has a <sync> map but no transcript; the map was ignored."))
    result.notes = attach_footnotes(result.cues, note_texts, warnings)
    emptied = [cue for cue in result.cues if not cue.text]
    result.cues = [cue for cue in result.cues if cue.text]
    if emptied:
        warnings.at(None, _("%(count)s cues held only footnote markup and were left out.") % {"count": len(emptied)})
    if not result.cues and not result.segments:
        raise TranscriptError(
            [(None, _("The OHMS export has neither a transcript nor an index: there is nothing to import."))]
        )
    result.warnings = warnings.closed()
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


def parse_transcript(data, filename="", duration=None):
    """Any supported file, its format read from its content; ``duration`` is the recording's, if known."""
    kind = sniff_format(data, filename)
    if kind == "ohms":
        return parse_ohms(data, duration=duration)
    return FORMATS[kind](data)
