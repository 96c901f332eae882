"""History pages: footnoted articles, the timeline, and what each place links to."""

import datetime

import pytest

from memorial.core.models import DatePrecision
from memorial.history.models import place_links
from tests import factories
from tests.utils import html

pytestmark = pytest.mark.django_db


def test_article_shows_numbered_footnotes_and_figures(client, site_tree):
    response = client.get(site_tree.article.url)
    assert response.status_code == 200
    footnotes = response.context["footnotes"]
    assert [n for n, _ in footnotes] == [1, 2]
    text = response.content.decode()
    for source in (c["source"] for _, c in footnotes):
        assert source.title in text
    assert "A rights group" in text and "The government" in text


def test_timeline_lists_events_of_its_language_in_date_order(client, site_tree):
    later = factories.EventFactory(title="Laterevent", date=datetime.date(1982, 2, 20))
    earlier = factories.EventFactory(title="Earlierevent", date=datetime.date(1982, 2, 2))
    year = factories.EventFactory(title="Yearevent", date=datetime.date(1981, 1, 1), date_precision=DatePrecision.YEAR)
    arabic = factories.EventFactory(title="Arabicevent", locale=site_tree.home_ar.locale)
    response = client.get(site_tree.timeline.url)
    assert response.context["events"] == [year, earlier, later]
    assert [y for y, _ in response.context["years"]] == [1981, 1982]
    text = response.content.decode()
    assert text.index("Earlierevent") < text.index("Laterevent")
    assert arabic.title not in text
    assert f'id="{earlier.anchor}"' in text


def test_places_index_groups_places_by_kind(client, site_tree):
    factories.PlaceFactory(name="Al-Hader")
    factories.PlaceFactory(name="Tadmur prison", kind="prison")
    text = html(client, site_tree.places_index.url)
    assert "Al-Hader" in text and "Tadmur prison" in text


def test_place_page_links_everything_public_about_the_place(client, site_tree):
    place = factories.PlaceFactory(name="Al-Hader")
    testimony = factories.TestimonyPageFactory(parent=site_tree.testimony_index, places=[place])
    site_tree.article.places.set([place])
    site_tree.article.save()
    event = factories.EventFactory(title="Shelling of Al-Hader", places=[place])
    person = factories.RemembranceFactory(name_latin="Hader Resident", place=place)
    text = html(client, site_tree.places_index.url_for_place(place))
    assert testimony.url in text
    assert site_tree.article.url in text
    assert event.title in text
    assert person.get_url_under(site_tree.names_index) in text


def test_place_links_are_public_only():
    place = factories.PlaceFactory()
    factories.TestimonyPageFactory(places=[place], live=False)
    factories.ArticlePageFactory(places=[place], live=False)
    factories.RemembranceFactory(place=place, live=False)
    links = place_links(place)
    assert not links["place_testimonies"] and not links["place_articles"] and not links["place_people"]


def test_places_are_per_language(client, site_tree):
    arabic = factories.PlaceFactory(name="الحاضر", locale=site_tree.home_ar.locale)
    assert client.get(site_tree.places_index.url + f"{arabic.slug}/").status_code == 404


@pytest.mark.parametrize("slug", ["%00", "..", "<script>", "x" * 300, "%E2%80%AE"])
def test_hostile_place_slugs_are_404(client, site_tree, slug):
    response = client.get(site_tree.places_index.url + slug + "/")
    assert response.status_code == 404
    assert "<script>" not in response.content.decode()
