"""A page's places, events, themes and sources read in its own query are exactly its relations' rows."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client, override_settings

from memorial.core.models import Place
from memorial.core.related import rows_from_json
from memorial.history.models import ArticlePage
from memorial.testimonies import models as testimonies
from tests import factories

pytestmark = pytest.mark.django_db

RELATIONS = {
    testimonies.TestimonyPage: ("places", "events", "themes", "sources"),
    ArticlePage: ("places", "events", "sources"),
}


def _values(obj):
    return {field.attname: getattr(obj, field.attname) for field in type(obj)._meta.concrete_fields}


def _relations(site_tree):
    places = [
        factories.PlaceFactory(name="beta street", latitude=Decimal("35.1345678"), longitude=Decimal("36.7512345")),
        factories.PlaceFactory(name="Alpha quarter", other_names="الحاضر", latitude=None, longitude=None),
        factories.PlaceFactory(name="حي البارودية"),
    ]
    events = [
        factories.EventFactory(title="Second", date=datetime.date(1982, 2, 20), end_date=datetime.date(1982, 2, 28)),
        factories.EventFactory(title="First", date=datetime.date(1982, 2, 2), sort_order=2),
        factories.EventFactory(title="First too", date=datetime.date(1982, 2, 2), sort_order=1),
    ]
    themes = [factories.ThemeFactory(name="Siege"), factories.ThemeFactory(name="Detention")]
    sources = [
        factories.SourceFactory(author="al-Hamawi", title="A memoir", url="https://example.org/m", accessed=None),
        factories.SourceFactory(author="Amnesty", title="Report", accessed=datetime.date(2020, 1, 5)),
    ]
    testimony = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index, places=places, events=events, themes=themes, sources=sources
    )
    article = factories.ArticlePageFactory(parent=site_tree.history_index, places=places[:2], sources=sources)
    article.events.set(events[:1])
    article.save()
    return testimony, article


def test_relations_read_with_the_page_equal_the_relations_rows(site_tree, django_assert_num_queries):
    testimony, article = _relations(site_tree)
    for page in (testimony, article):
        model = type(page)
        served = model.for_serving().get(pk=page.pk)
        fresh = model.objects.get(pk=page.pk)
        for name in RELATIONS[model]:
            with django_assert_num_queries(0):
                read = served.related_rows(name)
            queried = fresh.related_rows(name)
            assert queried, f"{model.__name__}.{name} has rows, so the comparison is not vacuous"
            assert [_values(obj) for obj in read] == [_values(obj) for obj in queried], name
            assert [type(obj) for obj in read] == [type(obj) for obj in queried]
            # The values are of their fields' types (dates, decimals, the UUID), not JSON's.
            for obj in read:
                for field in type(obj)._meta.concrete_fields:
                    value = getattr(obj, field.attname)
                    if value is not None:
                        assert isinstance(value, type(getattr(queried[read.index(obj)], field.attname)))


def test_the_order_is_the_models_ordering_on_every_database(site_tree):
    testimony, _ = _relations(site_tree)
    served = testimonies.TestimonyPage.for_serving().get(pk=testimony.pk)
    # Text is compared by code point, whatever the database's collation.
    assert [p.name for p in served.related_rows("places")] == ["Alpha quarter", "beta street", "حي البارودية"]
    assert [e.title for e in served.related_rows("events")] == ["First too", "First", "Second"]
    assert [t.name for t in served.related_rows("themes")] == ["Detention", "Siege"]
    fresh = testimonies.TestimonyPage.objects.get(pk=testimony.pk)
    assert [p.name for p in fresh.related_rows("places")] == ["Alpha quarter", "beta street", "حي البارودية"]


def test_a_page_without_relations_reads_empty_lists(site_tree, django_assert_num_queries):
    testimony = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    served = testimonies.TestimonyPage.for_serving().get(pk=testimony.pk)
    with django_assert_num_queries(0):
        assert [served.related_rows(name) for name in RELATIONS[testimonies.TestimonyPage]] == [[], [], [], []]
    assert rows_from_json(Place, None) == []


@override_settings(MEMORIAL_PAGE_CACHE=False)
def test_a_draft_changes_nothing_a_visitor_sees_at_a_remembered_address(site_tree, superuser):
    """The rows read with the page are the live page's: a place added or removed in a draft is not."""
    kept = factories.PlaceFactory(name="Qzkeptplace")
    removed = factories.PlaceFactory(name="Qzremovedplace")
    testimony = factories.TestimonyPageFactory(parent=site_tree.testimony_index, places=[kept, removed])
    testimony.save_revision(user=superuser).publish()
    draft_only = factories.PlaceFactory(name="Qzdraftplace")
    page = testimonies.TestimonyPage.objects.get(pk=testimony.pk)
    page.places.set([kept, draft_only])
    page.save_revision(user=superuser)
    visitor = Client()
    for _ in range(2):  # the second request is served at the remembered address
        html = visitor.get(testimony.url).content.decode()
        assert "Qzkeptplace" in html and "Qzremovedplace" in html
        assert "Qzdraftplace" not in html
