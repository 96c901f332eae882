"""The home page: the statement, the featured and latest testimonies, and the count of names."""

import pytest

from tests import factories
from tests.utils import html

pytestmark = pytest.mark.django_db


def test_home_page_shows_statement_sections_and_latest(client, site_tree):
    featured = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Featuredmarker")
    factories.HomePageFeaturedTestimonyFactory(page=site_tree.home, testimony=featured)
    person = factories.RemembranceFactory(name_latin="Latestmarker Person")
    response = client.get(site_tree.home.url)
    text = response.content.decode()
    assert response.status_code == 200
    assert "We remember the people of Hama" in text
    assert featured.url in text
    assert person.get_url_under(site_tree.names_index) in text
    for section in (site_tree.testimony_index, site_tree.names_index, site_tree.timeline, site_tree.history_index):
        assert section.url in text
    assert response.context["featured_testimonies"] == [featured]


def test_featured_testimonies_keep_the_editors_order(client, site_tree):
    first, second = factories.TestimonyPageFactory.create_batch(2, parent=site_tree.testimony_index)
    factories.HomePageFeaturedTestimonyFactory(page=site_tree.home, testimony=second, sort_order=0)
    factories.HomePageFeaturedTestimonyFactory(page=site_tree.home, testimony=first, sort_order=1)
    assert client.get(site_tree.home.url).context["featured_testimonies"] == [second, first]


def test_home_page_without_sections_still_renders(client):
    home = factories.home_page()
    assert "We remember" in html(client, home.url)


def test_arabic_home_page_is_right_to_left(client, site_tree):
    text = html(client, site_tree.home_ar.url)
    assert 'lang="ar"' in text and 'dir="rtl"' in text


def test_home_page_sets_security_headers(client, site_tree):
    response = client.get(site_tree.home.url)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
