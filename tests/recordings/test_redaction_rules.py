"""Redaction is applied the same way on every public surface: ranges shared by every transcript of the same
files, phrases matched whatever their capitals and spacing, chapters withheld with their moment, and a public
copy that cannot be remade never left behind unsilenced."""

import datetime
import re

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from memorial.core.groups import ARCHIVISTS
from memorial.publication import gate
from memorial.recordings import media
from memorial.recordings.models import Cue, Recording, RecordingDerivative, Segment, Transcript
from memorial.recordings.search import find_moments
from memorial.recordings.signals import refresh_recording
from tests import factories
from tests.utils import login_verified, search_url

from .conftest import SPAN_SECRET


def _public(client, page, transcript, query):
    """The page, the transcript's public files and the site search for ``query`` (without the echoed query)."""
    texts = {"page": client.get(page.url).content.decode()}
    for name in ("captions", "chapters", "download_vtt", "download_text"):
        texts[name] = client.get(reverse(f"recordings:{name}", args=[transcript.pk])).content.decode()
    texts["site search"] = client.get(search_url(query)).content.decode().replace(query, "")
    return texts


def _archivist(django_user_model):
    user = django_user_model.objects.create_user("arch", password="x" * 12)
    user.groups.add(Group.objects.get(name=ARCHIVISTS))
    return user


def test_search_withholds_what_another_pages_transcript_of_the_same_files_withholds(client, recorded, site_tree):
    """A line withheld in one transcript is withheld in search too in every transcript timed against the same
    files, whichever page's recording row it names, exactly as the page and the public copy withhold it."""
    other_page = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    other = Recording.objects.create(page=other_page, media=recorded.recording.media, language="fr")
    notes = Transcript.objects.create(testimony=other_page, recording=other, language="fr", kind="translation")
    Cue.objects.bulk_create(
        [
            Cue(transcript=notes, start=0, end=2, text="Harbourword où vous a-t-on emmené"),
            Cue(transcript=notes, start=6, end=8, text="Puis Qelvintoken vivait rue Zuhour"),  # 6-8 is withheld
        ]
    )
    assert Cue.objects.filter(text__contains="Qelvintoken").exists()  # planted
    assert [m.testimony.pk for m in find_moments("Harbourword", other_page.locale)] == [other_page.pk]
    assert find_moments("Qelvintoken", other_page.locale) == []
    for surface, text in _public(client, other_page, notes, "Qelvintoken").items():
        assert "Qelvintoken" not in text, surface


def test_withheld_phrases_match_whatever_their_capitals_and_spacing(client, recorded, django_user_model):
    """A withheld phrase is withheld wherever the line writes it with other capitals or spacing, and a phrase
    no longer found in its line withholds the whole line."""
    cue = Cue.objects.get(transcript=recorded.original, start=4)
    cue.text = "The guard ABU\n  secretname beat my cousin, and Abu Secretname laughed."
    cue.redacted_spans = "abu   SECRETNAME"
    cue.full_clean()
    cue.save()
    lost = Cue.objects.get(transcript=recorded.original, start=2)
    lost.text = "They held us by the river, said Wrenfieldtoken."
    lost.redacted_spans = "Wrenfield token"  # the text was edited since: the phrase is no longer there as marked
    lost.save()
    with_error = Cue(transcript=recorded.original, start=50, end=51, text="Nothing here", redacted_spans="absent")
    try:
        with_error.full_clean()
        raise AssertionError("a phrase missing from its line must be refused")
    except ValidationError as error:
        assert "redacted_spans" in error.message_dict

    texts = _public(client, recorded.page, recorded.original, "secretname")
    texts["search to the moment"] = str(find_moments("secretname", recorded.page.locale))
    texts["search for the lost phrase"] = str(find_moments("Wrenfieldtoken", recorded.page.locale))
    for surface, text in texts.items():
        assert "secretname" not in text.casefold(), surface
        assert "wrenfieldtoken" not in text.casefold(), surface
    assert "The guard [redacted] beat my cousin, and [redacted] laughed." in texts["page"]
    login_verified(client, _archivist(django_user_model))
    full = client.get(reverse("recordings:full_transcript", args=[recorded.original.pk])).content.decode()
    assert "Secretname" in full and "Wrenfieldtoken" in full


