"""WebVTT files are imported with the cues the W3C parsing algorithm finds, case by case.

Each test follows one step of "WebVTT file parsing" (https://www.w3.org/TR/webvtt1/#file-parsing),
written after the behaviours the web platform's conformance cases check (signature, header, ids,
arrows, timings, settings, regions, style sheets, comments, line ends, nulls).
"""

import pytest

from memorial.recordings import webvtt
from memorial.recordings.parsers import TranscriptError, parse_webvtt


def cues(text):
    return [(c.identifier, c.start, c.end, c.text) for c in parse_webvtt(text.encode()).cues]


def texts(text):
    return [c.text for c in parse_webvtt(text.encode()).cues]


def refusal(data):
    with pytest.raises(TranscriptError) as info:
        parse_webvtt(data if isinstance(data, bytes) else data.encode())
    return " ".join(info.value.messages())


# --- the signature ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "WEBVTT\n\n00:00.000 --> 00:01.000\ntext",
        "WEBVTT \n\n00:00.000 --> 00:01.000\ntext",
        "WEBVTT\t\n\n00:00.000 --> 00:01.000\ntext",
        "WEBVTT some header text\n\n00:00.000 --> 00:01.000\ntext",
        "WEBVTT\tand a tab\n\n00:00.000 --> 00:01.000\ntext",
    ],
)
def test_the_signature_is_webvtt_alone_or_followed_by_a_space_or_a_tab(text):
    """WEBVTT, then a space, a tab or a line end: anything after the space or tab is the header's."""
    assert texts(text) == ["text"]


@pytest.mark.parametrize(
    "text", ["WEBVTTX\n\n00:00.000 --> 00:01.000\ntext", "webvtt\n\n00:00.000 --> 00:01.000\nx", "WEBVT", "X"]
)
def test_a_file_without_the_signature_is_refused(text):
    """No exact WEBVTT signature (case matters, nothing glued to it): not a WebVTT file."""
    assert "WEBVTT" in refusal(text)


def test_a_byte_order_mark_before_the_signature_is_skipped():
    """A UTF-8 byte-order mark is not part of the text: the signature follows it."""
    assert texts("\ufeffWEBVTT\n\n00:00.000 --> 00:01.000\ntext") == ["text"]


@pytest.mark.parametrize("text", ["WEBVTT", "WEBVTT ", "WEBVTT\n", "WEBVTT\n\n\n", "WEBVTT\n\nNOTE only a comment\n"])
def test_a_signature_with_no_cue_is_refused_as_having_no_cues(text):
    """A valid signature with no cue after it is a WebVTT file with nothing to import."""
    assert "no cues" in refusal(text)


# --- the header ---------------------------------------------------------------------------------


def test_a_cue_right_after_the_signature_line_is_a_cue():
    """A timing line ends the header even with no blank line before it."""
    assert cues("WEBVTT\n00:00.000 --> 00:01.000\ntext") == [("", 0.0, 1.0, "text")]


def test_header_lines_then_a_timing_line_without_a_blank_line():
    """Lines of header text are skipped; the timing line after them still begins the first cue."""
    assert cues("WEBVTT\nKind: captions\nLanguage: en\n00:00.000 --> 00:01.000\ntext") == [("", 0.0, 1.0, "text")]


def test_header_garbage_is_ignored():
    """Text in the header block is not a cue and needs no warning."""
    parsed = parse_webvtt(b"WEBVTT\nfoo\nbar\n\n00:00.000 --> 00:01.000\ntext\n")
    assert [c.text for c in parsed.cues] == ["text"] and parsed.warnings == []


def test_timings_on_the_signature_line_are_header_text():
    """A timing written on the signature line itself is part of the header, not a cue."""
    assert texts("WEBVTT 00:00.000 --> 00:01.000\n\n00:02.000 --> 00:03.000\nreal") == ["real"]


# --- blocks, ids and arrows ---------------------------------------------------------------------


