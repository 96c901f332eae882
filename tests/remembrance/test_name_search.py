"""The names search: any script, any common spelling, typos tolerated, public people only."""

import pytest

from memorial.remembrance.models import NameKey, Remembrance
from memorial.remembrance.search import search_names
from tests import factories
from tests.utils import HOSTILE_VALUES, assert_safe_listing, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    make = factories.RemembranceFactory
    return {
        "hamwi": make(name_latin="Muhammad al-Hamwi", name_ar="مُحَمَّد الحَمَوي"),
        "mahmoud": make(name_latin="Mahmoud al-Hamwi", name_ar="محمود الحموي"),
        "arabic_only": make(name_latin="", name_ar="يوسف الكيلاني"),
        "latin_only": make(name_latin="Abd al-Rahman Barazi", name_ar=""),
        "fatima": make(name_latin="Fatima Tayfour", name_ar="فاطمة طيفور"),
        "ahmad": make(name_latin="Ahmad Dalati", name_ar="أحمد الدالاتي"),
        "hamid": make(name_latin="Hamid Dalati", name_ar="حامد الدالاتي"),
    }


def top(query, n=3):
    return [p.pk for p in search_names(query).people[:n]]


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("محمد الحموي", "hamwi"),  # Arabic without marks
        ("مُحَمَّد الحَمَوي", "hamwi"),  # Arabic with marks
        ("Mohammed Hamawi", "hamwi"),  # Latin variant
        ("Mhd El Hamwi", "hamwi"),
        ("Youssef Kilani", "arabic_only"),  # cross-script, Latin query
        ("عبد الرحمن البرازي", "latin_only"),  # cross-script, Arabic query
        ("Abdelrahman Barazi", "latin_only"),
        ("Fatmeh Taifour", "fatima"),
        ("احمد الدالاتي", "ahmad"),  # without hamza
        ("Muhammad Hamvi", "hamwi"),  # typo
        ("Fatima Tayfor", "fatima"),  # typo
        ("Kilan", "arabic_only"),  # beginning of a name
    ],
)
def test_right_person_in_top_three(people, query, who):
    """A relative finds the person in the top three whatever the script, spelling or typo."""
    assert people[who].pk in top(query), query


def test_exact_spelling_ranks_above_similar_names(people):
    """Muhammad and Mahmoud share consonants, but a search for one ranks it first."""
    assert top("Muhammad al-Hamwi", 1) == [people["hamwi"].pk]
    assert top("Mahmoud Hamwi", 1) == [people["mahmoud"].pk]
    assert people["mahmoud"].pk not in top("Muhammad al-Hamwi", 5)
    assert people["hamid"].pk not in top("Ahmad Dalati", 5)


def test_typo_offers_did_you_mean(people):
    """When the match is only approximate, the best name is offered as 'did you mean'."""
    result = search_names("Fatima Tayfor")
    assert result.approximate
    assert result.suggestion == "Fatima Tayfour"
    assert not search_names("Fatima Tayfour").suggestion


def test_nothing_found_is_empty_not_an_error(people):
    assert search_names("Zzzzqqq Xxxyyy").people == []
    assert search_names("").people == []


def test_unpublished_people_are_never_found(people):
    """A record that is not live is never found, nor does it change what is found."""
    hidden = factories.RemembranceFactory(name_latin="Qutaybah Zanbaqi", name_ar="قتيبة الزنبقي", live=False)
    assert search_names("Qutaybah Zanbaqi").people == []
    assert search_names("قتيبة الزنبقي").people == []
    assert hidden.pk not in [p.pk for p in search_names("Qutayba").people]


def test_keys_follow_edits(people):
    """Saving a record recomputes its keys: the old spelling is gone, the new one is found."""
    person = people["fatima"]
    person.name_latin = "Zubayda Tayfour"
    person.name_ar = ""
    person.save()
    assert search_names("Fatima Tayfour").partial  # only the family name is still found
    assert person.pk in top("Zubayda Tayfour")
    assert search_names("Zubayda Tayfour").exact
    assert NameKey.objects.filter(person=person, key="=fatima").count() == 0


def test_names_index_answers_q(client, site_tree, people):
    """?q= on the names index lists the ranked matches."""
    response = client.get(site_tree.names_index.url, {"q": "Mohammed Hamawi"})
    assert response.status_code == 200
    found = response.context["name_search"].people
    assert found[0].pk == people["hamwi"].pk
    assert people["hamwi"].get_url_under(site_tree.names_index) in response.content.decode()


def test_site_search_uses_name_search(client, site_tree, people):
    """The site's one search box finds people by any spelling too."""
    response = client.get("/en/search/", {"q": "Youssef Kilani"})
    assert response.status_code == 200
    assert people["arabic_only"].pk in [p.pk for p, _url in response.context["results"].people]


@pytest.mark.parametrize("value", [*HOSTILE_VALUES, "%", "_", "\\", "ال", "=", "#", "~", "محمد" * 300])
def test_hostile_queries_are_safe(client, site_tree, people, value):
    """Any ?q= value answers 200, escaped, never a server error."""
    response = client.get(site_tree.names_index.url, {"q": value})
    assert_safe_listing(response, value)


def test_search_query_count_does_not_grow(client, site_tree):
    """A name search costs the same queries with 5 or 60 matching people."""
    for _ in range(5):
        factories.RemembranceFactory(name_latin="Omar Kayyali", name_ar="عمر الكيالي")
    url = site_tree.names_index.url + "?q=Omar+Kayyali"
    _r, small, _ctx = count_queries(client, url)
    for _ in range(55):
        factories.RemembranceFactory(name_latin="Umar Kayali", name_ar="عمر الكيالي")
    response, large, _ctx = count_queries(client, url)
    assert len(response.context["name_search"].people) == 50
    assert small == large
    assert Remembrance.objects.count() == 60


def test_rebuild_name_keys_restores_every_key(people):
    """After the name rules change, one command recomputes every person's keys."""
    import io

    from django.core.management import call_command

    NameKey.objects.all().delete()
    assert search_names("Mohammed Hamawi").people == []
    call_command("rebuild_name_keys", stdout=io.StringIO())
    assert top("Mohammed Hamawi")[0] == people["hamwi"].pk
    assert NameKey.objects.filter(person=people["arabic_only"]).exists()
