"""`benchmark_names` reads the first three results of a name search from the page a visitor receives."""

import pytest
from django.test import override_settings

from memorial.demo.management.commands.benchmark_names import results_on_page
from tests import factories

pytestmark = pytest.mark.django_db


@override_settings(MEMORIAL_PAGE_CACHE=False)
def test_the_people_listed_are_read_in_the_page_s_order(site_tree, client):
    people = [
        factories.RemembranceFactory(name_latin=name)
        for name in ("Sample Omar Haddad", "Sample Omar Hadad", "Sample Omar al-Haddad", "Sample Bakri Omar")
    ]
    response = client.get(site_tree.names_index.url, {"q": "Omar Haddad"})
    listed = [person.pk for person in response.context["name_search"].people]
    assert len(listed) >= 3 and set(listed) <= {p.pk for p in people}
    assert results_on_page(response.content.decode()) == listed


@override_settings(MEMORIAL_PAGE_CACHE=False)
def test_a_page_without_results_lists_nobody(site_tree, client):
    factories.RemembranceFactory(name_latin="Sample Omar Haddad")
    html = client.get(site_tree.names_index.url, {"q": "Xyzzyq"}).content.decode()
    assert "No name matches" in html
    assert results_on_page(html) == []
