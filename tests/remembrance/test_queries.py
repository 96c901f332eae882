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


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_of_the_names_index_is_the_right_slice(site_tree, monkeypatch, language):
    """Pages read from either end of the index hold exactly the names of that page, in order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from memorial.remembrance import models
    from memorial.remembrance.models import Remembrance

    monkeypatch.setattr(models, "LISTING_PAGE_SIZE", 3)
    names = [("Yusuf Kilani", "يوسف الكيلاني"), ("Ahmad Dalati", "أحمد الدالاتي"), ("Omar Azm", "عمر العظم")]
    names += [("Basel Hamwi", "باسل الحموي"), ("Nour Qassab", "نور القصاب"), ("Hala Barazi", "هالة البرازي")]
    names += [("Ahmad Dalati", "أحمد الدالاتي"), ("Zaynab Tayfour", "زينب طيفور")]
    for latin, arabic in names:
        factories.RemembranceFactory(name_latin=latin, name_ar=arabic)
    factories.RemembranceFactory(name_latin="Hidden Draft", name_ar="مسودة", live=False)
    index = site_tree.names_index
    with translation.override(language):
        order = index.listing_order({})
        expected = list(Remembrance.objects.public().order_by(*order).values_list("pk", flat=True))
        pages = []
        for number in range(1, 4):
            with CaptureQueriesContext(connection) as ctx:
                paginator, page = index.listing_page(Remembrance.objects.public(), {}, number)
            pages.append([person.pk for person in page.object_list])
            if number == 3:  # the last page is read backwards, never by skipping the others
                assert any(" DESC" in q["sql"] for q in ctx.captured_queries)
                assert not any("OFFSET 6" in q["sql"] for q in ctx.captured_queries)
        assert paginator.count == 8
        assert pages == [expected[0:3], expected[3:6], expected[6:8]]
        _paginator, beyond = index.listing_page(Remembrance.objects.public(), {}, "999")
        assert [person.pk for person in beyond.object_list] == expected[6:8]
