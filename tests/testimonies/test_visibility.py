"""What is draft or restricted never appears on any public surface.

Each test states its rule in its docstring; a live counterpart is checked alongside, so
an empty page cannot pass for a private one.
"""

import pytest
from wagtail.models import PageViewRestriction

from tests import factories
from tests.utils import html, search_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return factories.PlaceFactory(name="Al-Hader", slug="al-hader")


def public_surfaces(client, site_tree, place, query):
    """The HTML of every public page a testimony could be listed on."""
    return {
        "home": html(client, site_tree.home.url),
        "index": html(client, site_tree.testimony_index.url),
        "index filtered by place": html(client, site_tree.testimony_index.url + f"?place={place.slug}"),
        "place": html(client, site_tree.places_index.url_for_place(place)),
        "search": html(client, search_url(query)),
        "sitemap": html(client, "/sitemap.xml"),
    }


def test_published_testimony_appears_on_every_public_surface(client, site_tree, place):
    """The control: a live testimony is listed everywhere the hidden ones must not be."""
    page = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index, title="Publishedmarker account", places=[place]
    )
    for surface, text in public_surfaces(client, site_tree, place, "Publishedmarker").items():
        assert page.url in text or page.full_url in text, f"live testimony missing from {surface}"
    assert client.get(page.url).status_code == 200


def test_draft_testimony_is_on_no_public_surface(client, site_tree, place):
    """A testimony never published is not listed anywhere and its own address is a 404."""
    draft = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index, live=False, title="Draftmarker account", places=[place]
    )
    factories.HomePageFeaturedTestimonyFactory(page=site_tree.home, testimony=draft)
    for surface, text in public_surfaces(client, site_tree, place, "Draftmarker").items():
        assert "Draftmarker account" not in text, f"draft testimony shown on {surface}"
        assert draft.slug not in text, f"draft testimony linked from {surface}"
    assert client.get(f"{site_tree.testimony_index.url}{draft.slug}/").status_code == 404


def test_unpublished_changes_to_a_live_testimony_are_not_shown(client, site_tree, place):
    """Only the published version of a testimony is public; a saved draft of changes is not."""
    page = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index, title="Original title", summary="Original summary.", places=[place]
    )
    page.title = "Revisedmarker title"
    page.summary = "Revisedmarker summary."
    page.save_revision()
    for surface, text in {
        **public_surfaces(client, site_tree, place, "Revisedmarker"),
        "own page": html(client, page.url),
    }.items():
        assert "Revisedmarker title" not in text, f"unpublished changes shown on {surface}"
        assert "Revisedmarker summary" not in text, f"unpublished changes shown on {surface}"


def test_restricted_testimony_is_on_no_public_surface(client, site_tree, place):
    """A testimony behind a view restriction is not listed anywhere, and its page shows only the password form."""
    page = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index, title="Restrictedmarker account", places=[place]
    )
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x" * 20)
    for surface, text in public_surfaces(client, site_tree, place, "Restrictedmarker").items():
        assert "Restrictedmarker account" not in text, f"restricted testimony shown on {surface}"
        assert page.slug not in text, f"restricted testimony linked from {surface}"
    own = client.get(page.url)
    assert "Restrictedmarker" not in own.content.decode()
    assert page.summary not in own.content.decode()


def test_testimonies_under_a_restricted_index_are_not_public(client, site_tree, place):
    """A restriction on the testimony index hides every testimony under it from listings and search."""
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Undermarker account", places=[place])
    PageViewRestriction.objects.create(
        page=site_tree.testimony_index, restriction_type=PageViewRestriction.PASSWORD, password="y" * 20
    )
    for surface, text in public_surfaces(client, site_tree, place, "Undermarker").items():
        if surface in {"index", "index filtered by place"}:
            continue  # the index itself now shows its password form
        assert "Undermarker account" not in text, f"testimony under a restricted index shown on {surface}"
    assert "Undermarker" not in client.get(page.url).content.decode()


def test_draft_person_is_not_shown_on_a_testimony_page(client, site_tree):
    """People remembered in a testimony are listed only if their own record is public."""
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    live = factories.RemembranceFactory(name_latin="Livemarker Person")
    draft = factories.RemembranceFactory(name_latin="Draftmarker Person", name_ar="مسودة", live=False)
    factories.TestimonyPersonFactory(page=page, person=live)
    factories.TestimonyPersonFactory(page=page, person=draft)
    text = html(client, page.url)
    assert "Livemarker Person" in text
    assert "Draftmarker" not in text and "مسودة" not in text
