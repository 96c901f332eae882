"""SRT read as leniently as players read it; OHMS exports of both generations, footnotes as notes; hostile files."""

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

OHMS = Path(__file__).resolve().parent.parent / "fixtures" / "ohms"


def refusal(call, data):
    with pytest.raises(TranscriptError) as info:
        call(data)
    return " ".join(info.value.messages())


# --- SRT ------------------------------------------------------------------------------------------


def test_srt_with_numbers_commas_and_dots():
    """Cue numbers are optional; milliseconds follow a comma or a full stop."""
    parsed = parse_srt(b"1\n00:00:01,000 --> 00:00:02.500\nOne\n\n2\n00:00:03.250 --> 00:00:04,000\nTwo\n")
    assert [(c.start, c.end, c.text) for c in parsed.cues] == [(1.0, 2.5, "One"), (3.25, 4.0, "Two")]
    assert parsed.warnings == []


def test_srt_without_numbers_or_with_wrong_ones_is_read_with_one_warning():
    """Missing, repeated or wrong cue numbers are ignored; the editor is told once, with the line."""
    missing = parse_srt(b"00:00:01,000 --> 00:00:02,000\nOne\n\n00:00:03,000 --> 00:00:04,000\nTwo\n")
    assert [c.text for c in missing.cues] == ["One", "Two"] and missing.warnings == []
    wrong = parse_srt(b"7\n00:00:01,000 --> 00:00:02,000\nOne\n\n7\n00:00:03,000 --> 00:00:04,000\nTwo\n")
    assert [c.text for c in wrong.cues] == ["One", "Two"]
    assert wrong.warnings == ["Line 1: the cue numbers are missing or out of order; they were ignored."]


def test_srt_with_bom_crlf_and_stray_blank_lines():
    """A BOM, CRLF line ends, blank lines before, between and inside cues: all read."""
    data = (
        b"\xef\xbb\xbf\r\n\r\n1\r\n00:00:01,000 --> 00:00:02,000\r\nFirst line\r\n\r\nsecond line\r\n\r\n\r\n\r\n"
        b"2\r\n00:00:03,000 --> 00:00:04,000\r\nNext\r\n\r\n"
    )
    parsed = parse_srt(data)
    assert [c.text for c in parsed.cues] == ["First line\nsecond line", "Next"]


def test_srt_number_of_the_next_cue_without_a_blank_line_is_not_text():
    """A cue number written right after the previous text (no blank line) is a number, not words."""
    parsed = parse_srt(b"1\n00:00:01,000 --> 00:00:02,000\nOne\n2\n00:00:03,000 --> 00:00:04,000\nTwo\n")
    assert [c.text for c in parsed.cues] == ["One", "Two"]


def test_srt_bad_timing_drops_only_that_cue_and_names_its_line():
    """A timing line that cannot be read loses its cue (with a warning and the line), not the file."""
    data = (
        b"1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\n00:00:xx,000 --> 00:00:04,000\nLost\n\n"
        b"3\n0:0:5 --> 0:0:6\nThree\n"
    )
    parsed = parse_srt(data)
    assert [(c.start, c.text) for c in parsed.cues] == [(1.0, "One"), (5.0, "Three")]
    assert parsed.warnings[0].startswith("Line 6:") and "timing line" in parsed.warnings[0]


def test_srt_arrow_inside_spoken_text_is_text():
    """An arrow in a line of speech, after the timing or other text, stays in the words."""
    parsed = parse_srt(b"1\n00:00:01,000 --> 00:00:02,000\nleft --> right\n")
    assert parsed.cues[0].text == "left --> right"


def test_srt_overlapping_cues_and_speakers():
    """Overlapping cues are kept; a leading NAME: or [Name]: becomes the speaker."""
    parsed = parse_srt(
        b"1\n00:00:01,000 --> 00:00:05,000\nINTERVIEWER: Tell me.\n\n"
        b"2\n00:00:02,000 --> 00:00:03,000\n[Umm Ahmad]: Yes.\n"
    )
    assert [(c.speaker, c.text, c.start) for c in parsed.cues] == [
        ("INTERVIEWER", "Tell me.", 1.0),
        ("Umm Ahmad", "Yes.", 2.0),
    ]


