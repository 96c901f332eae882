"""The whole-page cache for anonymous visitors: kept only when public to all, never stale.

Each change test plants a unique token, shows that the cache serves it (a hit), makes the change
the way an editor or the system makes it, and asks again at once.
"""

import datetime

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from memorial.consent.services import withdraw_consent
from memorial.core.generation import announce
from memorial.publication import page_cache
from memorial.recordings.models import Cue
from memorial.recordings.signals import refresh_for_transcript
from tests import factories
from tests.utils import cache_keys, search_url

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def state(response):
    return response.get(HEADER)


def warm(client, url, token):
    """Positive control: the token is served, and served again from the cache."""
    first = client.get(url)
    assert first.status_code == 200 and token in first.content.decode()
    second = client.get(url)
    assert state(second) == "hit" and token in second.content.decode()


def test_a_second_anonymous_request_is_a_hit_and_costs_no_query(client, site_tree, django_assert_num_queries):
    """The second anonymous GET of a public page is served from the cache, unchanged and without a query."""
    first = client.get(site_tree.standard.url)
    assert state(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get(site_tree.standard.url)
    assert state(second) == "hit"
    assert second.content == first.content
    assert second["Cache-Control"].startswith("public, max-age=")
    assert "s-maxage=" in second["Cache-Control"]
    head = client.head(site_tree.standard.url)
    assert state(head) == "hit" and head.content == b""


def test_the_key_holds_the_query_string_and_the_language(client, site_tree):
    """Another query string or another language is another entry."""
    client.get(search_url("mill"))
    assert state(client.get(search_url("mill"))) == "hit"
    assert state(client.get(search_url("river"))) == "miss"
    assert state(client.get(search_url("mill", language="ar"))) == "miss"


def test_a_signed_in_user_never_gets_nor_fills_a_cached_page(client, admin_client, site_tree, superuser):
    """A signed-in editor's request neither reads the cache nor writes to it."""
    from django.test import Client

    anonymous = Client()
    anonymous.get(site_tree.standard.url)
    for _ in range(2):
        response = admin_client.get(site_tree.standard.url)
        assert response.status_code == 200 and state(response) is None
        assert response["Cache-Control"] == "private, no-store"
    cache.clear()
    admin_client.get(site_tree.standard.url)
    assert state(anonymous.get(site_tree.standard.url)) == "miss"


def test_a_request_with_a_csrf_cookie_is_not_served_from_the_cache(client, site_tree):
    """Someone who opened a form carries a CSRF cookie: their pages are rendered for them."""
    client.get(site_tree.standard.url)
    client.cookies["csrftoken"] = "x" * 32
    assert state(client.get(site_tree.standard.url)) is None


def test_a_restricted_page_is_never_cached(client, site_tree, django_user_model):
    """A page under a restriction is not kept, neither its 404 for visitors nor its text for a reader."""
    PageViewRestriction.objects.create(page=site_tree.article, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        assert state(client.get(site_tree.article.url)) is None
    PageViewRestriction.objects.all().delete()
    PageViewRestriction.objects.create(
        page=site_tree.article, restriction_type=PageViewRestriction.PASSWORD, password="long enough secret"
    )
    for _ in range(2):
        response = client.get(site_tree.article.url)
        assert state(response) is None
    assert not [key for key in cache_keys() if page_cache.KEY_PREFIX in key and "boundary" not in key]


def _through_the_middleware(site_tree, view, path="/en/about/"):
    """One anonymous GET through the middleware, as if Wagtail served ``site_tree.standard`` with ``view``."""

    def serve(request):
        request.memorial_served_page = site_tree.standard
        return view(request)

    middleware = page_cache.PageCacheMiddleware(serve)
    return middleware(RequestFactory().get(path)), middleware(RequestFactory().get(path))


def test_a_response_that_sets_a_cookie_is_not_cached(site_tree):
    """A response setting a cookie is for one visitor: never kept."""

    def view(request):
        response = HttpResponse("hello")
        response.set_cookie("flavour", "plain")
        return response

    first, second = _through_the_middleware(site_tree, view)
    assert state(first) is None and state(second) is None


def test_a_page_with_a_csrf_form_is_not_cached(site_tree):
    """A form's CSRF token belongs to one visitor: a page carrying one is never kept."""
    view = lambda request: HttpResponse('<form><input name="csrfmiddlewaretoken" value="abc"></form>')  # noqa: E731
    first, second = _through_the_middleware(site_tree, view)
    assert state(first) is None and state(second) is None


@pytest.mark.parametrize("control", ["private", "no-store", "no-cache"])
def test_a_private_response_is_not_cached(site_tree, control):
    """A view that says its answer is private or not to be stored is believed."""

    def view(request):
        response = HttpResponse("mine")
        response["Cache-Control"] = control
        return response

    first, second = _through_the_middleware(site_tree, view)
    assert state(first) is None and state(second) is None


def test_only_a_public_page_is_kept(site_tree):
    """A page the gate does not find public (here: not live) is not kept even if it answered 200."""
    site_tree.standard.unpublish()
    first, second = _through_the_middleware(site_tree, lambda request: HttpResponse("draft"))
    assert state(first) is None and state(second) is None


def test_admin_and_downloads_are_never_cached(client, site_tree):
    """The admin and media are never kept (the forms are kept only as shells: tests/submissions/test_form_shell.py)."""
    for url in ("/admin/login/", "/media/original_images/x.jpg"):
        client.get(url)
        assert state(client.get(url)) is None, url
        client.cookies.clear()


def test_the_middleware_never_keeps_a_form_whole(client, site_tree):
    """A form reaches the middleware with its visitor's own token filled in: that response is never kept."""
    url = reverse("submissions:testimony")
    client.get(url)
    client.cookies.clear()
    client.get(url)
    assert not [key for key in cache_keys() if page_cache.cache_key(RequestFactory().get(url)) in key]


def test_the_contribute_page_itself_is_kept_but_never_what_lies_below_it(client, site_tree):
    """The page that says how to contribute is public like any other; the forms and status links are not."""
    factories.StandardPageFactory(parent=site_tree.home, title="Contribute", slug="contribute")
    client.get("/en/contribute/")
    assert state(client.get("/en/contribute/")) == "hit"
    for url in ("/en/contribute/status/some-secret-token/", "/en/contribute/contribute/"):
        client.get(url)
        assert state(client.get(url)) is None, url


def test_unpublishing_shows_at_once(client, site_tree):
    """Unpublished: the very next anonymous request no longer finds the page."""
    page = factories.StandardPageFactory(parent=site_tree.home, title="Qzunpublish token", slug="unpub")
    warm(client, page.url, "Qzunpublish")
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_a_restriction_shows_at_once(client, site_tree):
    """A restriction added: the very next anonymous request no longer finds the page."""
    warm(client, site_tree.article.url, "The siege of the city")
    PageViewRestriction.objects.create(page=site_tree.article, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(site_tree.article.url)
    assert response.status_code == 404 and "The siege of the city" not in response.content.decode()


def test_a_new_title_shows_at_once(client, site_tree):
    """A title changed and republished: the next request shows the new title, in the page and its index."""
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Qzoldtitle account")
    warm(client, page.url, "Qzoldtitle")
    warm(client, site_tree.testimony_index.url, "Qzoldtitle")
    page.title = "Qznewtitle account"
    page.save_revision().publish()
    assert "Qznewtitle" in client.get(page.url).content.decode()
    assert "Qznewtitle" in client.get(site_tree.testimony_index.url).content.decode()


def test_an_unpublished_person_shows_at_once(client, site_tree):
    """A person's record unpublished: gone from their page and from the names index at the next request."""
    person = factories.RemembranceFactory(name_latin="Qzperson Hamwi")
    url = person.get_url_under(site_tree.names_index)
    warm(client, url, "Qzperson")
    warm(client, site_tree.names_index.url, "Qzperson")
    person.unpublish()
    assert client.get(url).status_code == 404
    assert "Qzperson" not in client.get(site_tree.names_index.url).content.decode()


def test_a_redacted_cue_shows_at_once(client, site_tree):
    """A transcript line withheld: the next request of its testimony shows [redacted], not the words."""
    from tests.recordings.conftest import make_recorded_testimony

    page = make_recorded_testimony(parent=site_tree.testimony_index).page
    cue = Cue.objects.get(transcript__testimony=page, text__startswith="They held us")
    cue.text = "They held us Qzcuetoken by the river."
    cue.save()
    refresh_for_transcript(cue.transcript)
    warm(client, page.url, "Qzcuetoken")
    cue.redacted = True
    cue.save()
    refresh_for_transcript(cue.transcript)
    assert "Qzcuetoken" not in client.get(page.url).content.decode()


def test_a_withdrawal_shows_at_once(client, site_tree):
    """Consent withdrawn: the very next anonymous request no longer finds the testimony."""
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Qzwithdrawn account")
    warm(client, page.url, "Qzwithdrawn")
    withdraw_consent(page, reason="The family asked.")
    assert client.get(page.url).status_code == 404
    assert "Qzwithdrawn" not in client.get(site_tree.testimony_index.url).content.decode()


def test_a_snippet_shown_on_a_page_shows_at_once(client, site_tree):
    """A place renamed (a snippet, not a page): the next request shows the new name."""
    place = factories.PlaceFactory(name="Qzoldplace")
    site_tree.article.places.set([place])
    site_tree.article.save_revision().publish()
    warm(client, site_tree.article.url, "Qzoldplace")
    place.name = "Qznewplace"
    place.save()
    assert "Qznewplace" in client.get(site_tree.article.url).content.decode()


def test_another_process_moving_the_generation_empties_the_cache(client, site_tree):
    """A cron command in another process only moves the shared generation: the next request misses."""
    warm(client, site_tree.standard.url, "About the archive")
    announce()
    assert state(client.get(site_tree.standard.url)) == "miss"


def test_an_entry_never_outlives_midnight_nor_a_scheduled_moment(site_tree):
    """Entries expire at the next midnight, or at a scheduled publish before it."""
    now = timezone.now()
    midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1), datetime.time.min)
    )
    assert 0 < page_cache.seconds_to_live(now) <= (midnight - now).total_seconds()
    later = now + datetime.timedelta(seconds=min(600, (midnight - now).total_seconds() / 2))
    draft = factories.StandardPageFactory(parent=site_tree.home, live=False, slug="scheduled")
    draft.go_live_at = later
    draft.save()
    assert page_cache.seconds_to_live(now) <= (later - now).total_seconds()


def test_cdn_headers_never_exceed_the_entry(client, site_tree, settings):
    """Browsers and the CDN are told the configured times, capped by the entry's own expiry."""
    settings.PAGE_CACHE_SECONDS = 30
    settings.CDN_CACHE_SECONDS = 120
    control = client.get(site_tree.standard.url)["Cache-Control"]
    ttl = page_cache.seconds_to_live()
    assert control == f"public, max-age={min(30, ttl)}, s-maxage={min(120, ttl)}"
