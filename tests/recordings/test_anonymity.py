"""An anonymised witness is named by no speaker label and shown in no photograph, on any public surface."""

import json

from django.contrib.auth.models import Group
from django.urls import reverse

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.consent.services import apply_record
from memorial.core.groups import ARCHIVISTS
from memorial.publication import gate, lifecycle
from memorial.recordings.models import Cue
from memorial.recordings.search import find_moments
from memorial.testimonies.models import WitnessDisplay
from tests import factories
from tests.utils import login_verified, search_url

from .conftest import make_recorded_testimony

GIVEN = "Zafirqx"
FAMILY = "Qorvanel"
WITNESS_NAME = f"{GIVEN} {FAMILY}"
# Every way a transcript may have written the witness's name as a speaker.
WITNESS_SPEAKERS = [
    WITNESS_NAME,
    f"  zafirqx \t {FAMILY.upper()} ",
    GIVEN,
    f"Abu {FAMILY}",
    f"Witness ({GIVEN})",
    f"Interviewer's guest {FAMILY}",
]
SPOKEN = "orchardword"  # what the witness says in each of those cues, for search


def _speakers_recorded(parent):
    recorded = make_recorded_testimony(
        parent=parent, witness_display=WitnessDisplay.NAMED, witness_name=WITNESS_NAME, witness_pseudonym="Umm Nour"
    )
    Cue.objects.bulk_create(
        [
            Cue(transcript=recorded.original, start=20 + i, end=20.5 + i, speaker=speaker, text=f"{SPOKEN} number {i}")
            for i, speaker in enumerate(WITNESS_SPEAKERS)
        ]
        + [Cue(transcript=recorded.original, start=30, end=31, speaker=f"Interviewer {FAMILY}", text="Go on.")]
    )
    return recorded


def _public_texts(client, recorded):
    """Every public surface that shows speaker labels, by name."""
    texts = {"page": client.get(recorded.page.url).content.decode()}
    for name in ("captions", "download_vtt", "download_text"):
        texts[name] = client.get(reverse(f"recordings:{name}", args=[recorded.original.pk])).content.decode()
    texts["site search"] = client.get(search_url(SPOKEN)).content.decode()
    texts["search to the moment"] = " ".join(m.speaker for m in find_moments(SPOKEN, recorded.page.locale))
    return texts


def _anonymise(page):
    consent = ConsentRecord.objects.create(
        testimony=page, given_by=WITNESS_NAME, publication_level=PublicationLevel.ANONYMISED
    )
    apply_record(consent)
    page.refresh_from_db()


def test_an_anonymised_witness_is_named_by_no_speaker_label(client, site_tree, django_user_model):
    """Once consent is anonymised, no speaker label on any public surface carries any word of the witness's name,
    whatever its capitals and spacing; the Archivists' unredacted transcript still does."""
    recorded = _speakers_recorded(site_tree.testimony_index)
    named = _public_texts(client, recorded)
    assert WITNESS_NAME in named["page"] and WITNESS_NAME in named["captions"]  # planted, and shown with consent
    assert WITNESS_NAME in named["search to the moment"]

    _anonymise(recorded.page)
    assert recorded.page.witness_name == ""  # the page no longer holds the name
    texts = _public_texts(client, recorded)
    for surface, text in texts.items():
        assert text.strip(), surface
        for word in (GIVEN, FAMILY):
            assert word.casefold() not in text.casefold(), f"{word} shown in {surface}"
    assert "Umm Nour" in texts["captions"] and "Umm Nour" in texts["search to the moment"]
    assert "<v Interviewer>Go on." in texts["captions"]
    assert f"Umm Nour: {SPOKEN} number 0" in texts["download_text"]

    archivist = django_user_model.objects.create_user("arch", password="x" * 12)
    archivist.groups.add(Group.objects.get(name=ARCHIVISTS))
    login_verified(client, archivist)
    full = client.get(reverse("recordings:full_transcript", args=[recorded.original.pk])).content.decode()
    assert f"<v {WITNESS_NAME}>" in full


def test_a_pseudonymous_witness_is_named_by_no_speaker_label(client, site_tree):
    """A testimony shown under a pseudonym (no consent record) shows every speaker but the interviewer as
    the witness, so a label naming the witness in another form never reaches the public."""
    recorded = _speakers_recorded(site_tree.testimony_index)
    type(recorded.page).objects.filter(pk=recorded.page.pk).update(witness_display=WitnessDisplay.PSEUDONYM)
    recorded.page.refresh_from_db()
    for surface, text in _public_texts(client, recorded).items():
        for word in (GIVEN, FAMILY):
            assert word.casefold() not in text.casefold(), f"{word} shown in {surface}"


# Photographs ------------------------------------------------------------------------------------

PHOTO_TITLE = "Photo Ymqtitle"
PHOTO_ALT = "Ymqalt the witness at home"
PHOTO_FILE = "ymqfilephoto.png"


def _photographed(parent, **fields):
    image = factories.ImageFactory(title=PHOTO_TITLE, file__filename=PHOTO_FILE)
    page = factories.TestimonyPageFactory(
        parent=parent,
        witness_display=WitnessDisplay.NAMED,
        witness_name="Named Witnessperson",
        body=json.dumps(
            [
                {"type": "paragraph", "value": "<p>We hid in the cellar.</p>"},
                {"type": "image", "value": {"image": image.pk, "alt_text": PHOTO_ALT, "decorative": False}},
                {
                    "type": "gallery",
                    "value": {
                        "images": [
                            {"type": "item", "value": {"image": image.pk, "alt_text": PHOTO_ALT, "decorative": False}}
                        ],
                        "caption": "",
                    },
                },
            ]
        ),
        **fields,
    )
    lifecycle.changed(page)
    return page, image


def _photo_shown(text):
    return [token for token in ("Ymqtitle", "Ymqalt", "ymqfilephoto") if token.casefold() in text.casefold()]


def test_a_named_witness_testimony_shows_its_photographs(client, site_tree):
    """The control: with consent to be named, the body's photographs are shown and their files served."""
    page, image = _photographed(site_tree.testimony_index)
    html = client.get(page.url).content.decode()
    assert "Ymqalt" in html and "ymqfilephoto" in html
    assert gate.image_is_public(image) and gate.file_is_public(image.file.name)


def test_an_anonymised_testimony_shows_no_photographs(client, site_tree):
    """Once consent is anonymised, the testimony shows none of its photographs (image and gallery blocks,
    alt text, file addresses), the share image is none, and the files are no longer public."""
    page, image = _photographed(site_tree.testimony_index)
    assert gate.image_is_public(image)
    _anonymise(page)
    html = client.get(page.url).content.decode()
    assert "We hid in the cellar." in html
    assert _photo_shown(html) == []
    assert 'property="og:image"' not in html
    assert page.get_og_image() is None
    assert not gate.image_is_public(image) and not gate.file_is_public(image.file.name)
    rendition = image.get_rendition("width-800")
    assert not gate.file_is_public(rendition.file.name)
