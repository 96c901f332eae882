"""The home page costs the same number of queries however much there is to feature."""

import pytest

from tests import factories
from tests.utils import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_home_page_queries_do_not_grow(client, site_tree):
    place, theme = factories.PlaceFactory(), factories.ThemeFactory()

    def add(n):
        for _ in range(n):
            testimony = factories.TestimonyPageFactory(parent=site_tree.testimony_index, places=[place], themes=[theme])
            if site_tree.home.featured_testimonies.count() < 6:
                factories.HomePageFeaturedTestimonyFactory(page=site_tree.home, testimony=testimony)
            factories.RemembranceFactory(place=place)

    assert_queries_do_not_grow(client, site_tree.home.url, add)
