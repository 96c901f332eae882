"""Overlapping cues stored, shown, captioned and silenced; notes shown as notes, never as speech; round trips."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from memorial.recordings import public, redaction
from memorial.recordings.forms import replace_rows
from memorial.recordings.media import silence_filter, union
from memorial.recordings.models import Cue, Transcript, TranscriptNote
from memorial.recordings.parsers import parse_ohms, parse_webvtt
from memorial.recordings.search import find_moments, find_notes
from tests import factories

from .test_player import admin_form
from .test_srt_and_ohms import CURRENT

pytestmark = pytest.mark.django_db

ROUND_TRIP = """WEBVTT

 intro -- >
00:00:00.000 --> 00:00:04.000
<v Interviewer>Where were you &amp; who was with you?

00:00:02.000 --> 00:00:06.000 align:start
<v Umm Ahmad>Two of us --&gt; my brother
and I.

NOTE a comment

cue three
00:00:02.000 --> 00:00:06.000
Same time, another voice.

00:00:07.000 --> 00:00:07.000
A moment.

01:00:00.000 --> 01:00:01.500
Past the hour: 3 &lt; 4.
"""


def _published_testimony(site_tree, **fields):
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index, **fields)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _imported(page, parsed, language="en"):
    transcript = Transcript.objects.create(testimony=page, language=language, kind="original")
    replace_rows(transcript, parsed)
    return transcript


def _cue_tuples(cues):
    return [(c.identifier, round(c.start, 3), round(c.end, 3), c.speaker, c.text) for c in cues]


def test_exporting_and_importing_again_gives_the_same_cues(site_tree):
    """The full export of an imported file imports back to the same cues: ids, times, speakers and words."""
    page = _published_testimony(site_tree)
    transcript = _imported(page, parse_webvtt(ROUND_TRIP.encode()))
    stored = list(transcript.cues.order_by("start", "pk"))
    assert len(stored) == 5
    again = parse_webvtt(public.full_vtt(transcript).encode())
    assert _cue_tuples(again.cues) == _cue_tuples(stored)
    assert again.warnings == []
    # The public download carries the same times and words (speakers as the public may read them).
    item = public.group_for_transcript(transcript).transcripts[0]
    downloaded = parse_webvtt(public.captions_vtt(item.cues).encode())
    assert [(c.start, c.end, c.text) for c in downloaded.cues] == [(c.start, c.end, c.text) for c in stored]


def test_overlapping_cues_are_stored_shown_and_captioned(client, site_tree):
    """Two lines at the same time are both kept, both on the page, both in the captions track."""
    page = _published_testimony(site_tree)
    transcript = _imported(page, parse_webvtt(ROUND_TRIP.encode()))
    html = client.get(page.url, {"t": "3"}).content.decode()
    assert "Two of us --&gt; my brother" in html and "Same time, another voice." in html
    current = re.findall(r'<li class="cue is-current"[^>]*data-start="([\d.]+)"', html)
    assert current == ["0.000", "2.000", "2.000"]  # every line playing at 0:03 is marked
    captions = client.get(reverse("recordings:captions", args=[transcript.pk])).content.decode()
    assert captions.count("00:00:02.000 --> 00:00:06.000") == 2


def test_silence_covers_the_union_of_overlapping_withheld_ranges():
    """Overlapping withheld lines are silenced as one stretch; nothing between or around them is lost."""
    assert union([(4, 6), (2, 5), (8, 9), (9, 10), (3, 3)]) == [(2.0, 6.0), (8.0, 10.0)]
    assert silence_filter([(4, 6), (2, 5)]) == "volume=enable='between(t,2.000,6.000)':volume=0"
    cues = [Cue(start=2, end=5, redacted=True), Cue(start=4, end=6, redacted_spans="x", text="x")]
    ranges = redaction.withheld_ranges(cues)
    assert ranges == [(2, 5), (4, 6)]
    assert redaction.covers([(2.0, 6.0)], ranges) and not redaction.covers([(2.0, 5.0)], ranges)
    assert redaction.is_withheld(Cue(start=5.5, end=7), ranges)


def test_a_line_overlapping_a_withheld_one_is_withheld_in_every_language(site_tree):
    """A cue sharing time with a withheld cue is withheld too: overlap is redaction's rule, whatever the order."""
    page = _published_testimony(site_tree)
    transcript = _imported(page, parse_webvtt(ROUND_TRIP.encode()))
    transcript.cues.filter(identifier="cue three").update(redacted=True)
    item = public.group_for_transcript(transcript).transcripts[0]
    texts = [c.text for c in item.cues]
    assert texts[1:3] == [redaction.REDACTED, redaction.REDACTED]
    assert texts[0] == redaction.REDACTED  # 0–4 overlaps the withheld 2–6


