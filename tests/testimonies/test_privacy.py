"""A witness who did not consent to be named is never named in public."""

import pytest

from memorial.testimonies.models import WitnessDisplay
from tests import factories
from tests.utils import html, search_url

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zubaydaprivate Qassemhidden"


@pytest.fixture
def place():
    return factories.PlaceFactory(name="Al-Barudiyya", slug="al-barudiyya")


@pytest.mark.parametrize("display", [WitnessDisplay.PSEUDONYM, WitnessDisplay.ANONYMOUS])
def test_unconsented_witness_name_never_appears_in_public(client, site_tree, place, display):
    """The witness_name of a pseudonymous or anonymous testimony is never shown on any page nor found by search."""
    page = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index,
        title="A night in the cellar",
        witness_display=display,
        witness_name=SECRET_NAME,
        witness_pseudonym="Umm Khaled",
        places=[place],
    )
    factories.HomePageFeaturedTestimonyFactory(page=site_tree.home, testimony=page)
    listings = {
        "testimony": html(client, page.url),
        "index": html(client, site_tree.testimony_index.url),
        "home": html(client, site_tree.home.url),
        "place": html(client, site_tree.places_index.url_for_place(place)),
        "search that finds it": html(client, search_url("cellar")),
    }
    assert page.url in listings["search that finds it"]
    for surface, text in listings.items():
        assert "Zubaydaprivate" not in text and "Qassemhidden" not in text, f"witness name shown on {surface}"
    # Searching for the hidden name must not find the testimony (the query itself is echoed back).
    for query in (SECRET_NAME, "Qassemhidden", "Zubaydaprivate"):
        assert page.url not in html(client, search_url(query)), f"testimony found by its hidden witness name {query!r}"
    surfaces = listings
    # What is shown instead.
    shown = "Umm Khaled" if display == WitnessDisplay.PSEUDONYM else "Anonymous witness"
    assert shown in surfaces["testimony"]
    assert shown in surfaces["index"]


def test_pseudonym_finds_the_testimony_in_search(client, site_tree):
    """The control for the privacy test: search does find a testimony by what is shown of the witness."""
    page = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index,
        witness_display=WitnessDisplay.PSEUDONYM,
        witness_name=SECRET_NAME,
        witness_pseudonym="Ummkhaledpseudo",
    )
    assert page.url in html(client, search_url("Ummkhaledpseudo"))


def test_consented_witness_is_named(client, site_tree):
    """A witness who agreed to be named is shown by name."""
    page = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index, witness_display=WitnessDisplay.NAMED, witness_name="Abu Named Witness"
    )
    assert "Abu Named Witness" in html(client, page.url)


@pytest.mark.parametrize(
    ("display", "name", "pseudonym", "label"),
    [
        (WitnessDisplay.NAMED, "Real", "Pseudo", "Real"),
        (WitnessDisplay.NAMED, "", "Pseudo", "Anonymous witness"),
        (WitnessDisplay.PSEUDONYM, "Real", "Pseudo", "Pseudo"),
        (WitnessDisplay.PSEUDONYM, "Real", "", "Anonymous witness"),
        (WitnessDisplay.ANONYMOUS, "Real", "Pseudo", "Anonymous witness"),
    ],
)
def test_witness_label_shows_the_name_only_with_consent(display, name, pseudonym, label):
    """witness_label, the only witness field shown or indexed, holds the real name only for a named witness."""
    from memorial.testimonies.models import TestimonyPage as Testimony

    page = Testimony(witness_display=display, witness_name=name, witness_pseudonym=pseudonym)
    assert page.witness_label == label


def test_witness_name_is_not_a_search_field():
    """The real name is never put in the search index."""
    from memorial.testimonies.models import TestimonyPage as Testimony

    indexed = {field.field_name for field in Testimony.get_search_fields()}
    assert "witness_name" not in indexed
    assert "witness_label" in indexed
