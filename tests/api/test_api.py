"""The JSON API: filters, pagination, hostile parameters, the rate limit and bounded query counts."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from memorial.history.models import Event
from tests import factories
from tests.publication.test_leak_matrix import _published

pytestmark = pytest.mark.django_db

ENDPOINTS = ["pages", "people", "places", "events", "images", "documents"]


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    settings.MEMORIAL_API_RATE_LIMIT = 100_000


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code} {response.content[:300]}"
    return json.loads(response.content)


def titles(data, key="title"):
    return {item[key] for item in data["items"]}


@pytest.fixture
def records(site_tree):
    """Two places, testimonies and people in each, an article, events and an Arabic testimony."""
    en = Locale.objects.get(language_code="en")
    mill = factories.PlaceFactory(name="Mill quarter", slug="mill-quarter", locale=en)
    castle = factories.PlaceFactory(name="Castle quarter", slug="castle-quarter", locale=en)
    first = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="At the mill")
    first.places.add(mill)
    _published(first)
    second = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="By the castle")
    second.places.add(castle)
    _published(second)
    factories.RemembranceFactory(name_latin="Samir Millman", place=mill, death_date=datetime.date(1982, 2, 3))
    factories.RemembranceFactory(name_latin="Karim Castleman", place=castle, death_date=datetime.date(1982, 3, 1))
    siege = factories.EventFactory(title="The siege begins", date=datetime.date(1982, 2, 2), locale=en)
    siege.places.add(mill)
    siege.save()  # a parental relation is written when its holder is saved
    factories.EventFactory(title="The siege ends", date=datetime.date(1982, 2, 28), locale=en)
    return {"mill": mill, "castle": castle, "first": first, "second": second}


def test_pages_filter_by_family_place_language_and_date(client, records, site_tree):
    """``type`` (family), ``place``, ``locale`` (language) and publication dates narrow the pages."""
    testimonies = get_json(client, "/api/v2/pages/?type=testimonies.TestimonyPage&fields=witness_label,places")
    assert titles(testimonies) == {"At the mill", "By the castle"}
    assert get_json(client, "/api/v2/pages/?place=mill-quarter")["meta"]["total_count"] == 1
    assert titles(get_json(client, "/api/v2/pages/?place=mill-quarter")) == {"At the mill"}
    assert titles(get_json(client, "/api/v2/pages/?place=nowhere")) == set()
    arabic = get_json(client, "/api/v2/pages/?locale=ar")
    assert {item["meta"]["locale"] for item in arabic["items"]} == {"ar"}
    assert site_tree.home_ar.title in titles(arabic)
    today = datetime.date.today().isoformat()
    assert "At the mill" in titles(get_json(client, f"/api/v2/pages/?date_from={today}"))
    assert titles(get_json(client, "/api/v2/pages/?date_to=1999-12-31")) == set()


def test_testimony_detail_fields(client, records):
    """A testimony's detail gives its public fields and its places, never the witness's real name."""
    data = get_json(client, f"/api/v2/pages/{records['first'].pk}/")
    assert data["witness_label"] == records["first"].witness_label
    assert data["places"][0]["name"] == "Mill quarter"
    assert records["first"].witness_name not in json.dumps(data)
    assert "witness_name" not in data and "draft_title" not in data


def test_people_places_and_events(client, records):
    """People filter by place and date of death; events by place, date and language; places by language."""
    assert titles(get_json(client, "/api/v2/people/?place=mill-quarter"), "name_latin") == {"Samir Millman"}
    assert titles(get_json(client, "/api/v2/people/?date_from=1982-02-15"), "name_latin") == {"Karim Castleman"}
    assert titles(get_json(client, "/api/v2/places/?locale=en"), "name") == {"Mill quarter", "Castle quarter"}
    assert titles(get_json(client, "/api/v2/places/?locale=ar"), "name") == set()
    assert titles(get_json(client, "/api/v2/events/?place=mill-quarter")) == {"The siege begins"}
    assert titles(get_json(client, "/api/v2/events/?date_from=1982-02-10&date_to=1982-03-31")) == {"The siege ends"}
    person = get_json(client, "/api/v2/people/?place=castle-quarter")["items"][0]
    detail = get_json(client, person["meta"]["detail_url"])
    assert detail["place"]["name"] == "Castle quarter"
    assert "record_source" not in detail and "search_names" not in detail


def test_places_and_events_follow_their_public_section(client, records, site_tree):
    """Places and events are public as the places index and the timeline of their language are."""
    assert get_json(client, "/api/v2/places/")["meta"]["total_count"] == 2
    site_tree.places_index.unpublish()
    site_tree.timeline.unpublish()
    assert get_json(client, "/api/v2/places/")["meta"]["total_count"] == 0
    assert get_json(client, "/api/v2/events/")["meta"]["total_count"] == 0
    assert Event.objects.count() == 2  # the control: they exist


def test_pagination(client, records):
    """``limit`` and ``offset`` page through a listing; the total stays the same."""
    first = get_json(client, "/api/v2/pages/?type=testimonies.TestimonyPage&limit=1&order=title")
    second = get_json(client, "/api/v2/pages/?type=testimonies.TestimonyPage&limit=1&offset=1&order=title")
    assert first["meta"]["total_count"] == second["meta"]["total_count"] == 2
    assert titles(first) == {"At the mill"} and titles(second) == {"By the castle"}
    assert get_json(client, "/api/v2/pages/?offset=100000")["items"] == []


def test_find_gives_only_what_the_listing_holds(client, records):
    """``find`` redirects to a public record's detail, and answers 404 for a hidden one."""
    response = client.get(f"/api/v2/pages/find/?id={records['first'].pk}")
    assert response.status_code == 302
    assert f"/api/v2/pages/{records['first'].pk}/" in response["Location"]
    records["first"].unpublish()
    assert client.get(f"/api/v2/pages/find/?id={records['first'].pk}").status_code == 404
    assert client.get(f"/api/v2/pages/{records['first'].pk}/")["Content-Type"] == "application/json"