def test_a_chapter_beginning_in_a_withheld_moment_is_withheld_until_its_seal_ends(client, recorded, monkeypatch):
    """A chapter whose start lies in a withheld range shows neither title, synopsis nor keywords on the page,
    in the chapters track or in search; a withheld phrase is withheld in any chapter's words; both return
    when the seal ends."""
    until = timezone.localdate() + datetime.timedelta(days=5)
    Cue.objects.filter(transcript=recorded.original, start=6).update(sealed_until=until)
    Segment.objects.create(
        transcript=recorded.original,
        start=6.5,
        title="Segtitletoken the informer",
        synopsis="Segsynopsistoken tells who it was.",
        keywords="Segkeywordtoken; informer",
        links="https://example.org/segment Seglinktoken",
    )
    Segment.objects.filter(transcript=recorded.original, start=0).update(
        synopsis=f"They name {SPAN_SECRET.lower()} here."
    )
    tokens = ["Segtitletoken", "Segsynopsistoken", "Segkeywordtoken", "Seglinktoken", "Secretname"]
    for token in tokens[:4]:
        for surface, text in _public(client, recorded.page, recorded.original, token).items():
            assert token not in text, (surface, token)
    page = client.get(recorded.page.url).content.decode()
    assert "Secretname" not in page and "They name [redacted] here." in page
    chapters = client.get(reverse("recordings:chapters", args=[recorded.original.pk])).content.decode()
    assert re.search(r"00:00:06\.500 --> [\d:.]+\n\[redacted\]\n", chapters)

    monkeypatch.setattr(gate, "today", lambda: until)  # the one clock of seals and the page cache
    page = client.get(recorded.page.url).content.decode()
    for token in tokens[:4]:
        assert token in page, token
    chapters = client.get(reverse("recordings:chapters", args=[recorded.original.pk])).content.decode()
    assert "Segtitletoken the informer" in chapters


def test_a_stale_copy_is_deleted_when_the_new_one_cannot_be_made(
    client, recorded, monkeypatch, django_capture_on_commit_callbacks
):
    """When ffmpeg fails to remake a public copy after a new redaction, the old unsilenced copy is deleted
    (row and file) and the page says the recording is being prepared."""
    old = recorded.recording.derivative
    old_name, old_url = old.file.name, old.file.url
    assert old_url in client.get(recorded.page.url).content.decode()  # the copy was being served

    def fail(*args, **kwargs):
        raise media.MediaError("ffmpeg failed")

    monkeypatch.setattr(media, "make_public_copy", fail)
    Cue.objects.filter(transcript=recorded.original, start=0).update(redacted=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert refresh_recording(recorded.recording) is False
    assert not RecordingDerivative.objects.filter(recording=recorded.recording).exists()
    assert not old.file.storage.exists(old_name)
    assert not gate.file_is_public(old_name)
    page = client.get(recorded.page.url).content.decode()
    assert old_url not in page and "being prepared for publication" in page


def test_a_copy_that_still_silences_everything_survives_a_failed_remake(
    recorded, monkeypatch, django_capture_on_commit_callbacks
):
    """A failed remake after a seal ends keeps the copy that silences more than needed: it leaks nothing."""
    derivative = recorded.recording.derivative

    def fail(*args, **kwargs):
        raise media.MediaError("ffmpeg failed")

    monkeypatch.setattr(media, "make_public_copy", fail)
    Cue.objects.filter(transcript=recorded.original, start=4).update(redacted_spans="")
    with django_capture_on_commit_callbacks(execute=True):
        refresh_recording(recorded.recording)
    derivative.refresh_from_db()
    assert derivative.file.storage.exists(derivative.file.name)
    assert gate.file_is_public(derivative.file.name)
