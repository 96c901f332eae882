"""The WebVTT parser of the W3C standard, as the archive reads a file.

This follows "WebVTT file parsing" (https://www.w3.org/TR/webvtt1/#file-parsing) step by step, so
that a file imports with the cues a browser plays from it:

- The signature: the text must begin with ``WEBVTT``, alone or followed by a space, a tab or a
  line end. Anything else is not a WebVTT file.
- The header is the rest of the first block. A line holding ``-->`` ends the header even without
  a blank line before it: that line begins the first cue.
- Then blocks, separated by blank lines. A block is a cue when its first line, or its second line
  after an identifier, holds ``-->``. A further line holding ``-->`` in the same block ends the
  cue: it begins the next one (it is never spoken text).
- A cue whose timing line cannot be read is dropped, and so is the rest of its block; every other
  cue is kept. Timestamps are ``mm:ss.ttt`` or ``hh:mm:ss.ttt`` (hours of any length; minutes and
  seconds below 60; exactly three digits of milliseconds). What follows the end time (cue
  settings) is ignored, as are NOTE, STYLE and REGION blocks.
- Cues may overlap and need not be in order; a cue ending before it begins is kept as it is.

Where the standard drops something silently, this parser says what it dropped and on which line,
so an editor can correct the file. The cue text stays as written (tags and all);
:func:`plain_text` reads it into the speaker and the words.
"""

import html
import re
from dataclasses import dataclass, field

DIGITS = "0123456789"
WHITESPACE = " \t\n\f\r"
MAX_TIMESTAMP_DIGITS = 9  # hours beyond a billion are a broken file, and int() of a huge string is slow


class NotWebVTT(ValueError):
    """The text does not begin with the WebVTT signature."""


@dataclass
class RawCue:
    identifier: str
    start: float
    end: float
    text: str
    line: int  # the line of its timing


@dataclass
class Dropped:
    line: int
    reason: str  # a code: "timing" (with detail) or "no-timing"
    detail: str = ""


@dataclass
class ParsedFile:
    cues: list = field(default_factory=list)
    dropped: list = field(default_factory=list)


class _TimestampError(ValueError):
    pass


def _digits(text, i):
    j = i
    while j < len(text) and text[j] in DIGITS:
        j += 1
    return text[i:j], j


def _timestamp(text, i):
    """(seconds, position after) of the WebVTT timestamp at ``i``; raises _TimestampError."""
    if i >= len(text) or text[i] not in DIGITS:
        raise _TimestampError("expected a timestamp such as 00:01.000 or 00:00:01.000")
    first, i = _digits(text, i)
    if len(first) > MAX_TIMESTAMP_DIGITS:
        raise _TimestampError("the hours are too long")
    hours_first = len(first) != 2 or int(first) > 59
    if i >= len(text) or text[i] != ":":
        raise _TimestampError("expected a colon after the first number")
    second, i = _digits(text, i + 1)
    if len(second) != 2:
        raise _TimestampError("minutes and seconds take exactly two digits")
    if hours_first or (i < len(text) and text[i] == ":"):
        if i >= len(text) or text[i] != ":":
            raise _TimestampError("expected hh:mm:ss.ttt")
        third, i = _digits(text, i + 1)
        if len(third) != 2:
            raise _TimestampError("minutes and seconds take exactly two digits")
        hours, minutes, seconds = int(first), int(second), int(third)
    else:
        hours, minutes, seconds = 0, int(first), int(second)
    if i >= len(text) or text[i] != ".":
        raise _TimestampError("expected a full stop before the milliseconds")
    millis, i = _digits(text, i + 1)
    if len(millis) != 3:
        raise _TimestampError("milliseconds take exactly three digits")
    if minutes > 59 or seconds > 59:
        raise _TimestampError("minutes and seconds must be below 60")
    return hours * 3600 + minutes * 60 + seconds + int(millis) / 1000, i


def _skip_whitespace(text, i):
    while i < len(text) and text[i] in WHITESPACE:
        i += 1
    return i


def timings(line):
    """(start, end) from a cue's timing line, its settings ignored; raises ValueError with the reason."""
    i = _skip_whitespace(line, 0)
    start, i = _timestamp(line, i)
    i = _skip_whitespace(line, i)
    if line[i : i + 3] != "-->":
        raise _TimestampError("expected --> after the start time")
    i = _skip_whitespace(line, i + 3)
    end, i = _timestamp(line, i)
    return start, end


STYLE_OR_REGION = re.compile(r"^(?:STYLE|REGION)[ \t\n\f\r]*$")
NOTE = re.compile(r"^NOTE(?:[ \t\n]|$)")