HOSTILE = [
    ("offset=-1", "offset must be a positive integer"),
    ("offset=99999999999999999999999", "too large"),
    ("limit=-5", "limit must be a positive integer"),
    ("limit=100000", "limit cannot be higher than 100"),
    ("limit=abc", "limit must be a positive integer"),
    ("colour=red", "not an operation or a recognised field: colour"),
    ("offset=1&offset=2", "more than once"),
    ("search=%00", "control characters"),
    ("order=%27%3B%20DROP%20TABLE%20wagtailcore_page%3B--", "cannot order by"),
    ("fields=witness_name", "unknown fields"),
    ("limit=" + "9" * 300, "too long"),
    ("find_me=%E2%80%AEevil", "control characters"),
]
PAGES_ONLY = [
    ("type=nope.Nope", "type doesn't exist"),
    ("locale=xx", "locale must be one of"),
    ("place=%27%20OR%201%3D1%20--", "place must be a place's slug"),
    ("child_of=99999999999999", "too large"),
    ("type=testimonies.TestimonyPage&interview_date=notadate", "interview_date"),
]
PEOPLE_ONLY = [
    ("age=abc", "not an operation or a recognised field: age"),
    ("fields=record_source", "unknown fields"),
    ("place=1%3B%20SELECT", "place must be a place's slug"),
]
DATES = [
    (endpoint, query, "date written YYYY-MM-DD")
    for endpoint in ("pages", "people", "events")
    for query in ("date_from=1982-13-45", "date_to=yesterday", "date_from=%D9%A1%D9%A9%D9%A8%D9%A2-01-01")
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(("query", "message"), HOSTILE)
def test_hostile_parameters_answer_400_with_a_message(client, site_tree, endpoint, query, message):
    """Whatever is put in the query string, every endpoint answers 400 saying what is wrong, never 500."""
    data = get_json(client, f"/api/v2/{endpoint}/?{query}", status=400)
    assert message in data["message"]


@pytest.mark.parametrize(
    ("endpoint", "query", "message"),
    [("pages", q, m) for q, m in PAGES_ONLY]
    + [("people", q, m) for q, m in PEOPLE_ONLY]
    + [("events", "locale=xx", "locale must be one of"), ("places", "locale=%27", "locale must be one of")]
    + [("people", "find/?id=abc", "id must be"), ("images", "find/?id=-1", "id must be")]
    + DATES,
)
def test_hostile_filters_answer_400(client, site_tree, endpoint, query, message):
    sep = "" if query.startswith("find/") else "?"
    data = get_json(client, f"/api/v2/{endpoint}/{sep}{query}", status=400)
    assert message in data["message"]


def test_rate_limit(client, site_tree, settings):
    """An anonymous client over its limit is told to wait (429), with a message; another client is not."""
    settings.MEMORIAL_API_RATE_LIMIT = 2
    assert client.get("/api/v2/pages/").status_code == 200
    assert client.get("/api/v2/people/").status_code == 200
    refused = client.get("/api/v2/pages/")
    assert refused.status_code == 429
    assert "Too many requests" in json.loads(refused.content)["message"]
    assert client.get("/api/v2/pages/", REMOTE_ADDR="203.0.113.50").status_code == 200


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?limit=100",
        "/api/v2/pages/?limit=100&type=testimonies.TestimonyPage&fields=*",
        "/api/v2/people/?limit=100&fields=*",
        "/api/v2/places/?limit=100&fields=*",
        "/api/v2/events/?limit=100&fields=*",
    ],
)
def test_query_count_does_not_grow_with_the_list(client, site_tree, url):
    """A listing of many records costs the same number of queries as a listing of a few."""
    en = Locale.objects.get(language_code="en")

    def add(n):
        for _ in range(n):
            place = factories.PlaceFactory(locale=en)
            testimony = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
            testimony.places.add(place)
            _published(testimony)
            factories.RemembranceFactory(place=place)
            event = factories.EventFactory(locale=en)
            event.places.add(place)
            event.save()

    add(2)
    few = _count(client, url)
    add(6)
    many = _count(client, url)
    assert many == few, f"{url}: {few} queries for a few, {many} for many"
    assert few <= 20


@pytest.mark.parametrize(
    "query",
    [
        "search=mill",
        "search=mill&type=testimonies.TestimonyPage",
        "fields=-title",
        "type=testimonies.TestimonyPage&language=ar",
        "type=testimonies.TestimonyPage&interview_date=2012-05-01",
        "order=random",
        "order=-title",
        "descendant_of={home}",
        "child_of={home}&locale=en",
    ],
)
def test_documented_queries_answer(client, records, site_tree, query):
    """The queries the README shows API users answer 200."""
    data = get_json(client, "/api/v2/pages/?" + query.format(home=site_tree.home.pk))
    assert "items" in data


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_search_in_files(client, site_tree, endpoint):
    assert "items" in get_json(client, f"/api/v2/{endpoint}/?search=notes")
