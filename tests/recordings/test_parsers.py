"""Transcript parsers: valid files become cues and segments; broken or hostile files give line-numbered errors."""

from pathlib import Path

import pytest

from memorial.recordings.parsers import (
    MAX_FILE_BYTES,
    TranscriptError,
    parse_ohms,
    parse_srt,
    parse_transcript,
    parse_webvtt,
)
from memorial.recordings.timecodes import format_clock, format_vtt, parse_url_time

OHMS = Path(__file__).resolve().parent.parent / "fixtures" / "ohms"

VALID_VTT = """WEBVTT

NOTE a comment that is skipped

1
00:00:01.000 --> 00:00:04.000
<v Interviewer>Where were you on the first night?

00:04.500 --> 00:09.000 align:start
<v.witness Umm Ahmad>We were in the cellar &amp; it was <i>cold</i>.
We could hear the guns.

01:00:00.000 --> 01:00:05.000
Past the first hour.
"""


def errors_of(call, data):
    with pytest.raises(TranscriptError) as info:
        call(data)
    return info.value.errors


def test_webvtt_voice_spans_become_speakers_and_tags_are_removed():
    """Voice spans give the speaker; styling tags and entities are read into plain text."""
    parsed = parse_webvtt(VALID_VTT.encode())
    assert [c.speaker for c in parsed.cues] == ["Interviewer", "Umm Ahmad", ""]
    assert parsed.cues[1].text == "We were in the cellar & it was cold.\nWe could hear the guns."
    assert (parsed.cues[1].start, parsed.cues[1].end) == (4.5, 9.0)
    assert parsed.cues[2].start == 3600.0  # recordings longer than an hour


def test_webvtt_with_bom_and_windows_line_endings_reads_the_same():
    """A byte-order mark and CRLF (or CR) line endings are accepted and read as plain line ends."""
    crlf = b"\xef\xbb\xbf" + VALID_VTT.replace("\n", "\r\n").encode()
    cr = VALID_VTT.replace("\n", "\r").encode()
    for data in (crlf, cr):
        parsed = parse_webvtt(data)
        assert [c.text for c in parsed.cues] == [c.text for c in parse_webvtt(VALID_VTT.encode()).cues]


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_empty_files_are_refused_clearly(data):
    """An empty file (or only a BOM or blank lines) is an error that says so."""
    assert "empty" in errors_of(parse_webvtt, data)[0][1]


def test_missing_header_is_reported_on_line_one():
    """A WebVTT file must begin with WEBVTT."""
    errors = errors_of(parse_webvtt, b"00:00:01.000 --> 00:00:02.000\nHello\n")
    assert errors[0][0] == 1 and "WEBVTT" in errors[0][1]


def test_wrong_encoding_names_the_line():
    """Windows-1256 or Latin-1 text is refused, with the line of the first bad byte."""
    data = "WEBVTT\n\n00:01.000 --> 00:02.000\nشهادة\n".encode("cp1256")
    errors = errors_of(parse_webvtt, data)
    assert errors[0][0] == 4 and "UTF-8" in errors[0][1]


def test_utf16_is_refused_with_advice():
    """UTF-16 files are refused, asking for UTF-8."""
    errors = errors_of(parse_webvtt, VALID_VTT.encode("utf-16"))
    assert "UTF-16" in errors[0][1]


def test_null_bytes_are_refused_in_srt_and_replaced_in_webvtt():
    """A null byte in SRT means this is not a text file; WebVTT reads it as U+FFFD, as its standard says."""
    errors = errors_of(parse_srt, b"1\n00:00:01,000 --> 00:00:02,000\nhel\x00lo\n")
    assert errors[0][0] == 3 and "null" in errors[0][1]
    parsed = parse_webvtt(b"WEBVTT\n\n00:01.000 --> 00:02.000\nhel\x00lo\n")
    assert parsed.cues[0].text == "hel\ufffdlo"


@pytest.mark.parametrize(
    "timing",
    ["00:01,000 --> 00:02.000", "00:61.000 --> 00:62.000", "1:2:3 --> 00:04.000", "00:01.000 --> ", "xx --> yy"],
)
def test_a_bad_timing_line_drops_only_its_cue_with_a_warning_naming_the_line(timing):
    """The standard drops a cue whose timing cannot be read and keeps the others; the editor is told where."""
    data = f"WEBVTT\n\n00:00.000 --> 00:00.500\nfirst\n\n{timing}\nsecond\n".encode()
    parsed = parse_webvtt(data)
    assert [c.text for c in parsed.cues] == ["first"]
    assert parsed.warnings[0].startswith("Line 6:") and "timing line" in parsed.warnings[0]


def test_out_of_order_overlapping_and_reversed_cues_are_kept():
    """The standard keeps cues in any order, overlapping or not; a reversed cue is kept with a warning."""
    out_of_order = parse_webvtt(b"WEBVTT\n\n00:05.000 --> 00:06.000\nb\n\n00:01.000 --> 00:02.000\na\n")
    overlapping = parse_webvtt(b"WEBVTT\n\n00:01.000 --> 00:05.000\na\n\n00:04.000 --> 00:06.000\nb\n")
    reversed_cue = parse_webvtt(b"WEBVTT\n\n00:05.000 --> 00:04.000\na\n\n00:06.000 --> 00:07.000\nb\n")
    assert [(c.start, c.text) for c in out_of_order.cues] == [(5.0, "b"), (1.0, "a")]
    assert [(c.start, c.end) for c in overlapping.cues] == [(1.0, 5.0), (4.0, 6.0)]
    assert overlapping.warnings == []
    assert (reversed_cue.cues[0].start, reversed_cue.cues[0].end) == (5.0, 4.0)
    assert reversed_cue.warnings[0].startswith("Line 3:") and "ends before it begins" in reversed_cue.warnings[0]


