"""What is made for one person is never kept by a shared cache: private, no-store."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from memorial.core.middleware import PrivateResponseMiddleware

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


def cache_control(response):
    return response.get("Cache-Control", "")


def test_an_anonymous_public_page_may_be_shared(client, site_tree):
    """Control: a public page for an anonymous visitor sets no cookie and is not marked private."""
    response = client.get(site_tree.standard.url)

    assert response.status_code == 200
    assert not response.cookies
    assert "private" not in cache_control(response)


def test_a_page_for_a_signed_in_user_is_private(admin_client, site_tree):
    """The same public page, rendered for a signed-in user, is private and not stored."""
    response = admin_client.get(site_tree.standard.url)

    assert cache_control(response) == PRIVATE


def test_a_restricted_page_for_its_reader_is_private(client, site_tree, django_user_model):
    """A page under a login restriction, shown to a signed-in reader, is never kept by a shared cache."""
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=site_tree.article, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(django_user_model.objects.create_user("reader", password="x" * 16))

    response = client.get(site_tree.article.url)

    assert response.status_code == 200 and cache_control(response) == PRIVATE


def test_a_response_that_sets_a_cookie_is_private(client, site_tree):
    """The contribution form sets the CSRF cookie: that response is for this visitor only."""
    response = client.get(reverse("submissions:testimony"))

    assert response.cookies
    assert cache_control(response) == PRIVATE


def test_a_response_that_varies_on_the_cookie_is_private():
    """Whatever varies on the Cookie header is private."""

    def view(request):
        response = HttpResponse("for you")
        patch_vary_headers(response, ["Cookie"])
        return response

    response = PrivateResponseMiddleware(view)(RequestFactory().get("/en/"))

    assert cache_control(response) == PRIVATE


def test_a_preview_is_private():
    """A preview (a draft shown in the admin) is private, whoever asks."""
    request = RequestFactory().get("/en/")
    request.is_preview = True

    response = PrivateResponseMiddleware(lambda r: HttpResponse("draft"))(request)

    assert cache_control(response) == PRIVATE


def test_the_admin_preview_is_private(admin_client, site_tree):
    """The admin's preview of a page draft is private and not stored."""
    page = site_tree.standard
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    from tests.conftest import PageContract

    contract = PageContract()
    contract.client = admin_client
    admin_client.post(url, contract.edit_form_data(page))

    response = admin_client.get(url)

    assert response.status_code == 200 and cache_control(response) == PRIVATE
