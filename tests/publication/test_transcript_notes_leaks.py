"""Transcript notes and the index's new fields never leak what is withheld: the leak matrix for them.

Each hidden state is planted with a token of its own: a note referred to by a withheld line, by a
line with a withheld phrase or by a sealed line; a note holding a phrase withheld elsewhere in its
transcript; the notes of a draft and of an archive-only testimony; the subjects, opening words and
map points of a chapter beginning in a withheld moment. An anonymous visitor walks every public
surface (pages, captions, chapters, downloads, site search for shared words, the sitemap). No
response may hold a token; an Archivist finds every one in the transcript editor, and a public note
and chapter planted the same way are met by the walk.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.consent.services import apply_record
from memorial.core.groups import ARCHIVISTS
from memorial.recordings.models import Cue, Segment, Transcript, TranscriptNote
from memorial.testimonies.models import WitnessDisplay
from tests import factories
from tests.moderation.helpers import user_in
from tests.publication.test_leak_matrix import _local, _without_reflection, walk

pytestmark = pytest.mark.django_db

SHARED_WORDS = ["quarter", "account", "river", "Hama"]


def _testimony(site_tree, title, publish=True, **fields):
    fields.setdefault("witness_display", WitnessDisplay.NAMED)
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title=title, **fields)
    if publish:
        page.save_revision().publish()
        page.refresh_from_db()
    return page


def _transcript_addresses(page, transcript):
    names = ("captions.vtt", "chapters.vtt", "transcript.vtt", "transcript.txt")
    return [page.url, *(f"/recordings/transcripts/{transcript.pk}/{name}" for name in names)]


def plant(site_tree):
    """Hidden notes and fields, each with its own token; returns (tokens, addresses, transcripts, public tokens)."""
    page = _testimony(site_tree, "An account with notes")
    words = Transcript.objects.create(testimony=page, language="en", kind="original")
    Cue.objects.create(transcript=words, start=0, end=2, speaker="Witness", text="We walked to the river.")
    Cue.objects.create(transcript=words, start=2, end=4, speaker="Witness", text="They came at night.", redacted=True)
    Cue.objects.create(
        transcript=words,
        start=4,
        end=6,
        speaker="Witness",
        text="The officer Qzspanphrase knocked.",
        redacted_spans="Qzspanphrase",
    )
    Cue.objects.create(
        transcript=words,
        start=6,
        end=8,
        speaker="Witness",
        text="He lived by the mill.",
        redacted=True,
        sealed_until=timezone.localdate() + datetime.timedelta(days=365),
    )
    notes = [
        (1, "Qznotewhole was the officer's name, in the quarter.", 2, 4),
        (2, "Qznotephrase: the quarter of the officer.", 4, 6),
        (3, "Qznotesealed lived in the quarter.", 6, 8),
        (4, "Unattached: Qzspanphrase was seen in the quarter.", None, None),
        (5, "Qzpublicnote: the river quarter of Hama.", 0, 2),
    ]
    for number, text, start, end in notes:
        TranscriptNote.objects.create(transcript=words, number=number, text=text, start=start, end=end)
    Segment.objects.create(
        transcript=words,
        start=2.5,
        title="A withheld chapter",
        subjects="Qzsubject (Hama)",
        partial_transcript="WITNESS: Qzopening words",
        gps_points="35.13, 36.75 Qzmappoint quarter",
    )
    Segment.objects.create(
        transcript=words, start=0, title="The river", subjects="Qzpublicsubject", gps_points="35.1, 36.7 River"
    )

    draft = _testimony(site_tree, "A draft account", publish=False, live=False)
    draft_words = Transcript.objects.create(testimony=draft, language="en", kind="original")
    Cue.objects.create(transcript=draft_words, start=0, end=2, text="Draft words by the river.")
    TranscriptNote.objects.create(transcript=draft_words, number=1, text="Qznotedraft of the quarter.")

    archive = _testimony(site_tree, "An archive-only account")
    archive_words = Transcript.objects.create(testimony=archive, language="en", kind="original")
    Cue.objects.create(transcript=archive_words, start=0, end=2, text="Archive words by the river.")
    TranscriptNote.objects.create(
        transcript=archive_words, number=1, text="Qznotearchive of the quarter.", start=0, end=2
    )
    apply_record(
        ConsentRecord.objects.create(
            testimony=archive, given_by="the witness", publication_level=PublicationLevel.ARCHIVE_ONLY
        )
    )

    tokens = [
        "Qznotewhole",
        "Qznotephrase",
        "Qznotesealed",
        "Qzspanphrase",
        "Qzsubject",
        "Qzopening",
        "Qzmappoint",
        "Qznotedraft",
        "Qznotearchive",
    ]
    addresses = [
        *_transcript_addresses(page, words),
        *_transcript_addresses(draft, draft_words),
        *_transcript_addresses(archive, archive_words),
    ]
    return tokens, addresses, [words, draft_words, archive_words], ["Qzpublicnote", "Qzpublicsubject"]


def test_no_withheld_note_or_index_field_reaches_the_public_and_an_archivist_sees_them_all(
    client, site_tree, django_user_model
):
    """Notes and index fields tied to withheld moments, or of hidden testimonies, are on no public surface."""
    tokens, addresses, transcripts, public_tokens = plant(site_tree)
    seeds = ["/en/", "/ar/", "/sitemap.xml", site_tree.testimony_index.url, *addresses]
    for words in SHARED_WORDS:
        seeds += [f"/{language}/search/?" + urlencode({"q": words}) for language in ("en", "ar")]
    responses = walk(client, seeds)

    leaks = [
        f"{token} at {url}"
        for token in tokens
        for url, (_status, text) in responses.items()
        if token.lower() in _without_reflection(text, url).lower()
    ]
    assert not leaks, "reached an anonymous visitor:\n" + "\n".join(leaks)

    # The walk is not blind: the public note and chapter are met, the note also through search.
    for shown in public_tokens:
        assert any(shown.lower() in text.lower() for _s, text in responses.values()), f"{shown!r} never met"
    search = responses[_local("/en/search/?" + urlencode({"q": "quarter"}))][1]
    assert "Qzpublicnote" in search

    client.force_login(user_in(django_user_model, ARCHIVISTS))
    staff_view = "".join(
        client.get(reverse("transcripts:edit", args=[transcript.pk])).content.decode() for transcript in transcripts
    )
    for token in tokens:
        assert token.lower() in staff_view.lower(), f"{token} was never planted"
