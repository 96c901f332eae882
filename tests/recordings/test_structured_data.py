"""A testimony's JSON-LD describes its recording by the public copy, with the public transcript only."""

import json
import re

import pytest

from tests.recordings.conftest import ARABIC_SECRET, RELEASED, SPAN_SECRET, WHOLE_SECRET

pytestmark = pytest.mark.django_db

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_the_recording_is_the_public_copy_with_its_duration_and_redacted_transcript(client, recorded):
    text = BLOCK.findall(client.get(recorded.page.url).content.decode())[0]
    data = json.loads(text)
    testimony = next(node for node in data["@graph"] if "ArchiveComponent" in node["@type"])
    media = testimony["associatedMedia"][0]
    assert media["@type"] == "AudioObject"
    assert media["contentUrl"].endswith(recorded.recording.derivative.file.url)
    assert recorded.recording.media.file.url not in text  # never the original
    assert media["duration"].startswith("PT") and media["duration"].endswith("S")
    assert media["inLanguage"] == "en"
    assert "The guard [redacted] beat my cousin." in media["transcript"]
    assert RELEASED in media["transcript"]  # sealed until yesterday: released
    for secret in (SPAN_SECRET, WHOLE_SECRET, ARABIC_SECRET):
        assert secret not in text
