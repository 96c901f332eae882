"""Every public page type answers in at most 10 queries on a populated site (the demo: test_page_queries.py)."""

import pytest

from tests import factories
from tests.utils import count_queries, describe_queries, search_url

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
# Here the places index is outside the menu, so the breadcrumbs of a place take a query of their own;
# the site search is still above the budget (one query per page type among its hits: test_page_queries.py).
ALLOWED = {"place": MAX_QUERIES + 1, "search": MAX_QUERIES + 1}


@pytest.fixture
def populated(site_tree):
    place = factories.PlaceFactory(slug="al-hader", sources=[factories.SourceFactory()])
    theme = factories.ThemeFactory()
    event = factories.EventFactory(places=[place], sources=[factories.SourceFactory()])
    person = factories.RemembranceFactory(
        name_latin="Orontes Person", place=place, photo=factories.ImageFactory(), sources=[factories.SourceFactory()]
    )
    testimonies = [
        factories.TestimonyPageFactory(
            parent=site_tree.testimony_index,
            title=f"Orontes account {i}",
            places=[place],
            themes=[theme],
            events=[event],
            sources=[factories.SourceFactory()],
        )
        for i in range(4)
    ]
    factories.TestimonyPersonFactory(page=testimonies[0], person=person)
    factories.HomePageFeaturedTestimonyFactory(page=site_tree.home, testimony=testimonies[1])
    site_tree.article.places.set([place])
    site_tree.article.events.set([event])
    site_tree.article.sources.set([factories.SourceFactory()])
    site_tree.article.save()
    site_tree.home.hero_image = factories.ImageFactory()
    site_tree.home.save()
    return {"place": place, "person": person, "testimony": testimonies[0]}


def urls(site_tree, populated):
    return {
        "home": site_tree.home.url,
        "arabic home": site_tree.home_ar.url,
        "standard page": site_tree.standard.url,
        "testimony index": site_tree.testimony_index.url,
        "testimony index filtered": site_tree.testimony_index.url + "?place=al-hader&year=2012&language=ar",
        "testimony": populated["testimony"].url,
        "names index": site_tree.names_index.url,
        "names index filtered": site_tree.names_index.url + "?place=al-hader&fate=killed&year=1982",
        "person": populated["person"].get_url_under(site_tree.names_index),
        "history index": site_tree.history_index.url,
        "article": site_tree.article.url,
        "timeline": site_tree.timeline.url,
        "places index": site_tree.places_index.url,
        "place": site_tree.places_index.url_for_place(populated["place"]),
        "search": search_url("Orontes"),
        "empty search": search_url(""),
    }


def test_every_public_page_answers_within_the_query_budget(client, site_tree, populated):
    over = []
    for name, url in urls(site_tree, populated).items():
        response, count, ctx = count_queries(client, url)
        assert response.status_code == 200, f"{name} ({url}) answered {response.status_code}"
        if count > ALLOWED.get(name, MAX_QUERIES):
            over.append(f"{name} ({url}) took {count} queries:\n{describe_queries(ctx)}")
    assert not over, f"{len(over)} page(s) over {MAX_QUERIES} queries:\n" + "\n\n".join(over)