def test_cue_identifiers_are_kept():
    """The line before the timing line is the cue's identifier, whatever it holds."""
    text = (
        "WEBVTT\n\n1\n00:00.000 --> 00:01.000\na\n\n"
        "intro part\n00:01.000 --> 00:02.000\nb\n\n00:02.000 --> 00:03.000\nc"
    )
    assert [c[0] for c in cues(text)] == ["1", "intro part", ""]


def test_identifiers_are_kept_exactly_with_their_spaces_and_dashes():
    """An identifier is the whole line, leading and trailing spaces and near-arrows included."""
    text = (
        "WEBVTT\n\n leading space\n00:00.000 --> 00:01.000\na\n\ntrailing space \n00:00.000 --> 00:01.000\nb\n\n"
        "-- >\n00:00.000 --> 00:01.000\nc\n\n->\n00:00.000 --> 00:01.000\nd\n\n \n00:00.000 --> 00:01.000\ne"
    )
    assert [c[0] for c in cues(text)] == [" leading space", "trailing space ", "-- >", "->", " "]


def test_an_identifier_may_look_like_a_keyword():
    """An identifier that reads NOTE, STYLE or REGION is still an identifier when a timing line follows."""
    text = "WEBVTT\n\nNOTE\n00:00.000 --> 00:01.000\na\n\nSTYLE\n00:01.000 --> 00:02.000\nb"
    assert [c[0] for c in cues(text)] == ["NOTE", "STYLE"]


def test_a_second_timing_line_without_a_blank_line_begins_a_new_cue():
    """A timing line inside a cue's text ends that cue: it is never spoken text, and its time is kept."""
    text = "WEBVTT\n\n00:00.000 --> 00:01.000\nfirst\n00:01.000 --> 00:02.000\nsecond"
    assert cues(text) == [("", 0.0, 1.0, "first"), ("", 1.0, 2.0, "second")]


def test_arrows_that_are_not_timings_drop_their_block_and_keep_the_next_cues():
    """A line with --> that is no timing drops its own cue; each following timing line still makes a cue."""
    text = (
        "WEBVTT\n\n-->\n00:00:00.000 --> 00:00:01.000\ntext1\nfoo-->\n00:00:00.000 --> 00:00:01.000\ntext2\n"
        "-->-->\n00:00:00.000 --> 00:00:01.000\ntext3\n\n00:00:00.000 -a -->\n\n00:00:00.000 -- -->\n"
    )
    parsed = parse_webvtt(text.encode())
    assert [c.text for c in parsed.cues] == ["text1", "text2", "text3"]
    lines = sorted(int(w.split(":")[0].removeprefix("Line ")) for w in parsed.warnings)
    assert lines == [3, 6, 9, 13, 15]


def test_an_escaped_arrow_in_text_is_text():
    """``--&gt;`` in cue text reads as -->, and the cue stays whole."""
    assert texts("WEBVTT\n\n00:00.000 --> 00:01.000\nhe said --&gt; then left") == ["he said --> then left"]


def test_an_identifier_line_then_two_text_lines_then_a_timing_is_not_a_cue_for_those_lines():
    """Only the first two lines of a block can lead to a timing: earlier text lines are dropped with a warning."""
    parsed = parse_webvtt(b"WEBVTT\n\nstray one\nstray two\n00:00.000 --> 00:01.000\ntext\n")
    assert [c.text for c in parsed.cues] == ["text"]
    assert parsed.warnings[0].startswith("Line 3:")


# --- comments, styles and regions -----------------------------------------------------------------


def test_note_style_and_region_blocks_are_skipped_without_warnings():
    """NOTE, STYLE and REGION blocks are not cues, and nothing is lost by skipping them."""
    text = (
        "WEBVTT\n\nSTYLE\n::cue { color: lime }\n\nREGION\nid:fred\nwidth:40%\n\n"
        "NOTE a comment\nover two lines\n\n00:00.000 --> 00:01.000 region:fred align:start\ntext\n\nNOTE\nlast\n"
    )
    parsed = parse_webvtt(text.encode())
    assert [(c.start, c.end, c.text) for c in parsed.cues] == [(0.0, 1.0, "text")]
    assert parsed.warnings == []


