"""The testimony index: filters, pagination and hostile input."""

import datetime

import pytest

from tests import factories
from tests.utils import HOSTILE_VALUES, assert_safe_listing, html

pytestmark = pytest.mark.django_db


@pytest.fixture
def testimonies(site_tree):
    hader = factories.PlaceFactory(name="Al-Hader", slug="al-hader")
    barudiyya = factories.PlaceFactory(name="Al-Barudiyya", slug="al-barudiyya")
    detention = factories.ThemeFactory(name="Detention", slug="detention")
    exile = factories.ThemeFactory(name="Exile", slug="exile")
    make = factories.TestimonyPageFactory
    parent = site_tree.testimony_index
    return {
        "a": make(parent=parent, title="A", places=[hader], themes=[detention], language="ar",
                  interview_date=datetime.date(2012, 1, 1)),
        "b": make(parent=parent, title="B", places=[hader, barudiyya], themes=[exile], language="en",
                  interview_date=datetime.date(2019, 1, 1)),
        "c": make(parent=parent, title="C", places=[barudiyya], themes=[detention, exile], language="fr",
                  interview_date=None),
        "draft": make(parent=parent, title="Draft", places=[hader], themes=[detention], live=False,
                      interview_date=datetime.date(2001, 1, 1), language="de"),
    }  # fmt: skip


def titles_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {p.title for p in response.context["testimonies"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"A", "B", "C"}),
        ("?place=al-hader", {"A", "B"}),
        ("?place=al-barudiyya", {"B", "C"}),
        ("?theme=detention", {"A", "C"}),
        ("?theme=exile&place=al-barudiyya", {"B", "C"}),
        ("?year=2019", {"B"}),
        ("?language=fr", {"C"}),
        ("?language=ar&place=al-hader&theme=detention&year=2012", {"A"}),
        ("?place=nowhere", set()),
        ("?language=xx", {"A", "B", "C"}),
        ("?year=19", {"A", "B", "C"}),
    ],
)
def test_testimony_index_filters(client, site_tree, testimonies, query, expected):
    assert titles_on(client, site_tree.testimony_index.url + query) == expected


def test_a_testimony_in_two_matching_places_is_listed_once(client, site_tree, testimonies):
    response = client.get(site_tree.testimony_index.url + "?place=al-hader")
    titles = [p.title for p in response.context["testimonies"]]
    assert sorted(titles) == ["A", "B"]


def test_filter_options_offer_only_what_published_testimonies_have(client, site_tree, testimonies):
    factories.PlaceFactory(name="Unused place")
    context = client.get(site_tree.testimony_index.url).context
    assert [p.slug for p in context["places"]] == ["al-barudiyya", "al-hader"]
    assert [t.slug for t in context["themes"]] == ["detention", "exile"]
    assert context["years"] == [2019, 2012]  # not 2001: that testimony is a draft
    assert {code for code, _ in context["languages"]} == {"ar", "en", "fr"}  # not "de": draft


def test_active_filters_are_reported(client, site_tree, testimonies):
    context = client.get(site_tree.testimony_index.url + "?place=al-hader&year=abcd&language=en").context
    assert context["active_filters"] == {"place": "al-hader", "language": "en"}


def test_testimony_index_paginates(client, site_tree):
    factories.TestimonyPageFactory.create_batch(13, parent=site_tree.testimony_index)
    assert len(client.get(site_tree.testimony_index.url).context["testimonies"]) == 12
    assert len(client.get(site_tree.testimony_index.url + "?page=2").context["testimonies"]) == 1
    assert len(client.get(site_tree.testimony_index.url + "?page=999999").context["testimonies"]) == 1
    assert len(client.get(site_tree.testimony_index.url + "?page=abc").context["testimonies"]) == 12


@pytest.mark.parametrize("param", ["page", "place", "theme", "year", "language"])
def test_testimony_index_survives_hostile_filter_values(client, site_tree, testimonies, param):
    """Malformed filter values are ignored: never a server error, never reflected unescaped."""
    for value in HOSTILE_VALUES:
        assert_safe_listing(client.get(site_tree.testimony_index.url, {param: value}), value)


def test_testimony_index_survives_raw_hostile_query_strings(client, site_tree, testimonies):
    url = site_tree.testimony_index.url
    for query in ("page=-1", "page=abc", "year=%3Cscript%3E", "place=%27%20OR%201%3D1%20--", "theme=%00", "page=%00"):
        assert_safe_listing(client.get(f"{url}?{query}"), query)


def test_null_bytes_in_filters_never_reach_the_database(client, site_tree, testimonies, people_index_url):
    """PostgreSQL refuses strings containing NUL (a 500); filter values with one must be dropped, not queried."""
    from django.db import connection

    sent = []

    def spy(execute, sql, params, many, context):
        sent.extend(p for p in (params or ()) if isinstance(p, str) and "\x00" in p)
        return execute(sql, params, many, context)

    for url in (site_tree.testimony_index.url, people_index_url):
        for param in ("place", "theme"):
            with connection.execute_wrapper(spy):
                assert client.get(url, {param: "al-hader\x00"}).status_code == 200
            assert not sent, f"{url}?{param}=al-hader%00 sent {sent!r} to the database"


@pytest.fixture
def people_index_url(site_tree):
    return site_tree.names_index.url


def test_testimony_page_shows_what_it_concerns(client, site_tree):
    place, theme, source = (
        factories.PlaceFactory(name="Al-Hader"),
        factories.ThemeFactory(name="Exile"),
        (factories.SourceFactory(title="Oral history report")),
    )
    page = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index, places=[place], themes=[theme], sources=[source],
        content_note="Describes detention and torture.",
    )  # fmt: skip
    text = html(client, page.url)
    for expected in ("Al-Hader", "Exile", "Oral history report", "Describes detention and torture.", page.title):
        assert expected in text