def test_huge_files_are_refused_before_parsing():
    """Files over the size limit are refused without being read into cues."""
    data = b"WEBVTT\n\n" + b"x" * (MAX_FILE_BYTES + 1)
    assert "larger" in errors_of(parse_webvtt, data)[0][1]


def test_srt_is_read_with_speakers_and_hostile_srt_is_refused():
    """SRT cues (comma milliseconds) are read; a leading NAME: becomes the speaker; broken timing is an error."""
    srt = (
        "1\r\n00:00:01,000 --> 00:00:03,500\r\nINTERVIEWER: Tell me.\r\n\r\n"
        "2\r\n00:00:04,000 --> 00:00:06,000\r\n<i>It was dark.</i>\r\n"
    )
    parsed = parse_srt(srt.encode())
    assert [(c.speaker, c.text, c.start, c.end) for c in parsed.cues] == [
        ("INTERVIEWER", "Tell me.", 1.0, 3.5),
        ("", "It was dark.", 4.0, 6.0),
    ]
    assert "no cues" in errors_of(parse_srt, b"1\n00:00:01 -> 00:00:02,000\nx\n")[0][1]
    assert "empty" in errors_of(parse_srt, b"")[0][1]


def test_ohms_vtt_export_with_its_quirks():
    """The newer OHMS export: NOTE blocks skipped, voices read, <br> as line breaks, the reversed last cue repaired."""
    parsed = parse_ohms((OHMS / "small-sample-vtt-ohms.xml").read_bytes())
    assert len(parsed.cues) == 6
    assert parsed.cues[0].start == 3603.0 and parsed.cues[0].speaker == "SCHNEIDER"
    assert "\nOne day, we got lost" in parsed.cues[3].text
    last = parsed.cues[-1]
    assert last.start == 3682.0 and last.end > last.start  # was 00:00:00 in the export
    assert any("had no length" in w for w in parsed.warnings)


def test_ohms_legacy_index_only_records():
    """Legacy exports with 'No transcript.' and an index give segments with keywords and links."""
    alyea = parse_ohms((OHMS / "alyea_OH0010.xml").read_bytes())
    assert alyea.cues == []
    assert alyea.segments[0].start == 3 and alyea.segments[0].title == "World War II Chemical Warfare"
    assert "Merck & Company" in alyea.segments[0].keywords
    links = parse_ohms((OHMS / "index_hyperlinks_example.xml").read_bytes())
    assert [s.start for s in links.segments] == [1, 3473]
    assert len(links.segments[1].links) == 3
    assert any("<sync>" in w for w in links.warnings)


def test_empty_ohms_export_gives_a_clear_message():
    """An OHMS export with nothing in it is an error that says there is nothing to import."""
    errors = errors_of(parse_ohms, (OHMS / "empty_ohms.xml").read_bytes())
    assert "nothing to import" in errors[0][1]


def test_ohms_legacy_transcript_with_sync_map():
    """A legacy <transcript> with a <sync> map becomes cues at the map's minute marks."""
    lines = "\n".join(f"SPEAKER{'A' if i % 2 else 'B'}: line {i}" for i in range(1, 7))
    xml = f"<ROOT><record><transcript>{lines}</transcript><sync>1:|3(1)|5(2)</sync></record></ROOT>"
    parsed = parse_ohms(xml.encode())
    assert [(c.start, c.speaker) for c in parsed.cues] == [(0.0, "SPEAKERA"), (60.0, "SPEAKERA"), (120.0, "SPEAKERA")]


def test_xml_entity_expansion_and_external_entities_are_refused():
    """A DTD (billion laughs, external entities) is refused before anything is expanded."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<ROOT><record><title>&b;</title></record></ROOT>"
    )
    external = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><ROOT>&x;</ROOT>'
    for data in (laughs, external):
        assert "DTD" in errors_of(parse_ohms, data)[0][1]


def test_malformed_xml_and_non_ohms_xml_are_refused():
    """Broken XML names its line; XML without a <record> is not an OHMS export."""
    errors = errors_of(parse_ohms, b"<ROOT>\n<record>\n<title>x</record>")
    assert errors[0][0] == 3 and "well-formed" in errors[0][1]
    assert "<record>" in errors_of(parse_ohms, b"<html><body/></html>")[0][1]


def test_format_is_read_from_the_content():
    """The parser is chosen by content: a .txt holding WebVTT is WebVTT, XML is OHMS."""
    assert parse_transcript(VALID_VTT.encode(), "notes.txt").format == "webvtt"
    assert parse_transcript((OHMS / "alyea_OH0010.xml").read_bytes(), "export.vtt").format == "ohms"
    assert parse_transcript(b"1\n00:00:01,000 --> 00:00:02,000\nHi\n", "x").format == "srt"


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("83", 83),
        ("1:23", 83),
        ("01:02:03", 3723),
        ("83.5", 83.5),
        ("83s", 83),
        ("", None),
        ("1:75", None),
        ("abc", None),
        ("-5", None),
        ("9" * 40, None),
        ("1:2:3:4", None),
        ("\x00", None),
    ],
)
def test_deep_link_times(value, seconds):
    """Deep links accept seconds or clock times; anything else is ignored (None), never an error."""
    assert parse_url_time(value) == seconds


def test_time_formats():
    """Timestamps are written as WebVTT and as a reader's clock."""
    assert format_vtt(3723.5) == "01:02:03.500"
    assert format_clock(83) == "1:23" and format_clock(3723) == "1:02:03"