class _Reader:
    """The standard's ``position`` over the input, with the line it is on."""

    def __init__(self, text):
        self.text = text
        self.pos = 0
        self.line = 1

    @property
    def at_end(self):
        return self.pos >= len(self.text)

    def collect_line(self):
        """The characters up to the next line end; True as second value when the input ended first."""
        end = self.text.find("\n", self.pos)
        if end == -1:
            line, self.pos = self.text[self.pos :], len(self.text)
            return line, True
        line, self.pos = self.text[self.pos : end], end + 1
        self.line += 1
        return line, False

    def skip_line_ends(self):
        while self.pos < len(self.text) and self.text[self.pos] == "\n":
            self.pos += 1
            self.line += 1

    def mark(self):
        return self.pos, self.line

    def reset(self, mark):
        self.pos, self.line = mark


def _collect_block(reader, result, in_header=False, seen_cue=False):
    """One block; returns (cue or None, seen_cue). Records what a broken block loses."""
    first_line = reader.line
    line_count = 0
    previous = reader.mark()
    buffer = ""
    seen_arrow = False
    cue = None
    failure = None
    special = False  # a STYLE or REGION block
    while True:
        number = reader.line
        line, seen_eof = reader.collect_line()
        line_count += 1
        if "-->" in line:
            if not in_header and (line_count == 1 or (line_count == 2 and not seen_arrow)):
                seen_arrow = True
                previous = reader.mark()
                try:
                    start, end = timings(line)
                except _TimestampError as exc:
                    cue, failure = None, Dropped(number, "timing", str(exc))
                else:
                    cue = RawCue(identifier=buffer, start=start, end=end, text="", line=number)
                    buffer, seen_cue = "", True
            else:
                reader.reset(previous)
                break
        elif line == "":
            break
        else:
            if not in_header and line_count == 2 and not seen_cue and STYLE_OR_REGION.match(buffer):
                special, buffer = True, ""
            if buffer:
                buffer += "\n"
            buffer += line
            previous = reader.mark()
        if seen_eof:
            break
    if cue is not None:
        cue.text = buffer
        return cue, seen_cue
    if failure is not None:
        result.dropped.append(failure)
    elif not in_header and not special and buffer and not NOTE.match(buffer):
        result.dropped.append(Dropped(first_line, "no-timing"))
    return None, seen_cue


def parse(text):
    """Every cue the standard's parser finds in ``text``, and what it dropped; raises NotWebVTT."""
    text = text.replace("\x00", "\ufffd").replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("WEBVTT") or (len(text) > 6 and text[6] not in " \t\n"):
        raise NotWebVTT(text[:20])
    result = ParsedFile()
    reader = _Reader(text)
    reader.collect_line()  # the signature line
    if reader.at_end:
        return result
    seen_cue = False
    if reader.text[reader.pos] != "\n":
        _cue, seen_cue = _collect_block(reader, result, in_header=True)
    else:
        reader.pos += 1
        reader.line += 1
    reader.skip_line_ends()
    while not reader.at_end:
        cue, seen_cue = _collect_block(reader, result, seen_cue=seen_cue)
        if cue is not None:
            result.cues.append(cue)
        reader.skip_line_ends()
    return result


# --- cue text -------------------------------------------------------------------------------

TAG_NAME = re.compile(r"^([^\s.]*)[^\s]*(.*)$", re.DOTALL)


def plain_text(raw):
    """(speaker, words) from cue text, by the standard's cue text rules.

    Tags (``<i>``, ``<c.loud>``, ``<00:01.000>``…) are removed, character references are read, and
    the first voice span (``<v Name>``) gives the speaker. As in the standard, a ``<`` opens a tag
    that runs to the next ``>`` (or to the end of the cue).
    """
    words, speaker, i = [], "", 0
    while i < len(raw):
        if raw[i] == "<":
            close = raw.find(">", i + 1)
            tag = raw[i + 1 :] if close == -1 else raw[i + 1 : close]
            i = len(raw) if close == -1 else close + 1
            if tag.startswith("/") or tag[:1] in DIGITS:
                continue
            name, annotation = TAG_NAME.match(tag).groups()
            if name == "v" and not speaker:
                speaker = " ".join(html.unescape(annotation).split())
            continue
        following = raw.find("<", i)
        following = len(raw) if following == -1 else following
        words.append(raw[i:following])
        i = following
    text = html.unescape("".join(words))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return speaker, "\n".join(line for line in lines if line)