def test_ohms_notes_are_shown_under_the_transcript_and_never_as_speech(client, site_tree):
    """Notes are listed under the transcript and referred to from their lines; captions and downloads have none."""
    page = _published_testimony(site_tree)
    transcript = _imported(page, parse_ohms(CURRENT.encode()))
    assert list(transcript.notes.values_list("number", flat=True)) == [1, 2, 3]
    html = client.get(page.url).content.decode()
    notes_at = html.index('class="transcript__notes"')
    assert html.index("The old city of Hama") > notes_at
    assert f'href="#note-{transcript.pk}-2"' in html and f'id="note-{transcript.pk}-2"' in html
    for name in ("captions", "download_vtt", "download_text", "chapters"):
        body = client.get(reverse(f"recordings:{name}", args=[transcript.pk])).content.decode()
        assert "Hama" not in body and "Bishriyya" not in body and "[[" not in body, name


def test_a_note_referred_to_by_a_withheld_line_is_withheld(client, site_tree):
    """A note can name what its line withholds: while the line is withheld, so is the note, everywhere."""
    page = _published_testimony(site_tree)
    transcript = _imported(page, parse_ohms(CURRENT.encode()))
    transcript.cues.filter(start=5).update(redacted_spans="old city")
    html = client.get(page.url).content.decode()
    assert "Bishriyya" not in html
    # Note 1 belongs to the line at 0:00, which is not withheld: only the withheld phrase is.
    assert "The [redacted] of Hama, the Kilaniyya quarter." in html
    assert find_notes("Bishriyya", page.locale) == []
    # Unattached notes keep the phrases withheld elsewhere withheld.
    note = TranscriptNote.objects.get(transcript=transcript, number=3)
    note.text = "The old city no line refers to."
    note.save()
    html = client.get(page.url).content.decode()
    assert "The [redacted] no line refers to." in html


def test_notes_are_found_as_notes_and_never_as_spoken_words(site_tree):
    """Site search finds a note's words in the notes section, never as a moment of speech."""
    page = _published_testimony(site_tree)
    transcript = _imported(page, parse_ohms(CURRENT.encode()))
    hits = find_notes("Kilaniyya", page.locale)
    assert [(h.number, h.testimony.pk) for h in hits] == [(1, page.pk)]
    assert hits[0].url.endswith(f"#note-{transcript.pk}-1")
    assert find_moments("Kilaniyya", page.locale) == []
    assert find_moments("mill", page.locale)  # the spoken words are still found as speech


def test_notes_of_a_hidden_testimony_are_never_public(client, site_tree):
    """A draft testimony's notes are not on any page, download or search result."""
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index, live=False)
    transcript = _imported(page, parse_ohms(CURRENT.encode()))
    assert find_notes("Kilaniyya", page.locale) == []
    assert client.get(page.url).status_code == 404
    for name in ("captions", "download_vtt", "download_text"):
        assert client.get(reverse(f"recordings:{name}", args=[transcript.pk])).status_code == 404


