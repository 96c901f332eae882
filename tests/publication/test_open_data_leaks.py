"""Nothing hidden reaches a harvester or a permanent address: OAI-PMH, /id/ and JSON-LD.

The leak matrix's hidden states (draft, draft edit of a live page or person, restricted,
archive only, embargoed, withdrawn, anonymised, redacted...) are planted with their tokens;
a whole OAI-PMH harvest, every /id/ address of every testimony and person, and the JSON-LD of
every page those addresses lead to must carry none of them. The public twin is met in each,
and a withdrawn testimony or person is a deleted record.
"""

import json
import re

import pytest
from lxml import etree

from memorial.consent.services import withdraw_consent
from memorial.oai import protocol
from memorial.remembrance.models import Remembrance
from memorial.testimonies import models as testimonies
from tests import factories
from tests.moderation.helpers import user_in
from tests.oai.helpers import OAI
from tests.publication.test_leak_matrix import plant_everything

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _harvest(client, verb="ListRecords"):
    """Every page of a full harvest, as text, following resumption tokens."""
    pages, params = [], {"verb": verb, "metadataPrefix": "oai_dc"}
    while True:
        response = client.get("/oai/", params)
        assert response.status_code == 200
        pages.append(response.content.decode())
        token = etree.fromstring(response.content).find(f".//{OAI}resumptionToken")
        if token is None or not token.text:
            return pages
        params = {"verb": verb, "resumptionToken": token.text}


def _headers(pages):
    found = {}
    for page in pages:
        for header in etree.fromstring(page.encode()).iter(f"{OAI}header"):
            found[header.find(f"{OAI}identifier").text] = header.get("status") or "public"
    return found


def test_no_hidden_token_reaches_a_harvest_a_permanent_address_or_json_ld(client, site_tree, django_user_model):
    """Hidden tokens are in no harvest, no /id/ answer and no JSON-LD; withdrawn records are deleted ones."""
    editor = user_in(django_user_model, "Editors")
    planted, public, _public_image = plant_everything(site_tree, editor)
    # A person published through the lifecycle (as the admin does) and then withdrawn.
    gone = factories.RemembranceFactory(name_latin="Qzgonepublished Hamwi", name_ar="")
    gone.save_revision().publish()
    withdraw_consent(gone, reason="The family asked.")

    harvest = _harvest(client) + _harvest(client, "ListIdentifiers")
    texts = {"harvest": "\n".join(harvest)}
    json_ld = []
    keys = set(testimonies.TestimonyPage.objects.values_list("translation_key", flat=True))
    keys |= set(Remembrance.objects.values_list("identifier", flat=True))
    for key in keys:
        response = client.get(f"/id/{key}/")
        texts[f"/id/{key}/"] = f"{response.status_code} {response.get('Location', '')}"
        if response.status_code == 303:
            page = client.get(response["Location"])
            assert page.status_code == 200, response["Location"]
            json_ld += JSON_LD.findall(page.content.decode())
    texts["json-ld"] = "\n".join(json_ld)

    leaks = [
        f"{item.state}: {item.token} in {where}"
        for item in planted
        for where, text in texts.items()
        if item.token.lower() in text.lower()
    ]
    assert not leaks, "\n".join(leaks)

    # Positive controls: the public testimony and person are harvested and described.
    assert public.token in texts["harvest"]
    assert "Qzpublicperson" in texts["harvest"]
    for block in json_ld:
        json.loads(block)

    # A withdrawn testimony and a withdrawn person are deleted records; drafts never public are unknown.
    headers = _headers(harvest)
    withdrawn = testimonies.TestimonyPage.objects.get(title__startswith="Qzwithdrawn")
    assert headers[protocol.oai_identifier(withdrawn.translation_key)] == "deleted"
    assert headers[protocol.oai_identifier(gone.identifier)] == "deleted"
    assert "Qzgonepublished" not in texts["harvest"]
    draft = testimonies.TestimonyPage.objects.get(title__startswith="Qzdraftpage")
    assert protocol.oai_identifier(draft.translation_key) not in headers
