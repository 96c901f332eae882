"""A prepared query gives exactly the rows its queryset gives, for any value, without compiling again."""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Q, Value
from django.db.models.functions import Concat
from wagtail.models import Locale, Page

from memorial.core.prepared import Prepared
from memorial.publication import gate

pytestmark = pytest.mark.django_db

MARKER = -424242


def pages(page_id):
    return (
        gate.public_pages(Page.objects.filter(pk=page_id))
        .select_related("locale")
        .annotate(label=Concat("title", Value(" ~")))
    )


def summary(rows):
    return [(row.pk, row.title, row.url_path, row.label, row.locale.language_code) for row in rows]


def test_rows_are_the_querysets_for_every_value(site_tree, django_assert_num_queries):
    """Each page of the tree (and a missing id) gives the same rows, related locale and annotation as the
    queryset built for that id; a restricted page is left out by the gate's SQL in both."""
    prepared = Prepared(pages(MARKER), page=MARKER)
    ids = [*Page.objects.values_list("pk", flat=True), 987654]
    for page_id in ids:
        with django_assert_num_queries(1):  # the locale comes joined, as select_related gives it
            rows = summary(prepared.rows(page=page_id))
        assert rows == summary(pages(page_id))
    assert summary(prepared.rows(page=site_tree.home.pk))[0][3] == f"{site_tree.home.title} ~"
    assert prepared.rows(page=987654) == []


def test_a_value_in_several_places_is_replaced_in_each():
    """A marker used twice is replaced twice: with one place left, the second page would be missed."""
    first, second = Page.objects.order_by("pk").values_list("pk", flat=True)[:2]
    prepared = Prepared(Page.objects.filter(pk__in=[MARKER, MARKER - 1]), a=MARKER, b=MARKER - 1)
    assert {page.pk for page in prepared.rows(a=first, b=second)} == {first, second}
    inner = Page.objects.filter(pk=MARKER).values("pk")
    prepared = Prepared(Page.objects.filter(Q(pk=MARKER) & Q(pk__in=inner)), page=MARKER)
    assert len(prepared.positions["page"]) == 2
    assert [page.pk for page in prepared.rows(page=first)] == [first]


def test_a_marker_the_sql_does_not_carry_is_refused():
    with pytest.raises(ValueError, match="'page' is not a parameter"):
        Prepared(Page.objects.filter(pk=1), page=MARKER)
    # The marker's type counts: the string "-424242" is not the number.
    with pytest.raises(ValueError):
        Prepared(Page.objects.filter(title=str(MARKER)), page=MARKER)
    # A value no row of the field can hold is compiled away by Django (a depth is never negative).
    with pytest.raises(ValueError):
        Prepared(Page.objects.filter(depth=MARKER), page=MARKER)


def test_every_value_and_nothing_else_is_required():
    prepared = Prepared(Page.objects.filter(pk=MARKER), page=MARKER)
    with pytest.raises(TypeError):
        prepared.rows()
    with pytest.raises(TypeError):
        prepared.rows(page=1, other=2)


def test_rows_are_read_on_the_connection_of_the_thread_that_asks():
    """Prepared in one thread, run in another: the other thread's own connection is used (Django refuses
    to share a connection between threads, so the run would fail with the preparing thread's)."""
    prepared = Prepared(Locale.objects.filter(pk=MARKER), page=MARKER)
    outcome = {}

    def run():
        try:
            outcome["rows"] = prepared.rows(page=-1)
        except Exception as error:  # reported to the test below
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert outcome == {"rows": []}
    assert connection.vendor in {"sqlite", "postgresql"}
