"""A remembered route is a hint, never a decision: the gate reads the page again on every request.

Each change below is made the way another process or a bulk update would make it, without the
signals that move the publication generation, so the remembered route is still in the cache: the
page must nevertheless be refused at once. The page cache is off: these tests are about routing.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models import OuterRef
from django.test import override_settings
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction, Site

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.core.generation import announce
from memorial.publication import gate, routing
from memorial.remembrance.models import Remembrance
from tests import factories
from tests.moderation.helpers import role_users
from tests.utils import cache_keys, login_verified

pytestmark = pytest.mark.django_db

TOKEN = "Orchard account rk7t2v"


@pytest.fixture(autouse=True)
def _page_cache_off():
    with override_settings(MEMORIAL_PAGE_CACHE=False):
        yield


@pytest.fixture
def testimony(site_tree):
    return factories.TestimonyPageFactory(parent=site_tree.testimony_index, title=TOKEN, slug="orchard-account")


def remembered_keys():
    return [key for key in cache_keys() if routing.KEY_PREFIX in key]


def is_remembered(site_tree, path):
    site = Site.objects.get(root_page=site_tree.home)
    with translation.override("en"):
        key = routing.route_key(site, [part for part in path.split("/") if part])
    return cache.get(key) is not None


def served(client, url):
    response = client.get(url)
    return response.status_code, TOKEN in response.content.decode()


def warm(client, url):
    """Two visits: Wagtail's walk remembers the route, the second is served through it."""
    assert served(client, url) == (200, True)
    assert served(client, url) == (200, True)


def test_a_public_page_is_remembered_and_then_routed_through_the_hint(client, site_tree, testimony):
    """After one walk, the route of a public page is found through its remembered address."""
    warm(client, testimony.url)
    assert is_remembered(site_tree, "testimonies/orchard-account")
    request = client.get(testimony.url).wsgi_request
    route = routing.remembered_route(request, "testimonies/orchard-account/")
    assert route[0] is not None and route[0][0].pk == testimony.pk and route[1] is True


def test_an_unpublished_page_is_refused_though_its_route_is_remembered(client, site_tree, testimony):
    """A page unpublished without moving the generation answers 404 at once."""
    warm(client, testimony.url)
    Page.objects.filter(pk=testimony.pk).update(live=False)
    assert served(client, testimony.url) == (404, False)


@pytest.mark.parametrize("on_parent", [False, True])
def test_a_restricted_page_is_refused_though_its_route_is_remembered(
    client, site_tree, testimony, on_parent, django_user_model
):
    """A restriction added without signals (its own or its section's) answers 404 to the public at once,
    and an Archivist still reads the page (the token was there to find)."""
    warm(client, testimony.url)
    target = site_tree.testimony_index if on_parent else testimony
    (restriction,) = PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=target, restriction_type=PageViewRestriction.GROUPS)]
    )
    restriction.groups.set([Group.objects.get(name="Archivists")])
    assert served(client, testimony.url) == (404, False)
    users = role_users(django_user_model)
    login_verified(client, users["Archivists"])
    assert served(client, testimony.url) == (200, True)


def test_a_withdrawn_consent_is_not_served_through_a_remembered_route(client, site_tree, testimony):
    """A page the gate holds back by its governing consent gets no route from the hint (the lifecycle
    unpublishes it when the withdrawal is recorded; a row written behind its back leaves Wagtail's walk)."""
    warm(client, testimony.url)
    request = client.get(testimony.url).wsgi_request
    assert routing.remembered_route(request, "testimonies/orchard-account/")[0] is not None
    ConsentRecord.objects.bulk_create([ConsentRecord(testimony=testimony, given_by="W", withdrawn_at=timezone.now())])
    assert routing.remembered_route(request, "testimonies/orchard-account/") == (None, False)


def test_the_routing_query_compares_with_each_day_its_own_date(client, site_tree, testimony, monkeypatch):
    """The page's query is compiled once a day: an embargo ending tomorrow keeps the page out today and
    lets it through tomorrow (a query compiled today and kept would compare with today's date forever)."""
    warm(client, testimony.url)
    request = client.get(testimony.url).wsgi_request
    today = gate.today()
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                testimony=testimony,
                given_by="W",
                publication_level=PublicationLevel.EMBARGOED,
                embargo_until=today + datetime.timedelta(days=1),
            )
        ]
    )
    assert routing.remembered_route(request, "testimonies/orchard-account/") == (None, False)
    monkeypatch.setattr(gate, "today", lambda: today + datetime.timedelta(days=1))
    route, exact = routing.remembered_route(request, "testimonies/orchard-account/")
    assert route[0].pk == testimony.pk and exact


def test_a_hold_back_rule_registered_later_is_asked(client, site_tree, testimony, monkeypatch):
    """A rule registered after the page's query was compiled is in the next one (no stale compiled query)."""
    warm(client, testimony.url)
    request = client.get(testimony.url).wsgi_request
    assert routing.remembered_route(request, "testimonies/orchard-account/")[0] is not None
    monkeypatch.setattr(gate, "_hold_backs", [*gate._hold_backs, lambda on: Page.objects.filter(pk=OuterRef("pk"))])
    assert routing.remembered_route(request, "testimonies/orchard-account/") == (None, False)


def test_a_moved_page_is_not_found_at_its_old_address(client, site_tree, testimony):
    """A page whose address changed is not served at the remembered one."""
    warm(client, testimony.url)
    old_url = testimony.url
    Page.objects.filter(pk=testimony.pk).update(slug="renamed", url_path=testimony.url_path.replace("orchard", "x"))
    assert served(client, old_url) == (404, False)


def test_a_page_below_a_remembered_section_is_walked_from_there(client, site_tree, testimony):
    """A remembered section page routes the rest of the address itself; the page found is remembered too."""
    warm(client, site_tree.testimony_index.url)
    assert is_remembered(site_tree, "testimonies") and not is_remembered(site_tree, "testimonies/orchard-account")
    assert served(client, testimony.url) == (200, True)
    assert is_remembered(site_tree, "testimonies/orchard-account")


def test_a_new_generation_forgets_every_route(client, site_tree, testimony):
    """Another process moving the generation makes every remembered route unreachable."""
    warm(client, testimony.url)
    request = client.get(testimony.url).wsgi_request
    announce()
    assert routing.remembered_route(request, "testimonies/orchard-account/") == (None, False)
    assert served(client, testimony.url) == (200, True)


def test_a_person_under_a_remembered_names_index(client, site_tree):
    """The names index's own routes are routed by the page; an unpublished person answers 404 at once."""
    person = factories.RemembranceFactory(name_latin=TOKEN)
    url = person.get_url_under(site_tree.names_index)
    warm(client, url)
    Remembrance.objects.filter(pk=person.pk).update(live=False)
    assert served(client, url) == (404, False)


@pytest.mark.parametrize("path", ["/en/" + "a/" * 200, "/en/testimonies/no-such-account/", "/en/testimonies/%00/"])
def test_hostile_addresses_are_not_remembered(client, site_tree, path):
    """Addresses without a public page, or too long, leave nothing in the cache."""
    before = set(remembered_keys())
    assert client.get(path).status_code == 404
    assert not is_remembered(site_tree, path.removeprefix("/en/"))
    # At most the section page above the missing one was remembered on the way.
    assert len(set(remembered_keys()) - before) <= 1