def test_segments_show_subjects_opening_words_and_map_points(client, site_tree):
    """An OHMS index keeps every field on the page: subjects, opening words, map points and links."""
    page = _published_testimony(site_tree)
    transcript = _imported(page, parse_ohms(CURRENT.encode()))
    segment = transcript.segments.get()
    assert segment.subject_list() == ["Hama (Syria)", "Massacres"]
    assert segment.gps_list() == [(35.1318, 36.7578, "The Kilaniyya quarter")]
    html = client.get(page.url).content.decode()
    for shown in ("Hama (Syria)", "WITNESS: In the old city", "The Kilaniyya quarter", "35.1318", "A source"):
        assert shown in html
    assert "javascript:" not in html


def test_a_withheld_chapter_hides_its_new_fields(client, site_tree):
    """A chapter starting in a withheld moment shows only its time: no subjects, opening words or map points."""
    page = _published_testimony(site_tree)
    transcript = _imported(page, parse_ohms(CURRENT.encode()))
    transcript.cues.filter(start=5).update(redacted=True)
    html = client.get(page.url).content.decode()
    for hidden in ("Hama (Syria)", "WITNESS: In the old city", "The Kilaniyya quarter", "35.1318"):
        assert hidden not in html


def test_the_editor_sees_import_warnings_in_the_admin(admin_client, site_tree):
    """A file with a dropped cue imports the rest, and the editor is shown the line and the reason."""
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    data = b"WEBVTT\n\n00:00.000 --> 00:01.000\nkept\n\n00:0x.000 --> 00:02.000\nlost\n"
    upload = SimpleUploadedFile("t.vtt", data, "text/vtt")
    response = admin_client.post(reverse("transcripts:add"), admin_form(page, upload), follow=True)
    assert response.status_code == 200
    transcript = Transcript.objects.get(testimony=page)
    assert [c.text for c in transcript.cues.all()] == ["kept"]
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Line 6:") and "timing line" in m for m in messages), messages


def test_ohms_notes_and_index_imported_through_the_admin(admin_client, site_tree):
    """The admin import of a current OHMS export stores cues, notes and the full index."""
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    upload = SimpleUploadedFile("export.xml", CURRENT.encode(), "text/xml")
    response = admin_client.post(reverse("transcripts:add"), admin_form(page, upload))
    assert response.status_code == 302
    transcript = Transcript.objects.get(testimony=page)
    assert transcript.cues.count() == 3 and transcript.notes.count() == 3
    assert transcript.segments.get().gps_points == "35.1318, 36.7578 The Kilaniyya quarter"
    edit = admin_client.get(reverse("transcripts:edit", args=[transcript.pk])).content.decode()
    assert "The Bishriyya mill" in edit


def test_a_cue_of_no_length_is_valid_and_a_reversed_one_is_not():
    """A moment (no length) is valid WebVTT; an end before the start is refused when edited by hand."""
    Cue(start=7, end=7, text="A moment.").clean()
    with pytest.raises(ValidationError):
        Cue(start=7, end=6, text="Backwards.").clean()
    with pytest.raises(ValidationError):
        TranscriptNote(number=1, text="x", start=3, end=None).clean()


def test_the_recording_chosen_in_the_form_ends_the_last_ohms_cue(admin_client, recorded):
    """An OHMS export with no duration: the last cue ends at the end of the recording it is imported for."""
    export = (
        "<ROOT><record><duration>00:00:00</duration><vtt_transcript><![CDATA[WEBVTT\n\n"
        "00:00:01.000 --> 00:00:03.000\nFirst.\n\n00:00:03.000 --> 00:00:00.000\nLast.\n]]></vtt_transcript>"
        "</record></ROOT>"
    )
    data = admin_form(recorded.page, SimpleUploadedFile("export.xml", export.encode(), "text/xml"))
    data.update({"recording": recorded.recording.pk, "language": "fr", "kind": "translation"})
    response = admin_client.post(reverse("transcripts:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    transcript = Transcript.objects.get(recording=recorded.recording, language="fr")
    duration = recorded.recording.duration
    assert duration > 3
    assert [(c.start, c.end) for c in transcript.cues.all()] == [(1.0, 3.0), (3.0, duration)]
