"""The sitemap lists the pages the gate finds public, and no other, in a fixed number of queries."""

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from memorial.consent.models import ConsentRecord
from tests import factories
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def sitemap(client):
    with override_settings(MEMORIAL_PAGE_CACHE=False):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return response.content.decode()


def test_held_back_restricted_and_draft_pages_are_not_listed(client, site_tree):
    """A page held back by its consent (even if still live), a restricted one and a draft are left out;
    their public twin is listed."""
    index = site_tree.testimony_index
    twin = factories.TestimonyPageFactory(parent=index, slug="public-twin-s7q")
    held = factories.TestimonyPageFactory(parent=index, slug="held-back-s7q")
    ConsentRecord.objects.bulk_create([ConsentRecord(testimony=held, given_by="W", withdrawn_at=timezone.now())])
    restricted = factories.TestimonyPageFactory(parent=index, slug="restricted-s7q")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    factories.TestimonyPageFactory(parent=index, slug="draft-s7q", live=False)
    text = sitemap(client)
    assert twin.url in text
    for slug in ("held-back-s7q", "restricted-s7q", "draft-s7q"):
        assert slug not in text


def test_more_pages_and_page_types_add_no_query(client, site_tree):
    """Every page type is read in the same query: more pages of more types cost nothing more."""
    _response, before, _ctx = count_queries(client, "/sitemap.xml")
    factories.TestimonyPageFactory.create_batch(5, parent=site_tree.testimony_index)
    factories.ArticlePageFactory.create_batch(3, parent=site_tree.history_index)
    factories.StandardPageFactory(parent=site_tree.home, slug="privacy")
    _response, after, _ctx = count_queries(client, "/sitemap.xml")
    assert after == before
