"""The names index costs the same number of queries however many people it lists."""

import pytest

from tests import factories
from tests.utils import assert_queries_do_not_grow, count_queries

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


def test_names_index_queries_constant_from_10_to_1000_people(client, site_tree):
    """The first and the last page of the names index cost the same queries for 10 as for 1,000 people."""
    from memorial.remembrance.importer import import_file
    from memorial.remembrance.models import Remembrance

    factories.PlaceFactory(name="Hama", slug="hama")

    def add(n):
        start = Remembrance.objects.count()
        rows = "".join(
            f"محمد {i},Person{i} Hamwi,,1950,1982-02-{1 + i % 28:02d},Hama,{('killed', 'missing')[i % 2]},List\n"
            for i in range(start, start + n)
        )
        report = import_file(
            ("name_ar,name_latin,name_variants,birth_date,death_date,place,fate,source\n" + rows).encode(),
            "names.csv",
            publish=True,
        )
        assert report.created == n

    url = site_tree.names_index.url
    add(10)
    counts_small = [count_queries(client, u)[1] for u in (url, url + "?page=999", url + "?fate=missing&letter=P")]
    add(990)
    counts_large = [count_queries(client, u)[1] for u in (url, url + "?page=999", url + "?fate=missing&letter=P")]
    assert Remembrance.objects.public().count() == 1000
    assert counts_small == counts_large
