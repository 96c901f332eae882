"""IIIF manifests: valid Presentation 3, the public copy only, and nothing withheld."""

import json

import pytest
from django.urls import reverse
from iiif_prezi3 import Manifest
from wagtail.models import PageViewRestriction

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.consent.services import apply_record, withdraw_consent
from memorial.recordings import public
from memorial.recordings.models import Cue, Recording
from memorial.recordings.signals import refresh_recording
from memorial.testimonies import models as testimonies
from tests import factories
from tests.recordings.conftest import ARABIC_SECRET, RELEASED, SPAN_SECRET, WHOLE_SECRET, make_recorded_testimony

pytestmark = pytest.mark.django_db


def manifest_url(page):
    return reverse("iiif_manifest", args=[page.pk])


def fetch(client, page):
    response = client.get(manifest_url(page))
    assert response.status_code == 200, response.content[:200]
    return response, json.loads(response.content)


def annotations(data, motivation):
    return [
        annotation
        for canvas in data["items"]
        for page in canvas.get("annotations", []) + canvas["items"]
        for annotation in page["items"]
        if annotation["motivation"] == motivation
    ]


def test_manifest_is_valid_presentation_3(client, recorded):
    """The manifest loads into the iiif-prezi3 model, with a Canvas per recording and its duration."""
    response, data = fetch(client, recorded.page)
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    model = Manifest(**data)
    assert model.type == "Manifest"
    assert data["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert data["id"] == "http://testserver" + manifest_url(recorded.page)
    assert len(data["items"]) == 1
    assert data["items"][0]["duration"] == pytest.approx(recorded.recording.media.duration)
    assert data["label"] == {"en": [recorded.page.title]}
    assert data["homepage"][0]["id"] == recorded.page.get_full_url()
    assert data["provider"][0]["type"] == "Agent"
    assert data["requiredStatement"]["label"] == {"en": ["Attribution"], "ar": ["الإسناد"]}
    cited = data["requiredStatement"]["value"]["none"][0]
    assert cited.endswith(f"/id/{recorded.page.translation_key}/"), "the citation keeps the permanent address"


def test_painting_annotation_is_the_public_copy(client, recorded):
    """The media a viewer plays is the public copy (absolute, fetchable with byte ranges), never the original."""
    _response, data = fetch(client, recorded.page)
    (painting,) = annotations(data, "painting")
    copy = Recording.objects.get(pk=recorded.recording.pk).derivative
    assert painting["body"]["id"] == "http://testserver" + copy.file.url
    assert painting["body"]["type"] == "Sound"
    assert painting["body"]["format"] == "audio/mp4"
    assert painting["target"] == data["items"][0]["id"]
    assert recorded.recording.media.file.name not in json.dumps(data)
    assert reverse("recordings:original", args=[recorded.recording.media.pk]) not in json.dumps(data)
    ranged = client.get(copy.file.url, HTTP_RANGE="bytes=0-9")
    assert ranged.status_code == 206
    assert ranged["Content-Range"].startswith("bytes 0-9/")


def test_one_supplementing_annotation_per_public_cue(client, recorded):
    """Every public line in both languages is a timed supplementing annotation; withheld lines are absent."""
    _response, data = fetch(client, recorded.page)
    (group,) = public.for_testimony(recorded.page)
    public_cues = [cue for item in group.transcripts for cue in item.cues if not cue.withheld]
    assert len(public_cues) == 4  # three English lines (one released from its seal), one Arabic
    found = annotations(data, "supplementing")
    assert len(found) == len(public_cues)
    canvas = data["items"][0]["id"]
    targets = {annotation["target"] for annotation in found}
    assert f"{canvas}#t=0,2" in targets and f"{canvas}#t=8,9.5" in targets
    assert {annotation["body"]["language"] for annotation in found} == {"en", "ar"}
    text = json.dumps(data, ensure_ascii=False)
    assert RELEASED in text  # the control: a line whose seal has ended is there
    for secret in (SPAN_SECRET, WHOLE_SECRET, ARABIC_SECRET, "[redacted]", recorded.page.witness_name):
        assert secret not in text
    assert f"{canvas}#t=6,8" not in targets and f"{canvas}#t=4,6" not in targets


def test_one_range_per_chapter(client, recorded):
    """Each chapter of the index is a Range on its stretch of the canvas; a withheld chapter shows only its time."""
    _response, data = fetch(client, recorded.page)
    canvas = data["items"][0]["id"]
    ranges = data["structures"]
    assert len(ranges) == 2
    assert ranges[0]["label"] == {"en": ["Taken to the stadium"]}
    assert ranges[0]["items"][0]["id"] == f"{canvas}#t=0,6"
    assert ranges[1]["label"] == {"none": ["0:06"]}  # begins in a withheld moment
    assert "After the stadium" not in json.dumps(data)


def test_page_links_to_its_manifest(client, recorded):
    """The testimony page advertises its manifest in its head and links to it."""
    html = client.get(recorded.page.url).content.decode()
    profile = "application/ld+json;profile=&quot;http://iiif.io/api/presentation/3/context.json&quot;"
    assert f'<link rel="alternate" type="{profile}" href="{manifest_url(recorded.page)}"' in html
    assert f'<a href="{manifest_url(recorded.page)}"' in html


def test_hidden_testimony_has_no_manifest(client, recorded):
    """A testimony the public may not see answers 404, exactly like a missing one."""
    fetch(client, recorded.page)  # the control
    PageViewRestriction.objects.create(page=recorded.page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(manifest_url(recorded.page)).status_code == 404
    PageViewRestriction.objects.all().delete()
    recorded.page.unpublish()
    assert client.get(manifest_url(recorded.page)).status_code == 404
    assert client.get(reverse("iiif_manifest", args=[999999])).status_code == 404


def test_testimony_without_recording_or_other_page_has_no_manifest(client, site_tree):
    """Only a testimony with a playable recording has a manifest; other pages answer 404."""
    plain = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    assert client.get(manifest_url(plain)).status_code == 404
    assert client.get(manifest_url(site_tree.article)).status_code == 404
    assert "application/ld+json;profile" not in client.get(plain.url).content.decode()


def test_manifest_answers_head_and_refuses_post(client, recorded):
    assert client.head(manifest_url(recorded.page)).status_code == 200
    assert client.post(manifest_url(recorded.page)).status_code == 405


def test_two_recordings_make_two_canvases(client, site_tree):
    """A testimony in two sessions has two canvases, in page order."""
    first = make_recorded_testimony(parent=site_tree.testimony_index)
    second = Recording.objects.create(page=first.page, media=first.recording.media, language="en", title="Session two")
    refresh_recording(second)
    _response, data = fetch(client, first.page)
    assert len(data["items"]) == 2
    assert data["items"][1]["label"] == {"none": ["Session two"]}
    Manifest(**data)


def test_manifest_shows_the_live_version_and_hides_what_consent_withholds(client, recorded):
    """A draft edit does not reach the manifest; an anonymised witness is never named; a withdrawal is a 404."""
    live_title = recorded.page.title
    page = testimonies.TestimonyPage.objects.get(pk=recorded.page.pk)
    page.title = "Qzdraftedit title"
    page.save_revision()
    _response, data = fetch(client, recorded.page)
    assert data["label"] == {"en": [live_title]}
    assert "Qzdraftedit" not in json.dumps(data)

    named = testimonies.TestimonyPage.objects.get(pk=recorded.page.pk)
    named.witness_display, named.witness_name = testimonies.WitnessDisplay.NAMED, "Qzwitness Hamwi"
    named.save_revision().publish()
    Cue.objects.filter(transcript=recorded.original, start=2).update(speaker="Qzwitness Hamwi")
    assert "Qzwitness Hamwi" in json.dumps(fetch(client, recorded.page)[1])  # the control: named with consent
    consent = ConsentRecord.objects.create(
        testimony=named, given_by="the witness", publication_level=PublicationLevel.ANONYMISED
    )
    apply_record(consent)
    assert "Qzwitness" not in json.dumps(fetch(client, recorded.page)[1], ensure_ascii=False)

    withdraw_consent(testimonies.TestimonyPage.objects.get(pk=recorded.page.pk), reason="The family asked.")
    assert client.get(manifest_url(recorded.page)).status_code == 404


@pytest.mark.parametrize("page_id", ["0", "99999999999999999999", "2147483648"])
def test_hostile_manifest_addresses_are_404(client, site_tree, page_id):
    assert client.get(f"/iiif/testimonies/{page_id}/manifest.json").status_code == 404
    assert client.get("/iiif/testimonies/-1/manifest.json").status_code == 404
    assert client.get("/iiif/testimonies/1%00/manifest.json").status_code == 404


def test_manifests_are_rate_limited(client, recorded, settings):
    settings.MEMORIAL_API_RATE_LIMIT = 1
    assert client.get(manifest_url(recorded.page)).status_code == 200
    refused = client.get(manifest_url(recorded.page))
    assert refused.status_code == 429
    assert refused["Access-Control-Allow-Origin"] == "*"
