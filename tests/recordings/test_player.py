"""The player page, downloads, search to the moment, and redaction that never leaks."""

import datetime
import re
import subprocess
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from memorial.core import ffmpeg
from memorial.core.generation import announce
from memorial.core.groups import ARCHIVISTS, EDITORS
from memorial.publication import gate
from memorial.recordings.models import Cue, Recording, RecordingDerivative, Transcript
from memorial.recordings.search import find_moments
from memorial.recordings.signals import refresh_for_transcript, refresh_recording

from .conftest import ARABIC_SECRET, OHMS, RELEASED, SPAN_SECRET, WHOLE_SECRET, make_recorded_testimony

SECRETS = [SPAN_SECRET, "Secretname", WHOLE_SECRET, "Zuhour", ARABIC_SECRET]


def public_responses(client, recorded):
    """Every public response that carries transcript text."""
    page_url = recorded.page.url
    urls = [page_url, f"{page_url}?t=0:06"]
    for transcript in (recorded.original, recorded.translation):
        for name in ("captions", "chapters", "download_vtt", "download_text"):
            urls.append(reverse(f"recordings:{name}", args=[transcript.pk]))
    urls.append(reverse("sitemap"))
    responses = {url: client.get(url).content.decode() for url in urls}
    for word in ("Secretname", "informant", "Zuhour", "guard", ARABIC_SECRET):
        # The search page repeats the visitor's own query; what matters is what it found.
        body = client.get(reverse("search"), {"q": word}).content.decode().replace(word, "")
        responses[f"search:{word}"] = body
    return responses


def test_redacted_text_is_absent_from_every_public_response(client, recorded):
    """Page, deep link, captions, chapters, downloads and search never contain a withheld word."""
    for url, body in public_responses(client, recorded).items():
        assert "<title>" in body or "WEBVTT" in body or "[0:" in body or "<urlset" in body, url
        for secret in SECRETS:
            assert secret not in body, (url, secret)
    page = client.get(recorded.page.url).content.decode()
    assert "The guard [redacted] beat my cousin." in page
    assert RELEASED in page  # sealed until yesterday: released automatically


