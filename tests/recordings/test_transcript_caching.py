"""Public transcript files are checked with the server on every use, so a withdrawal counts at once."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROUTES = ["captions", "chapters", "download_vtt", "download_text"]


@pytest.mark.parametrize("route", ROUTES)
def test_public_transcript_files_are_revalidated_each_time(client, recorded, route):
    """Each public track or download is `no-cache` with an ETag; the same ETag answers 304 without the body."""
    url = reverse(f"recordings:{route}", args=[recorded.original.pk])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert "max-age" not in response["Cache-Control"] and "public" not in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("route", ROUTES)
def test_a_withdrawn_testimony_fails_revalidation(client, recorded, route):
    """After the testimony is unpublished, revalidating a cached copy gets a 404, not a 304."""
    url = reverse(f"recordings:{route}", args=[recorded.original.pk])
    etag = client.get(url)["ETag"]

    recorded.page.unpublish()

    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 404


def test_the_full_transcript_for_archivists_is_never_stored(admin_client, recorded):
    """Control: the unredacted transcript stays private, no-store, with no ETag to revalidate."""
    response = admin_client.get(reverse("recordings:full_transcript", args=[recorded.original.pk]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
