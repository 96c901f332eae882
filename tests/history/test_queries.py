"""History listings cost the same number of queries however much they list."""

import datetime

import pytest

from tests import factories
from tests.utils import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_timeline_queries_do_not_grow(client, site_tree):
    place, source = factories.PlaceFactory(), factories.SourceFactory()

    def add(n):
        for i in range(n):
            factories.EventFactory(date=datetime.date(1981 + i % 3, 2, 1 + i % 27), places=[place], sources=[source])

    assert_queries_do_not_grow(client, site_tree.timeline.url, add)


def test_places_index_queries_do_not_grow(client, site_tree):
    kinds = ["district", "prison", "camp", "landmark"]

    def add(n):
        for i in range(n):
            factories.PlaceFactory(kind=kinds[i % 4])

    assert_queries_do_not_grow(client, site_tree.places_index.url, add)


def test_place_page_queries_do_not_grow(client, site_tree):
    place = factories.PlaceFactory(slug="al-hader", sources=[factories.SourceFactory()])
    theme = factories.ThemeFactory()

    def add(n):
        for _ in range(n):
            factories.TestimonyPageFactory(parent=site_tree.testimony_index, places=[place], themes=[theme])
            factories.ArticlePageFactory(parent=site_tree.history_index, places=[place])
            factories.EventFactory(places=[place], sources=[factories.SourceFactory()])
            factories.RemembranceFactory(place=place)

    assert_queries_do_not_grow(client, site_tree.places_index.url_for_place(place), add)


def test_history_index_queries_do_not_grow(client, site_tree):
    def add(n):
        for _ in range(n):
            factories.ArticlePageFactory(parent=site_tree.history_index)

    assert_queries_do_not_grow(client, site_tree.history_index.url, add)


def test_article_queries_do_not_grow_with_footnotes(client, site_tree):
    paragraphs = []

    def add(n):
        paragraphs.extend(range(n))
        site_tree.article.body = factories.ArticleStreamBlockFactory(
            **{f"{i}__paragraph__citations__0__locator": f"p. {i}" for i in range(len(paragraphs))}
        )
        site_tree.article.save()

    assert_queries_do_not_grow(client, site_tree.article.url, add)
