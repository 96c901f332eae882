"""The demo content: `load_demo` builds a whole site that opens, public and admin, and runs twice safely."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from home.models import HomePage
from memorial.core.demo.loader import DemoLoader
from memorial.remembrance.models import Remembrance, RemembranceIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def public_pages():
    return [page.specific for page in Page.objects.live().public().filter(depth__gt=1)]


def test_demo_fills_both_home_pages(demo):
    """The home pages the migration leaves bare get their image, featured testimonies and call to contribute."""
    for home in HomePage.objects.all():
        assert home.hero_image_id is not None, home.locale
        assert home.contribute_page_id is not None, home.locale
    english = HomePage.objects.get(locale__language_code="en")
    assert english.featured_testimonies.count() >= 1


def test_every_public_page_of_the_demo_opens(demo, client):
    """Every live, public page of the demo answers 200 in its own language."""
    pages = public_pages()
    assert len(pages) >= 20
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_every_person_of_the_demo_has_a_page(demo, client):
    """Every published person of the demo opens under the names index of each language."""
    people = list(Remembrance.objects.filter(live=True))
    assert len(people) >= 12
    for index in RemembranceIndexPage.objects.live():
        for person in people:
            url = person.get_url_under(index)
            assert client.get(url).status_code == 200, url


def test_every_page_of_the_demo_opens_in_the_admin(demo, client, django_user_model):
    """Every page of the demo, draft or live, opens in the admin's editor."""
    client.force_login(django_user_model.objects.get(username="admin", is_superuser=True))
    for page in Page.objects.filter(depth__gt=1):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page.url_path


def test_loading_the_demo_twice_adds_nothing(demo):
    """A second run finds everything in place and creates nothing."""
    pages, people = Page.objects.count(), Remembrance.objects.count()
    created = DemoLoader().run()
    assert Page.objects.count() == pages
    assert Remembrance.objects.count() == people
    assert not any(created.values()), created