@pytest.mark.parametrize("data", [b"just words\nno timings\n", b"1\n2\n3\n", b"1\nxx --> yy\nlost\n"])
def test_srt_with_no_readable_cue_is_refused(data):
    """A file in which no cue survives is refused, saying so."""
    assert "no cues" in refusal(parse_srt, data)


# --- OHMS: the current generation (WebVTT inside the XML) --------------------------------------------

CURRENT = """<?xml version="1.0" encoding="UTF-8"?>
<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms"><record id="1">
<title>Test</title><duration>00:10:00</duration>
<vtt_transcript><![CDATA[WEBVTT

NOTE
TRANSCRIPTION BEGIN

00:00:00.000 --> 00:00:05.000
<v INTERVIEWER>Where were you?[[footnote]]1[[/footnote]]

00:00:05.000 --> 00:00:05.000
<v WITNESS>In the old city [[footnote]]2[[/footnote]] by the mill.<br><br>Then we left.

00:00:20.000 --> 00:00:00.000
<v WITNESS>The last words.

[[footnotes]]

[[note]]The old city of Hama, the Kilaniyya quarter.[[/note]]

[[note]]The Bishriyya mill; see [[link]]https://example.org/mill[[/link]].[[/note]]

[[note]]A note no line refers to.[[/note]]

[[/footnotes]]
]]></vtt_transcript>
<index><point><time>5</time><title>The old city</title><partial_transcript>WITNESS: In the old city</partial_transcript>
<synopsis>Where they lived.</synopsis><keywords>mill;river</keywords><subjects>Hama (Syria);Massacres</subjects>
<gpspoints><gps>35.1318, 36.7578</gps><gps_zoom>17</gps_zoom><gps_text>The Kilaniyya quarter</gps_text></gpspoints>
<gpspoints><gps>not a place</gps><gps_text>ignored</gps_text></gpspoints>
<hyperlinks><hyperlink>https://example.org/a</hyperlink><hyperlink_text>A source</hyperlink_text></hyperlinks>
<hyperlinks><hyperlink>javascript:alert(1)</hyperlink><hyperlink_text>never</hyperlink_text></hyperlinks>
</point></index>
</record></ROOT>"""


def test_current_ohms_zero_length_cue_ends_at_the_next_and_the_last_at_the_recording_end():
    """A cue with no length (or OHMS's 00:00:00 end) ends where the next begins; the last at the duration."""
    parsed = parse_ohms(CURRENT.encode())
    assert [(c.start, c.end) for c in parsed.cues] == [(0.0, 5.0), (5.0, 20.0), (20.0, 600.0)]
    assert sum("had no length" in w for w in parsed.warnings) == 2


def test_current_ohms_footnotes_become_notes_and_leave_the_speech():
    """Footnote markers and the footnotes block are never spoken words; notes are timed by their line."""
    parsed = parse_ohms(CURRENT.encode())
    words = " ".join(c.text for c in parsed.cues)
    assert "[[" not in words and "footnote" not in words and "Kilaniyya" not in words
    assert parsed.cues[1].text == "In the old city by the mill.\nThen we left."
    assert parsed.cues[2].text == "The last words."
    assert [(n.number, n.start, n.end) for n in parsed.notes] == [(1, 0.0, 5.0), (2, 5.0, 20.0), (3, None, None)]
    assert parsed.notes[1].text == "The Bishriyya mill; see https://example.org/mill ."


