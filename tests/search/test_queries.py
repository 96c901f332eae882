"""Search results cost the same number of queries however many results there are."""

import pytest

from tests import factories
from tests.utils import assert_queries_do_not_grow, search_url

pytestmark = pytest.mark.django_db


def test_search_queries_do_not_grow(client, site_tree):
    # One page type only: .specific() costs one query per page type among the results, which is bounded.
    place, theme = factories.PlaceFactory(), factories.ThemeFactory()

    made = []

    def add(n):
        for i in range(len(made), len(made) + n):
            made.append(i)
            factories.TestimonyPageFactory(
                parent=site_tree.testimony_index, title=f"Orontes account {i}", places=[place], themes=[theme]
            )
            factories.RemembranceFactory(name_latin=f"Orontes Person {i}", place=place)

    assert_queries_do_not_grow(client, search_url("Orontes"), add)
