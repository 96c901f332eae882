"""The names index: browsing, filters, and each person's address."""

import datetime

import pytest

from memorial.remembrance.models import Fate
from tests import factories
from tests.utils import HOSTILE_VALUES, assert_safe_listing, html

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    hader = factories.PlaceFactory(name="Al-Hader", slug="al-hader")
    barudiyya = factories.PlaceFactory(name="Al-Barudiyya", slug="al-barudiyya")
    return {
        "killed_hader_1982": factories.RemembranceFactory(
            name_latin="Alpha One", place=hader, fate=Fate.KILLED, death_date=datetime.date(1982, 2, 5)
        ),
        "missing_hader_1982": factories.RemembranceFactory(
            name_latin="Bravo Two", place=hader, fate=Fate.MISSING, death_date=datetime.date(1982, 2, 20)
        ),
        "killed_barudiyya_1981": factories.RemembranceFactory(
            name_latin="Charlie Three", place=barudiyya, fate=Fate.KILLED, death_date=datetime.date(1981, 4, 1)
        ),
    }


def names_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {p.name_latin for p in response.context["people"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Alpha One", "Bravo Two", "Charlie Three"}),
        ("?place=al-hader", {"Alpha One", "Bravo Two"}),
        ("?fate=missing", {"Bravo Two"}),
        ("?year=1981", {"Charlie Three"}),
        ("?place=al-hader&fate=killed&year=1982", {"Alpha One"}),
        ("?place=nowhere", set()),
        ("?fate=bogus", {"Alpha One", "Bravo Two", "Charlie Three"}),
        ("?year=82", {"Alpha One", "Bravo Two", "Charlie Three"}),
    ],
)
def test_names_index_filters(client, site_tree, people, query, expected):
    assert names_on(client, site_tree.names_index.url + query) == expected


def test_names_index_lists_in_name_order(client, site_tree, people):
    response = client.get(site_tree.names_index.url)
    assert [p.name_latin for p in response.context["people"]] == ["Alpha One", "Bravo Two", "Charlie Three"]


def test_names_index_paginates_by_fifty(client, site_tree):
    factories.RemembranceFactory.create_batch(51)
    assert len(client.get(site_tree.names_index.url).context["people"]) == 50
    assert len(client.get(site_tree.names_index.url + "?page=2").context["people"]) == 1
    assert len(client.get(site_tree.names_index.url + "?page=999999").context["people"]) == 1


@pytest.mark.parametrize("param", ["page", "place", "fate", "year"])
def test_names_index_survives_hostile_filter_values(client, site_tree, people, param):
    """Malformed filter values are ignored: never a server error, never reflected unescaped."""
    for value in HOSTILE_VALUES:
        assert_safe_listing(client.get(site_tree.names_index.url, {param: value}), value)


def test_names_index_survives_raw_hostile_query_strings(client, site_tree, people):
    for query in ("page=-1", "page=abc", "year=%3Cscript%3E", "place=%27%20OR%201%3D1%20--", "place=%00", "fate=%00"):
        assert_safe_listing(client.get(f"{site_tree.names_index.url}?{query}"), query)


def test_person_page_shows_the_record(client, site_tree):
    person = factories.RemembranceFactory(name_latin="Omar Hamwi", name_ar="عمر الحموي")
    text = html(client, person.get_url_under(site_tree.names_index))
    assert "Omar Hamwi" in text and "عمر الحموي" in text


def test_person_url_with_a_wrong_slug_redirects_permanently_to_the_canonical(client, site_tree):
    person = factories.RemembranceFactory(name_latin="Omar Hamwi")
    canonical = person.get_url_under(site_tree.names_index)
    for wrong in (f"{person.pk}/someone-else/", f"{person.pk}/"):
        response = client.get(site_tree.names_index.url + wrong)
        assert response.status_code == 301
        assert response["Location"] == canonical


@pytest.mark.parametrize("tail", ["abc/", "abc/omar/", "-1/x/", "1.5/x/", "99999999/x/", "0/", "%00/", "1%00/x/"])
def test_malformed_or_unknown_person_ids_are_404(client, site_tree, tail):
    factories.RemembranceFactory(name_latin="Omar Hamwi")
    assert client.get(site_tree.names_index.url + tail).status_code == 404


def test_person_page_lists_the_testimonies_that_speak_of_them(client, site_tree):
    person = factories.RemembranceFactory(name_latin="Omar Hamwi")
    live = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Livetestimony account")
    draft = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Drafttestimony", live=False)
    factories.TestimonyPersonFactory(page=live, person=person)
    factories.TestimonyPersonFactory(page=draft, person=person)
    text = html(client, person.get_url_under(site_tree.names_index))
    assert live.url in text
    assert "Drafttestimony" not in text


def test_arabic_names_index_serves_the_same_records(client, site_tree):
    arabic_index = factories.RemembranceIndexPageFactory(parent=site_tree.home_ar)
    person = factories.RemembranceFactory(name_latin="Omar Hamwi", name_ar="عمر الحموي")
    url = person.get_url_under(arabic_index)
    assert url.startswith("/ar/")
    assert "عمر الحموي" in html(client, url)
