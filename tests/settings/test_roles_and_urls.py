"""The roles a fresh install has, and the language redirect at the site root."""

import pytest
from django.contrib.auth.models import Group

from memorial.moderation.roles import ROLE_NAMES, ensure_roles

pytestmark = pytest.mark.django_db


def test_migration_created_the_four_roles():
    assert set(Group.objects.filter(name__in=ROLE_NAMES).values_list("name", flat=True)) == {
        "Contributors",
        "Moderators",
        "Editors",
        "Archivists",
    }


@pytest.mark.parametrize(
    ("group", "allowed", "refused"),
    [
        ("Contributors", ["access_admin", "add_remembrance"], ["publish_remembrance", "delete_remembrance"]),
        ("Moderators", ["lock_remembrance", "view_source"], ["publish_remembrance", "add_source"]),
        ("Editors", ["publish_remembrance", "delete_remembrance", "add_event"], []),
        ("Archivists", ["publish_remembrance", "change_place"], ["delete_remembrance"]),
    ],
)
def test_roles_have_their_permissions(group, allowed, refused):
    codenames = set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))
    assert set(allowed) <= codenames
    assert not set(refused) & codenames


def test_ensure_roles_is_idempotent_and_grants_page_permissions():
    from wagtail.models import GroupPagePermission

    before = GroupPagePermission.objects.count()
    ensure_roles()
    ensure_roles()
    assert Group.objects.filter(name__in=ROLE_NAMES).count() == 4
    editors = GroupPagePermission.objects.filter(group__name="Editors")
    assert editors.filter(permission__codename="publish_page").exists()
    assert GroupPagePermission.objects.count() >= before


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [("", "/en/"), ("en-GB,en;q=0.9", "/en/"), ("ar", "/ar/"), ("ar-SY,ar;q=0.9,en;q=0.5", "/ar/"), ("fr", "/en/")],
)
def test_site_root_redirects_to_a_language(client, accept_language, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code in (301, 302)
    assert response["Location"] == target


def test_both_home_pages_answer(client):
    from tests import factories

    factories.home_page("en"), factories.home_page("ar")
    assert client.get("/en/").status_code == 200
    assert client.get("/ar/").status_code == 200


def test_unknown_page_is_404(client):
    assert client.get("/en/no-such-page/").status_code == 404