@pytest.mark.parametrize(
    "cue_settings",
    [
        "align:start",
        "line:0 position:10% size:35%",
        "vertical:rl line:-1,end",
        "region:none",
        "garbage settings:: :x x:",
        "\tposition:50%,line-left",
    ],
)
def test_cue_settings_of_any_kind_are_ignored(cue_settings):
    """Whatever follows the end time is a cue setting: ignored, valid or not."""
    assert cues(f"WEBVTT\n\n00:00.000 --> 00:01.000 {cue_settings}\ntext") == [("", 0.0, 1.0, "text")]


# --- timings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("timing", "start", "end"),
    [
        ("00:01.000 --> 00:02.500", 1.0, 2.5),
        ("00:00:01.000 --> 00:00:02.500", 1.0, 2.5),
        ("01:00.000 --> 1:00:00.000", 60.0, 3600.0),
        ("100:00:00.000 --> 100:00:01.000", 360000.0, 360001.0),
        ("00:00.000-->00:01.000", 0.0, 1.0),
        ("   00:00.000 \t -->  00:01.000  ", 0.0, 1.0),
        ("00:00.000\f-->\f00:01.000", 0.0, 1.0),
    ],
)
def test_timestamps_with_and_without_hours_and_any_whitespace(timing, start, end):
    """Hours are optional (and of any length), whitespace around the arrow is optional."""
    assert cues(f"WEBVTT\n\n{timing}\ntext")[0][1:3] == (start, end)


@pytest.mark.parametrize(
    "timing",
    [
        "00:60.000 --> 00:61.000",
        "00:00:60.000 --> 00:01:00.000",
        "00:60:00.000 --> 01:00:00.000",
        "000:00.000 --> 00:01.000",
        "00::00.000 --> 00:01.000",
        "00:000.000 --> 00:01.000",
        "00:00..000 --> 00:01.000",
        "00:00.0000 --> 00:01.000",
        "00:00.00 --> 00:01.000",
        "0:00.000 --> 00:01.000",
        "00:0.000 --> 00:01.000",
        "00:00,000 --> 00:01.000",
        "00:00.000 --> 000:01.000",
        "00:00.000 -> 00:01.000",
        "-00:01.000 --> 00:02.000",
        "00:00.000 --> ",
        "00:00.000 --> x",
    ],
)
def test_a_timestamp_the_standard_cannot_read_drops_its_cue(timing):
    """Too long or too short fields, 60 or more minutes or seconds, a comma: that cue is dropped, not the file."""
    parsed = parse_webvtt(f"WEBVTT\n\n{timing}\nlost\n\n00:05.000 --> 00:06.000\nkept\n".encode())
    assert [c.text for c in parsed.cues] == ["kept"]
    assert parsed.warnings[0].startswith("Line 3:")


def test_reversed_and_zero_length_cues_are_kept_with_their_times():
    """The standard keeps a cue ending before (or as) it begins; the editor is warned about the reversed ones."""
    text = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:00.000\ntext1\n\n00:00:01.000 --> 00:00:00.999\ntext2\n\n"
        "01:00:00.000 --> 00:59:59.999\ntext3\n"
    )
    parsed = parse_webvtt(text.encode())
    assert [(c.start, c.end) for c in parsed.cues] == [(0.0, 0.0), (1.0, 0.999), (3600.0, 3599.999)]
    assert [w.split(":")[0] for w in parsed.warnings] == ["Line 6", "Line 9"]


def test_a_cue_at_the_end_of_the_file_without_a_line_end():
    """The last cue needs no line end after it."""
    assert cues("WEBVTT\n\n00:00.000 --> 00:01.000\nlast words") == [("", 0.0, 1.0, "last words")]


