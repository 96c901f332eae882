"""The site answering a request is read from the shared cache, and a change to the sites is seen at once."""

import pytest
from django.test import RequestFactory
from wagtail.models import Site

from memorial.core.sites import site_for_request

pytestmark = pytest.mark.django_db


def request_for(host="localhost"):
    return RequestFactory().get("/en/", HTTP_HOST=host)


def test_the_site_is_read_once_per_generation(site_tree, django_assert_num_queries):
    """Wagtail's answer for a host is kept: the next request finds it without a query."""
    first = site_for_request(request_for())
    with django_assert_num_queries(0):
        again = site_for_request(request_for())
    assert again.pk == first.pk and again.root_page_id == first.root_page_id


def test_a_changed_site_is_seen_by_the_next_request(site_tree):
    """Saving a site moves the publication generation on: the next request reads the sites again."""
    default = site_for_request(request_for("other.example.org"))
    assert default.is_default_site
    Site.objects.create(hostname="other.example.org", root_page=site_tree.standard, is_default_site=False)
    assert site_for_request(request_for("other.example.org")).root_page_id == site_tree.standard.pk
    assert site_for_request(request_for()).pk == default.pk


def test_an_unknown_or_hostile_host_finds_the_default_site(site_tree):
    """A host no site names gets Wagtail's default site; an overlong one is not kept."""
    default = Site.objects.get(is_default_site=True)
    assert site_for_request(request_for("nowhere.example.org")).pk == default.pk
    assert site_for_request(request_for("a" * 300)).pk == default.pk
    assert site_for_request(None) is None
