"""The testimony index costs the same number of queries however many testimonies it lists."""

import pytest

from tests import factories
from tests.utils import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_testimony_index_queries_do_not_grow(client, site_tree):
    place, theme = factories.PlaceFactory(), factories.ThemeFactory()

    def add(n):
        for _ in range(n):
            factories.TestimonyPageFactory(parent=site_tree.testimony_index, places=[place], themes=[theme])

    assert_queries_do_not_grow(client, site_tree.testimony_index.url, add)


def test_filtered_testimony_index_queries_do_not_grow(client, site_tree):
    place, theme = factories.PlaceFactory(slug="al-hader"), factories.ThemeFactory(slug="exile")

    def add(n):
        for _ in range(n):
            factories.TestimonyPageFactory(parent=site_tree.testimony_index, places=[place], themes=[theme])

    assert_queries_do_not_grow(client, site_tree.testimony_index.url + "?place=al-hader&theme=exile&year=2012", add)
