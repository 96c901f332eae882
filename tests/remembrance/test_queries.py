"""The names index costs the same number of queries however many people it lists."""

import pytest

from tests import factories
from tests.utils import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_names_index_queries_do_not_grow(client, site_tree):
    places = factories.PlaceFactory.create_batch(3)

    def add(n):
        for i in range(n):
            factories.RemembranceFactory(place=places[i % 3], is_sample=bool(i % 2))

    assert_queries_do_not_grow(client, site_tree.names_index.url, add)


def test_person_page_queries_do_not_grow_with_testimonies(client, site_tree):
    person = factories.RemembranceFactory(
        place=factories.PlaceFactory(), sources=factories.SourceFactory.create_batch(2)
    )

    def add(n):
        for _ in range(n):
            factories.TestimonyPersonFactory(
                person=person, page=factories.TestimonyPageFactory(parent=site_tree.testimony_index)
            )

    assert_queries_do_not_grow(client, person.get_url_under(site_tree.names_index), add)
