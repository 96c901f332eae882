"""The JSON API and the IIIF manifests never show what the publication gate hides.

Every hidden state of the leak matrix is planted with its own token (drafts, a draft edit of a
live page and of a live person, restrictions, archive only, embargo, withdrawal, anonymity,
redacted and sealed lines, an image or a document only on a draft), plus an image used on a
public page but kept in the held-for-review collection. Every endpoint is read, listings and
each record's detail with all its fields: no answer may carry a token, every hidden record's
own address answers 404, and the public twins planted the same way are seen.
"""

import json

import pytest
from django.urls import reverse
from wagtail.models import Page

from memorial.core.groups import ARCHIVISTS
from memorial.testimonies import models as testimonies
from memorial.uploads.collections import held_collection
from tests import factories
from tests.moderation.helpers import user_in
from tests.publication.test_leak_matrix import _body_with_image, _published, _testimony, plant_everything
from tests.utils import login_verified

pytestmark = pytest.mark.django_db

ENDPOINTS = ["pages", "people", "places", "events", "images", "documents"]
LISTINGS = [
    "/api/v2/pages/?limit=100&fields=*",
    "/api/v2/pages/?limit=100&fields=*&type=testimonies.TestimonyPage",
    "/api/v2/pages/?limit=100&fields=*&type=history.ArticlePage",
    "/api/v2/pages/?limit=100&fields=*&locale=ar",
    "/api/v2/pages/?limit=100&fields=*&search=account",
    "/api/v2/pages/?limit=100&fields=*&type=testimonies.TestimonyPage&search=account",
    "/api/v2/documents/?limit=100&fields=*&search=notes",
    "/api/v2/people/?limit=100&fields=*",
    "/api/v2/places/?limit=100&fields=*",
    "/api/v2/events/?limit=100&fields=*",
    "/api/v2/images/?limit=100&fields=*",
    "/api/v2/documents/?limit=100&fields=*",
]


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    settings.MEMORIAL_API_RATE_LIMIT = 100_000


def read_everything(client):
    """Every listing, then every listed record's detail: {address: text}."""
    answers = {}
    for url in LISTINGS:
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.content[:300]}"
        answers[url] = response.content.decode()
        for item in json.loads(response.content)["items"]:
            detail = item["meta"]["detail_url"]
            answer = client.get(detail)
            assert answer.status_code == 200, detail
            answers[detail] = answer.content.decode()
    return answers


def test_no_hidden_token_in_any_api_answer(client, site_tree, django_user_model):
    """No hidden state shows its token in any API answer; its public twin is there; an Archivist sees each token."""
    editor = user_in(django_user_model, "Editors")
    planted, public, public_image = plant_everything(site_tree, editor)
    held_image = factories.ImageFactory(title="Qzheldphoto", file__filename="qzheld.jpg", collection=held_collection())
    held_page = _published(
        _testimony(site_tree, "An account with a held photograph", body=_body_with_image(held_image, "Words."))
    )

    answers = read_everything(client)
    text = "\n".join(answers.values())
    leaks = [f"{item.state}: {item.token}" for item in planted if item.token.lower() in text.lower()]
    assert not leaks, "reached the API:\n" + "\n".join(leaks)

    # Hidden images and documents are known by their files, not only by their titles.
    hidden_files = {
        "held collection": held_image.file.name,
        **{
            item.state: address.rsplit("/", 1)[-1]
            for item in planted
            for address in item.gone
            if address.startswith("/media/original_images/")
        },
    }
    assert len(hidden_files) >= 3
    for state, name in hidden_files.items():
        assert name.rsplit("/", 1)[-1] not in text, f"{state}: {name} listed"
    images = json.loads(client.get("/api/v2/images/?limit=100").content)["items"]
    assert held_image.pk not in {item["id"] for item in images}

    # Every hidden page's own detail address answers 404, like a page that does not exist.
    hidden_pages = Page.objects.filter(title__startswith="Qz").exclude(title__startswith="Qzpublic")
    assert hidden_pages.count() >= 6
    for page in hidden_pages:
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404, page.title
    assert client.get(f"/api/v2/images/{held_image.pk}/").status_code == 404

    # The controls: public twins are in the API, and the draft edit's live words are.
    for shown in (public.token, "Qzpublicperson", "Qzpublicdoc", "An account already public", "Published Person"):
        assert shown.lower() in text.lower(), f"{shown!r} is not in the API"
    assert public_image.file.name.rsplit("/", 1)[-1] in text
    assert held_page.title in text  # the page is public; only its held photograph is not
    anonymised = testimonies.TestimonyPage.objects.get(title="An anonymised account")
    assert f'"witness_label": "{anonymised.witness_label}"' in text  # the pseudonym stands for the name
    archivist = user_in(django_user_model, ARCHIVISTS)
    login_verified(client, archivist)
    for item in planted:
        assert item.token.lower() in item.control(client).lower(), f"{item.state}: token was never planted"


def test_api_answers_signed_in_staff_as_anyone(client, site_tree, django_user_model):
    """The API is the public's: a signed-in Archivist gets the same answers, never a draft or a restricted page."""
    editor = user_in(django_user_model, "Editors")
    planted, _public, _image = plant_everything(site_tree, editor)
    login_verified(client, user_in(django_user_model, ARCHIVISTS))
    text = "\n".join(read_everything(client).values())
    assert not [item.token for item in planted if item.token.lower() in text.lower()]


def test_hidden_testimonies_have_no_manifest(client, site_tree, django_user_model):
    """A manifest is asked for every planted testimony: each hidden one answers 404."""
    editor = user_in(django_user_model, "Editors")
    plant_everything(site_tree, editor)
    for page in Page.objects.filter(title__startswith="Qz").exclude(title__startswith="Qzpublic"):
        assert client.get(reverse("iiif_manifest", args=[page.pk])).status_code == 404