def test_current_ohms_index_keeps_every_field():
    """Index segments keep title, opening words, synopsis, keywords, subjects, links and map points."""
    segment = parse_ohms(CURRENT.encode()).segments[0]
    assert (segment.start, segment.title, segment.synopsis) == (5.0, "The old city", "Where they lived.")
    assert segment.partial_transcript == "WITNESS: In the old city"
    assert (segment.keywords, segment.subjects) == ("mill; river", "Hama (Syria); Massacres")
    assert segment.links == [("https://example.org/a", "A source")]
    assert segment.gps == [(35.1318, 36.7578, "The Kilaniyya quarter")]


def test_current_ohms_without_duration_ends_the_last_cue_at_the_recording():
    """With no duration in the export, the recording's own duration ends the last cue."""
    data = CURRENT.replace("<duration>00:10:00</duration>", "<duration>00:00:00</duration>").encode()
    assert parse_ohms(data, duration=300.0).cues[-1].end == 300.0
    assert parse_transcript(data, "x.xml", duration=300.0).cues[-1].end == 300.0
    estimated = parse_ohms(data).cues[-1]
    assert estimated.end > estimated.start


def test_real_current_export_imports_with_no_markup():
    """The Science History Institute's sample: six cues, no OHMS markup left in any of them."""
    parsed = parse_ohms((OHMS / "small-sample-vtt-ohms.xml").read_bytes())
    assert len(parsed.cues) == 6
    assert all("<" not in c.text and "[[" not in c.text for c in parsed.cues)


# --- OHMS: the legacy generation (<transcript> and <sync>) ------------------------------------------


def legacy(transcript, sync, duration=""):
    return (
        f"<ROOT><record><duration>{duration}</duration><transcript>{transcript}</transcript>"
        f"<sync>{sync}</sync></record></ROOT>"
    ).encode()


LEGACY_TEXT = (
    "INTERVIEWER: Where were you?\n"
    "WITNESS: In the old city.[[footnote]]1[[/footnote]]\n"
    "We stayed three days.\n"
    "INTERVIEWER: And then?\n"
    "WITNESS: We walked to the river and waited there for a long time.\n"
    "\n"
    "[[footnotes]]\n"
    "[[note]]The Kilaniyya quarter.[[/note]]\n"
    "[[/footnotes]]"
)


def test_legacy_cues_follow_the_sync_map_and_footnotes_become_notes():
    """Each stretch between minute marks is a cue; the footnotes block is notes, not the last cue's words."""
    parsed = parse_ohms(legacy(LEGACY_TEXT, "1:|2(3)|4(1)"))
    assert [(c.start, c.speaker) for c in parsed.cues] == [
        (0.0, "INTERVIEWER"),
        (60.0, "WITNESS"),
        (120.0, "INTERVIEWER"),
    ]
    assert "Kilaniyya" not in " ".join(c.text for c in parsed.cues)
    assert [(n.number, n.text, n.start) for n in parsed.notes] == [(1, "The Kilaniyya quarter.", 60.0)]


def test_legacy_last_cue_ends_at_the_last_sync_point_past_the_last_line():
    """Sync points continuing past the last transcribed line carry the last cue's end to the last of them."""
    parsed = parse_ohms(legacy(LEGACY_TEXT, "1:|2(3)|4(1)|5(6)|5(9)|9(1)|9(1)"))
    assert parsed.cues[-1].end == 360.0


def test_legacy_last_cue_ends_at_the_recording_when_that_is_later():
    """The recording's end, when later than the last sync point, ends the last cue."""
    parsed = parse_ohms(legacy(LEGACY_TEXT, "1:|2(3)|4(1)", duration="00:30:00"))
    assert parsed.cues[-1].end == 1800.0


def test_legacy_marker_to_a_missing_note_is_dropped_with_a_warning():
    """A reference to a note the file does not have is removed from the words, and the editor told."""
    parsed = parse_ohms(legacy("WITNESS: Hello[[footnote]]4[[/footnote]] there.", "1:|1(1)"))
    assert parsed.cues[0].text == "Hello there."
    assert any("footnote 4" in w for w in parsed.warnings)


