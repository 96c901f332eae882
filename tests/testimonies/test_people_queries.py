"""A testimony page costs the same number of queries however many people it and its index segments name."""

import itertools

import pytest

from memorial.recordings.models import Segment
from tests import factories
from tests.recordings.conftest import make_recorded_testimony
from tests.utils import assert_queries_do_not_grow, html

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def new_person(place):
    return factories.RemembranceFactory(
        name_latin=f"Qzperson {next(_numbers)}", place=place, sources=[factories.SourceFactory()]
    )


def test_people_of_a_testimony_do_not_add_queries(client, site_tree):
    """Each person a testimony names (TestimonyPerson) is listed without a query of their own."""
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Qzpeople account")
    place = factories.PlaceFactory(slug="al-hader")

    def add(n):
        for _ in range(n):
            factories.TestimonyPersonFactory(page=page, person=new_person(place))

    assert_queries_do_not_grow(client, page.url, add, small=2, large=12)
    text = html(client, page.url)
    assert text.count("Qzperson ") >= 12, "every person is listed on the page"


def test_people_of_index_segments_do_not_add_queries(client, site_tree):
    """Each person an index segment names, and each segment naming one, is shown without a query of its own."""
    recorded = make_recorded_testimony(parent=site_tree.testimony_index)
    place = factories.PlaceFactory(slug="al-hader")
    first = Segment.objects.filter(transcript=recorded.original).order_by("start").first()

    def add(n):
        for i in range(n):
            person = new_person(place)
            first.people.add(person)
            first.save()
            segment = Segment.objects.create(
                transcript=recorded.original, start=1 + i / 100, title=f"Qzsegment {person.pk}"
            )
            segment.people.add(person)
            segment.save()

    url = recorded.page.url
    assert_queries_do_not_grow(client, url, add, small=2, large=12)
    text = html(client, url)
    assert text.count("Qzperson ") >= 24, "every person is shown under both of their segments"