def test_public_recording_is_silent_where_text_is_withheld(recorded):
    """The public copy is silent over withheld cues and sounds elsewhere; its metadata is stripped."""
    derivative = recorded.recording.derivative
    assert derivative.silenced == [[4.0, 6.0], [6.0, 8.0]]

    def loudest(start, length):
        result = subprocess.run(  # noqa: S603 - a fixed command
            [
                ffmpeg.required_binary(),
                "-v",
                "info",
                "-ss",
                str(start),
                "-t",
                str(length),
                "-i",
                derivative.file.path,
                "-af",
                "volumedetect",
                "-f",
                "null",
                "-",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        match = re.search(r"max_volume: (-?[\d.]+|-inf) dB", result.stderr)
        return float(match.group(1)) if match and match.group(1) != "-inf" else -200.0

    assert loudest(4.3, 3.4) < -80
    assert loudest(0.5, 1.5) > -20
    tags = ffmpeg.read(derivative.file.path).tags
    assert not any("lavf" in value.lower() for value in tags.values())


def test_a_stale_public_copy_is_never_served(client, recorded):
    """A redaction added after the copy was made hides the recording until a silenced copy exists."""
    Cue.objects.filter(transcript=recorded.original, start=0).update(redacted=True)
    page = client.get(recorded.page.url).content.decode()
    assert recorded.recording.derivative.file.url not in page
    assert "being prepared for publication" in page
    refresh_recording(recorded.recording)
    recorded.recording.derivative.refresh_from_db()
    assert recorded.recording.derivative.file.url in client.get(recorded.page.url).content.decode()


def test_a_seal_ends_on_its_date_for_the_words_and_then_the_sound(client, recorded, monkeypatch):
    """Sealed until a date: withheld in text and sound before it; released on it, and the daily
    command remakes the public copy without the silence (removing the old copy)."""
    first_line = "Where were you taken?"
    until = timezone.localdate() + datetime.timedelta(days=3)
    Cue.objects.filter(transcript=recorded.original, start=0).update(redacted=True, sealed_until=until)
    out = StringIO()
    call_command("refresh_recordings", stdout=out)
    assert out.getvalue().startswith("1 ")
    derivative = RecordingDerivative.objects.get(recording=recorded.recording)
    assert [0.0, 2.0] in derivative.silenced
    assert first_line not in client.get(recorded.page.url).content.decode()
    sealed_copy = derivative.file.name

    monkeypatch.setattr(gate, "today", lambda: until)  # the one clock of seals and the page cache
    page = client.get(recorded.page.url).content.decode()
    assert first_line in page
    assert derivative.file.url in page  # the silent copy still plays until the new one is made
    call_command("refresh_recordings", stdout=out)
    derivative.refresh_from_db()
    assert [0.0, 2.0] not in derivative.silenced and [4.0, 6.0] in derivative.silenced
    assert not derivative.file.storage.exists(sealed_copy)
    assert derivative.file.url in client.get(recorded.page.url).content.decode()
    again = StringIO()
    call_command("refresh_recordings", stdout=again)
    assert again.getvalue().startswith("0 ")


def test_archivists_read_and_hear_the_unredacted_originals(client, recorded, django_user_model):
    """Archivists get the full transcript and the original file; others, even editors, get a 404."""
    full = reverse("recordings:full_transcript", args=[recorded.original.pk])
    original = reverse("recordings:original", args=[recorded.recording.media.pk])
    assert client.get(full).status_code == 404
    assert client.get(original).status_code == 404
    page = client.get(recorded.page.url).content.decode()
    assert full not in page and original not in page
    editor = django_user_model.objects.create_user("ed", password="x" * 12)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    assert client.get(full).status_code == 404
    assert full not in client.get(recorded.page.url).content.decode()
    archivist = django_user_model.objects.create_user("arch", password="x" * 12)
    archivist.groups.add(Group.objects.get(name=ARCHIVISTS))
    client.force_login(archivist)
    page = client.get(recorded.page.url).content.decode()
    assert full in page and original in page  # where an Archivist finds them
    assert SPAN_SECRET not in page  # the page itself stays the public one
    response = client.get(full)
    assert response.status_code == 200 and SPAN_SECRET in response.content.decode()
    assert WHOLE_SECRET in response.content.decode()
    response = client.get(original)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def test_original_files_are_not_under_the_public_media_root(settings, recorded):
    """Originals live in private storage, outside MEDIA_ROOT, so no URL serves them."""
    path = recorded.recording.media.file.path
    assert not path.startswith(str(settings.MEDIA_ROOT) + "/")


def test_page_without_javascript_shows_recording_chapters_and_timestamped_transcript(client, recorded):
    """The markup contract: data-transcript, cues with data-start/data-end, timestamp links, tracks, chapters."""
    html = client.get(recorded.page.url).content.decode()
    assert "<audio" in html and recorded.recording.derivative.file.url in html
    assert html.count("data-transcript ") + html.count("data-transcript>") == 2
    assert re.search(r'id="cue-\d+"\s+data-start="2.000"\s+data-end="4.000"', html)
    assert 'href="?t=0:02&amp;recording=' in html
    assert 'kind="chapters"' in html and "Taken to the stadium" in html
    assert reverse("recordings:captions", args=[recorded.original.pk]) in html
    assert html.count("<h1") == 1
    assert "style=" not in html and "<script>" not in html


def test_speaker_labels_never_name_a_witness_without_consent(client, recorded):
    """A cue spoken by the witness under their real name shows the pseudonym instead."""
    html = client.get(recorded.page.url).content.decode()
    assert recorded.page.witness_name not in html
    vtt = client.get(reverse("recordings:captions", args=[recorded.original.pk])).content.decode()
    assert recorded.page.witness_name not in vtt and recorded.page.witness_pseudonym in vtt


@pytest.mark.parametrize("t", ["0:02", "2", "2.5", "%230:02", "1:99", "abc", "9" * 50, "\x00", "-1", "0:02#x"])
def test_deep_links_open_at_the_moment_and_bad_values_are_ignored(client, recorded, t):
    """?t=0:02 (or 2) starts the recording there and marks the line; other values are ignored, never a 500."""
    response = client.get(recorded.page.url, {"t": t})
    assert response.status_code == 200
    html = response.content.decode()
    current = re.findall(r'<li class="cue is-current"[^>]*data-start="([\d.]+)"', html)
    if t in {"0:02", "2", "2.5"}:
        assert current == ["2.000"]
        assert re.search(r'src="[^"]+#t=2\.[05]00"', html)
        assert 'aria-current="true"' in html
    else:
        assert current == []


def test_downloads_are_public_parts_only_and_well_formed(client, recorded):
    """The VTT download parses as WebVTT; the text download has timestamps and speakers."""
    from memorial.recordings.parsers import parse_webvtt

    vtt = client.get(reverse("recordings:download_vtt", args=[recorded.original.pk]))
    assert vtt["Content-Type"].startswith("text/vtt") and "attachment" in vtt["Content-Disposition"]
    parsed = parse_webvtt(vtt.content)
    assert [c.text for c in parsed.cues][3] == "[redacted]"
    text = client.get(reverse("recordings:download_text", args=[recorded.original.pk])).content.decode()
    assert "[0:02] " in text and "[redacted]" in text
    chapters = client.get(reverse("recordings:chapters", args=[recorded.original.pk])).content.decode()
    assert "00:00:00.000 --> 00:00:06.000\nTaken to the stadium" in chapters


def test_downloads_of_unpublished_or_restricted_testimonies_are_not_found(client, recorded):
    """A draft or restricted testimony's transcripts are 404s, like the page; unknown ids too."""
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=recorded.page, restriction_type="login")
    assert client.get(reverse("recordings:captions", args=[recorded.original.pk])).status_code == 404
    assert client.get(reverse("recordings:captions", args=[999999])).status_code == 404
    assert client.post(reverse("recordings:download_text", args=[recorded.original.pk])).status_code == 405


def test_search_finds_spoken_words_with_their_moment(client, recorded):
    """Site search lists the testimony with the cue's timestamp and a deep link to it."""
    html = client.get(reverse("search"), {"q": "stadium river"}).content.decode()
    assert "Spoken in the recordings" in html
    assert f"?t=0:02&amp;recording={recorded.recording.pk}#cue-" in html
    assert '<time datetime="PT2S">0:02</time>' in html
    moments = find_moments("stadium", recorded.page.locale)
    assert [(m.clock, m.testimony.pk) for m in moments] == [("0:02", recorded.page.pk)]
    assert find_moments(RELEASED.split()[-1], recorded.page.locale)  # released text is searchable


@pytest.mark.parametrize("q", ["Secretname", "informant", "Zuhour", ARABIC_SECRET, "guard Secretname"])
def test_search_never_finds_withheld_words(recorded, q):
    """A withheld phrase is not found, even where the rest of its line is public."""
    assert find_moments(q, recorded.page.locale) == []


def test_page_queries_do_not_grow_with_the_transcript(client, site_tree, django_assert_max_num_queries):
    """The player costs a fixed number of queries, however many cues and segments there are."""
    recorded = make_recorded_testimony(parent=site_tree.testimony_index)
    client.get(recorded.page.url)
    with CaptureQueriesContext(connection) as small:
        client.get(recorded.page.url)
    Cue.objects.bulk_create(
        [Cue(transcript=recorded.translation, start=100 + i, end=100.5 + i, text=f"line {i}") for i in range(200)]
    )
    with CaptureQueriesContext(connection) as large:
        client.get(recorded.page.url)
    assert len(large) == len(small)


def admin_form(testimony, upload):
    data = {
        "testimony": testimony.pk,
        "recording": "",
        "language": "en",
        "kind": "original",
        "upload": upload,
    }
    for prefix in ("cues", "segments", "notes"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_admin_import_of_a_vtt_file_creates_cues(admin_client, site_tree):
    """Uploading a WebVTT file in the transcript editor creates its cues."""
    from tests import factories

    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    upload = SimpleUploadedFile("t.vtt", b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Interviewer>Hello\n", "text/vtt")
    response = admin_client.post(reverse("transcripts:add"), admin_form(page, upload))
    assert response.status_code == 302, response.content.decode()[:2000]
    transcript = Transcript.objects.get(testimony=page)
    assert [(c.speaker, c.text) for c in transcript.cues.all()] == [("Interviewer", "Hello")]
    assert transcript.source_format == "webvtt"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.vtt", b"", "empty"),
        ("bad.vtt", b"WEBVTT\n\n00:01.000 --> 00:00:xx\nHello\n", "Line 3"),
        ("latin.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\ncafé\n".encode("latin-1"), "UTF-8"),
        ("null.srt", b"1\n00:00:01,000 --> 00:00:02,000\n\x00\n", "null byte"),
        ("bomb.xml", b'<!DOCTYPE r [<!ENTITY a "a">]><ROOT>&a;</ROOT>', "DTD"),
        ("empty.xml", b"<ROOT><record/></ROOT>", "nothing to import"),
    ],
)
def test_admin_import_of_hostile_files_shows_errors_and_saves_nothing(admin_client, site_tree, name, data, message):
    """A broken upload re-shows the form with the line-numbered error; no transcript is half-written."""
    from tests import factories

    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    response = admin_client.post(reverse("transcripts:add"), admin_form(page, SimpleUploadedFile(name, data)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Transcript.objects.filter(testimony=page).exists()


@pytest.mark.parametrize(
    ("name", "cues", "segments"),
    [("small-sample-vtt-ohms.xml", 6, 0), ("alyea_OH0010.xml", 0, 15), ("index_hyperlinks_example.xml", 0, 2)],
)
def test_admin_import_of_real_ohms_exports(admin_client, site_tree, name, cues, segments):
    """Real OHMS exports (a transcript, or an index without one) import through the transcript editor."""
    from tests import factories

    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    upload = SimpleUploadedFile(name, (OHMS / name).read_bytes(), "text/xml")
    response = admin_client.post(reverse("transcripts:add"), admin_form(page, upload))
    assert response.status_code == 302, response.content.decode()[:2000]
    transcript = Transcript.objects.get(testimony=page)
    assert transcript.source_format == "ohms"
    assert (transcript.cues.count(), transcript.segments.count()) == (cues, segments)
    if name == "index_hyperlinks_example.xml":
        last = transcript.segments.order_by("start").last()
        assert len(last.link_list()) == 3 and last.link_list()[0][0].startswith("https://digital.sciencehistory.org/")


def test_a_translated_page_playing_the_same_original_is_silenced_too(client, recorded, site_tree):
    """A translated page gets its own recording row for the same original file: the moments withheld
    in the source page's transcripts are silent in its public copy too, and a copy that is not is never served."""
    from tests import factories

    other_page = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    other = Recording.objects.create(page=other_page, media=recorded.recording.media, language="en")
    refresh_recording(other)
    derivative = RecordingDerivative.objects.get(recording=other)
    assert derivative.silenced == [[4.0, 6.0], [6.0, 8.0]]
    assert derivative.file.url in client.get(other_page.url).content.decode()
    RecordingDerivative.objects.filter(pk=derivative.pk).update(silenced=[])
    # A change made behind the application's back tells no cache, but the file itself is refused at once...
    assert client.get(derivative.file.url).status_code == 404
    announce()  # ...and the page, once the caches move on, offers it no more.
    page = client.get(other_page.url).content.decode()
    assert derivative.file.url not in page and "being prepared for publication" in page
    # Marking another moment in the source transcript remakes the copies of both pages.
    recorded.original.cues.filter(start=0).update(redacted=True)
    refresh_for_transcript(recorded.original)
    derivative.refresh_from_db()
    assert derivative.silenced == [[0.0, 2.0], [4.0, 6.0], [6.0, 8.0]]
    assert RecordingDerivative.objects.get(recording=recorded.recording).silenced == derivative.silenced


def test_a_translated_page_shows_the_transcripts_and_search_links_to_it(client, recorded, site_tree):
    """The Arabic version of a testimony (its own recording row for the same original) shows the
    transcripts kept on the English page, withheld parts withheld; Arabic search links to its moment."""
    from tests import factories

    index_ar = factories.TestimonyIndexPageFactory(parent=site_tree.home_ar, slug="shahadat", title="شهادات")
    page_ar = factories.TestimonyPageFactory(
        parent=index_ar,
        title="الشهادة",
        translation_key=recorded.page.translation_key,
        witness_name=recorded.page.witness_name,
    )
    assert page_ar.locale.language_code == "ar"
    copy = Recording.objects.create(page=page_ar, media=recorded.recording.media, language="en")
    refresh_recording(copy)
    html = client.get(page_ar.url).content.decode()
    assert html.count("data-transcript ") + html.count("data-transcript>") == 2
    assert "They held us in the stadium by the river." in html and "The guard [redacted] beat my cousin." in html
    for secret in SECRETS:
        assert secret not in html
    moments = find_moments("أخذوك", page_ar.locale)
    assert [(m.clock, m.testimony.pk) for m in moments] == [("0:00", page_ar.pk)]
    assert moments[0].url.startswith(f"{page_ar.url}?t=0:00&recording={copy.pk}#cue-")
    assert find_moments(ARABIC_SECRET, page_ar.locale) == []
    # Withdrawn from publication, the English page lends nothing.
    recorded.page.unpublish()
    html = client.get(page_ar.url).content.decode()
    assert "They held us in the stadium" not in html