def test_legacy_index_only_real_exports_still_import():
    """The real legacy exports: an index with its keywords and links, and no transcript."""
    alyea = parse_ohms((OHMS / "alyea_OH0010.xml").read_bytes())
    assert alyea.cues == [] and len(alyea.segments) == 15
    assert alyea.segments[0].partial_transcript.startswith("ALYEA: Over there is a book")


# --- hostile files --------------------------------------------------------------------------------------


@pytest.mark.parametrize("call", [parse_webvtt, parse_srt, parse_ohms])
def test_huge_files_are_refused_before_reading(call):
    """Every format refuses a file over the size limit before reading it."""
    assert "larger" in refusal(call, b"WEBVTT\n\n" + b"x" * (MAX_FILE_BYTES + 1))


@pytest.mark.parametrize("call", [parse_webvtt, parse_srt, parse_ohms])
def test_binary_junk_is_refused_clearly(call):
    """Random bytes are never a transcript: a clear refusal, never a crash."""
    junk = bytes(range(256)) * 40
    assert refusal(call, junk)


def test_binary_junk_after_a_webvtt_signature_is_no_cues():
    """Bytes after a valid signature that hold no cue are refused as having no cues."""
    junk = bytes(b for b in range(1, 256) if b not in b"\n\r-<>&")
    data = b"WEBVTT\n\n" + junk.decode("latin-1").encode()
    assert "no cues" in refusal(parse_webvtt, data)


def test_a_timestamp_with_a_million_digits_is_a_dropped_cue_not_a_hang():
    """Enormous numbers in a timing line are refused as a timing, quickly."""
    data = b"WEBVTT\n\n" + b"9" * 1_000_000 + b":00:00.000 --> 00:01.000\nx\n\n00:01.000 --> 00:02.000\nok\n"
    assert [c.text for c in parse_webvtt(data).cues] == ["ok"]
    srt = b"1\n" + b"9" * 100_000 + b":00:00,000 --> 00:00:01,000\nx\n\n2\n00:00:01,000 --> 00:00:02,000\nok\n"
    assert [c.text for c in parse_srt(srt).cues] == ["ok"]


def test_many_cues_are_refused_past_the_limit():
    """More cues than the archive keeps in one transcript is a refusal asking to split it."""
    body = "".join(f"{i // 60:02d}:{i % 60:02d}.000 --> {i // 60:02d}:{i % 60:02d}.500\nx\n\n" for i in range(3600))
    data = ("WEBVTT\n\n" + body * 6).encode()
    assert "split" in refusal(parse_webvtt, data)


def test_deeply_nested_xml_is_refused():
    """XML nested far deeper than any export is refused with a message, not a crash."""
    data = b"<ROOT>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</ROOT>"
    message = refusal(parse_ohms, data)
    assert "OHMS" in message or "XML" in message


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<ROOT><record><transcript>&b;</transcript></record></ROOT>",
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><ROOT>&x;</ROOT>',
        b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.org/x.dtd"><ROOT/>',
    ],
)
def test_entity_expansion_and_external_references_are_refused(data):
    """A DTD of any kind (entity expansion, external entities or DTDs) is refused before expansion."""
    assert "DTD" in refusal(parse_ohms, data)


def test_footnote_markup_without_an_end_cannot_swallow_the_transcript():
    """An unclosed footnotes block ends at the end of the text; the words before it stay speech."""
    parsed = parse_ohms(legacy("WITNESS: Words before.\n[[footnotes]]\n[[note]]A note", "1:|1(1)"))
    assert parsed.cues[0].text == "Words before."
    assert [n.text for n in parsed.notes] == ["A note"]


def test_an_absurd_sync_interval_is_refused():
    """A sync map's interval is minutes; a nonsense interval is refused, not turned into huge times."""
    assert "interval" in refusal(parse_ohms, legacy("WITNESS: Hello.", "99999999999999:|1(1)"))