def test_a_timing_line_at_the_end_of_the_file_is_a_cue_without_text():
    """A timing line with no text is a cue of no words: left out with a warning."""
    parsed = parse_webvtt(b"WEBVTT\n\n00:00.000 --> 00:01.000\na\n\n00:01.000 --> 00:02.000")
    assert [c.text for c in parsed.cues] == ["a"]
    assert "empty" in parsed.warnings[0]


def test_overlapping_and_identical_times_are_kept():
    """Two people speaking at once, rolling captions: cues sharing or overlapping times are all kept."""
    text = "WEBVTT\n\n00:00.000 --> 00:02.000\none\n\n00:00.000 --> 00:02.000\ntwo\n\n00:01.000 --> 00:03.000\nthree"
    assert [c[3] for c in cues(text)] == ["one", "two", "three"]


# --- line ends, nulls and text ------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_kind_of_line_end(newline):
    """LF, CRLF and CR are all line ends, in the header, between blocks and inside the text."""
    text = newline.join(
        ["WEBVTT", "", "id", "00:00.000 --> 00:01.000", "one", "two", "", "00:01.000 --> 00:02.000", "x"]
    )
    assert cues(text) == [("id", 0.0, 1.0, "one\ntwo"), ("", 1.0, 2.0, "x")]


def test_mixed_line_ends_in_one_file():
    """A CR followed by LF is one line end; a lone CR is another."""
    assert texts("WEBVTT\r\n\r00:00.000 --> 00:01.000\r\na\rb\n") == ["a\nb"]


def test_nulls_are_replacement_characters():
    """A NUL becomes U+FFFD, wherever it is; it does not refuse the file."""
    parsed = parse_webvtt(b"WEBVTT\n\n00:00.000 --> 00:01.000\n\x00text\x00\n")
    assert parsed.cues[0].text == "\ufffdtext\ufffd"


def test_voice_spans_give_the_speaker_and_tags_are_read_away():
    """<v Name> gives the speaker; class, italic, ruby and timestamp tags leave their words; entities are read."""
    parsed = parse_webvtt(
        b"WEBVTT\n\n00:00.000 --> 00:04.000\n<v.loud Umm Ahmad>We were <i>in the</i> <c.x>cellar</c> &amp; "
        b"<00:02.000>it was <ruby>cold<rt>bard</rt></ruby>.</v>\n"
    )
    cue = parsed.cues[0]
    assert cue.speaker == "Umm Ahmad"
    assert cue.text == "We were in the cellar & it was coldbard."


def test_a_lone_less_than_sign_opens_a_tag_as_in_the_standard():
    """The standard reads ``<`` as the start of a tag running to ``>``: what it hides is hidden here too."""
    assert texts("WEBVTT\n\n00:00.000 --> 00:01.000\n3 &lt; 4 and 5 <b>bold</b>") == ["3 < 4 and 5 bold"]


def test_the_parser_names_the_lines_it_reads():
    """Every cue knows the line of its timing, counted in the original file."""
    parsed = webvtt.parse("WEBVTT\nheader\n\n\n\nid\n00:00.000 --> 00:01.000\ntext\n\n00:01.000 --> 00:02.000\nb\n")
    assert [c.line for c in parsed.cues] == [7, 10]


def test_warnings_are_capped_with_a_count_of_the_rest():
    """A file with thousands of broken cues gives a readable list and how many more there were."""
    broken = "".join(f"xx:{i} --> 00:01.000\nlost\n\n" for i in range(200))
    parsed = parse_webvtt(f"WEBVTT\n\n{broken}00:05.000 --> 00:06.000\nkept\n".encode())
    assert [c.text for c in parsed.cues] == ["kept"]
    assert len(parsed.warnings) == 51 and "150 more" in parsed.warnings[-1]
