"""A person's record that is not live (draft, or unpublished) never appears on any public surface."""

import pytest

from tests import factories
from tests.utils import html, search_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return factories.PlaceFactory(name="Al-Hamidiyya", slug="al-hamidiyya")


def surfaces(client, site_tree, place, query):
    return {
        "home": html(client, site_tree.home.url),
        "names index": html(client, site_tree.names_index.url),
        "names index filtered": html(client, site_tree.names_index.url + f"?place={place.slug}&fate=killed"),
        "place": html(client, site_tree.places_index.url_for_place(place)),
        "search": html(client, search_url(query)),
    }


def test_live_person_appears_on_every_public_surface(client, site_tree, place):
    """The control: a live record is shown everywhere the draft must not be."""
    person = factories.RemembranceFactory(name_latin="Livemarker Hamwi", place=place)
    url = person.get_url_under(site_tree.names_index)
    for surface, text in surfaces(client, site_tree, place, "Livemarker").items():
        assert url in text, f"live person missing from {surface}"
    assert client.get(url).status_code == 200


def test_draft_person_is_on_no_public_surface(client, site_tree, place):
    """A record that is not live is not listed, counted, found or served at its own address."""
    live = factories.RemembranceFactory(name_latin="Someone Else", place=place)
    draft = factories.RemembranceFactory(name_latin="Draftmarker Hamwi", name_ar="مسودةمخفية", place=place, live=False)
    for surface, text in surfaces(client, site_tree, place, "Draftmarker").items():
        assert "Draftmarker Hamwi" not in text, f"draft person shown on {surface}"
        assert "مسودةمخفية" not in text, f"draft person shown on {surface}"
        assert f"/{draft.pk}/" not in text.replace(f"/{live.pk}/", ""), f"draft person linked from {surface}"
    base = site_tree.names_index.url
    assert client.get(f"{base}{draft.pk}/{draft.slug}/").status_code == 404
    assert client.get(f"{base}{draft.pk}/").status_code == 404
    assert client.get(f"{base}{draft.pk}/wrong-slug/").status_code == 404


def test_home_counts_only_live_people(client, site_tree):
    """The number of names on the home page counts public records only."""
    factories.RemembranceFactory.create_batch(2)
    factories.RemembranceFactory.create_batch(3, live=False)
    response = client.get(site_tree.home.url)
    assert response.context["names_count"] == 2
    assert len(response.context["latest_people"]) == 2


def test_unpublished_record_withdrawn_from_the_memorial(client, site_tree):
    """A record that was live and is unpublished disappears at once."""
    person = factories.RemembranceFactory(name_latin="Withdrawnmarker Person")
    url = person.get_url_under(site_tree.names_index)
    assert client.get(url).status_code == 200
    person.unpublish()
    assert client.get(url).status_code == 404
    assert "Withdrawnmarker" not in html(client, site_tree.names_index.url)
