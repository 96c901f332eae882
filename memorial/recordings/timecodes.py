"""Timestamps: reading them from files and URLs, writing them for people and for WebVTT."""

import re

# WebVTT: [hh:]mm:ss.ttt, hours of any length (recordings longer than an hour, or than a day).
VTT_TIMESTAMP = re.compile(r"^(?:(\d{1,3}):)?(\d{2}):(\d{2})\.(\d{3})$")
# SRT: hh:mm:ss,ttt (a full stop is tolerated, as many tools write one).
SRT_TIMESTAMP = re.compile(r"^(\d{1,3}):(\d{2}):(\d{2})[,.](\d{1,3})$")
# A visitor's deep link: 83, 83.5, 1:23, 01:02:03 (at most 99 hours).
URL_TIME = re.compile(r"^(?:(\d{1,2}):)?(?:(\d{1,2}):)?(\d{1,7})(?:\.(\d{1,3}))?$")
MAX_SECONDS = 100 * 3600


class TimestampError(ValueError):
    pass


def _seconds(hours, minutes, seconds, millis):
    if int(minutes) > 59 or int(seconds) > 59:
        raise TimestampError("minutes and seconds must be below 60")
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis.ljust(3, "0")) / 1000


def parse_vtt_timestamp(text):
    match = VTT_TIMESTAMP.match(text.strip())
    if not match:
        raise TimestampError("expected hh:mm:ss.ttt or mm:ss.ttt")
    return _seconds(*match.groups())


def parse_srt_timestamp(text):
    match = SRT_TIMESTAMP.match(text.strip())
    if not match:
        raise TimestampError("expected hh:mm:ss,ttt")
    return _seconds(*match.groups())


def parse_url_time(value):
    """Seconds from a deep link's ``t`` (``83``, ``1:23``, ``1:02:03``, ``83.5``); None if it is not one."""
    text = str(value or "").strip().lower().removesuffix("s")
    if not text or len(text) > 16:
        return None
    match = URL_TIME.match(text)
    if not match:
        return None
    first, second, last, fraction = match.groups()
    parts = [p for p in (first, second) if p is not None]
    if len(parts) == 2:
        hours, minutes = int(parts[0]), int(parts[1])
    elif len(parts) == 1:
        hours, minutes = 0, int(parts[0])
    else:
        hours, minutes = 0, 0
    seconds = int(last)
    if parts and seconds > 59 or (len(parts) == 2 and minutes > 59):
        return None
    total = hours * 3600 + minutes * 60 + seconds + (int(fraction.ljust(3, "0")) / 1000 if fraction else 0)
    return total if total < MAX_SECONDS else None


def format_vtt(seconds):
    """``hh:mm:ss.ttt`` as WebVTT writes it."""
    millis = round(max(seconds, 0) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def format_clock(seconds):
    """``1:23`` or ``1:02:03``, as a person reads a timestamp and as deep links carry it."""
    whole = int(max(seconds, 0))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_iso_duration(seconds):
    """``PT1M23S`` for the ``datetime`` attribute of ``<time>``."""
    whole = int(max(seconds, 0))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"
