"""A restricted page does not exist for whoever may not read it: the same 404 as a missing address."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests import factories
from tests.moderation.helpers import role_users
from tests.utils import login_verified, verify_second_factor

pytestmark = pytest.mark.django_db

TOKEN = "Cellar account rtok3q8"
MISSING = "/en/testimonies/no-such-account/"


@pytest.fixture
def users(django_user_model):
    return role_users(django_user_model)


def restricted_page(site_tree, kind, groups=()):
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title=TOKEN, slug="cellar-account")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind)
    restriction.groups.set(groups)
    return page


def archive_only(site_tree):
    return restricted_page(site_tree, PageViewRestriction.GROUPS, [Group.objects.get(name="Archivists")])


def assert_same_as_missing(client, page):
    restricted = client.get(page.url)
    missing = client.get(MISSING)

    assert restricted.status_code == missing.status_code == 404
    assert [t.name for t in restricted.templates] == [t.name for t in missing.templates]
    body = restricted.content.decode()
    assert TOKEN not in body
    assert "login" not in body.lower() and "login" not in str(restricted.headers).lower()
    assert body.replace(page.url, "@") == missing.content.decode().replace(MISSING, "@")
    assert sorted(restricted.headers) == sorted(missing.headers)


def test_an_archive_only_page_is_missing_for_an_anonymous_visitor(client, site_tree, users):
    """An anonymous visitor gets the 404 of a missing page for a group-restricted page: no login, no title."""
    assert_same_as_missing(client, archive_only(site_tree))


def test_a_login_restricted_page_is_missing_for_an_anonymous_visitor(client, site_tree):
    """An anonymous visitor gets the 404 of a missing page for a login-restricted page."""
    assert_same_as_missing(client, restricted_page(site_tree, PageViewRestriction.LOGIN))


def test_a_signed_in_user_outside_the_group_gets_a_404(client, site_tree, users):
    """An Editor, signed in but not an Archivist, is told nothing more than an anonymous visitor."""
    page = archive_only(site_tree)
    login_verified(client, users["Editors"])

    response = client.get(page.url)

    assert response.status_code == 404 and TOKEN not in response.content.decode()


def test_an_archivist_reads_the_archive_only_page(client, site_tree, users):
    """Control: an Archivist sees the archive-only page."""
    page = archive_only(site_tree)
    login_verified(client, users["Archivists"])

    response = client.get(page.url)

    assert response.status_code == 200 and TOKEN in response.content.decode()


def test_a_signed_in_user_reads_a_login_restricted_page(client, site_tree, users):
    """Control: a login restriction admits anyone signed in."""
    page = restricted_page(site_tree, PageViewRestriction.LOGIN)
    login_verified(client, users["Editors"])

    assert TOKEN in client.get(page.url).content.decode()


def test_staff_still_sign_in_through_the_admin(client, users):
    """The admin's own login page is untouched: staff sign in there, then pass their second factor."""
    assert client.get(reverse("wagtailadmin_login")).status_code == 200
    users["Archivists"].set_password("correct horse battery staple")
    users["Archivists"].save()

    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": users["Archivists"].username, "password": "correct horse battery staple"},
    )

    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home"))["Location"] == reverse("accounts_enrol")
    verify_second_factor(client, users["Archivists"])
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
