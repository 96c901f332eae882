"""Browse by first letter: every letter with its count of public names, greyed when none is public."""

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from memorial.remembrance.models import letter_counts
from tests import factories

pytestmark = pytest.mark.django_db


def letters_nav(html):
    return html[html.index('<nav class="letters"') : html.index("</nav>", html.index('<nav class="letters"'))]


def test_counts_are_of_public_people_only(site_tree, client):
    """Drafts never count: a letter whose only people are drafts is greyed, not a link."""
    factories.RemembranceFactory(name_latin="Bakri Omar", name_ar="بكري عمر")
    factories.RemembranceFactory(name_latin="Bashir Hasan", name_ar="بشير حسن")
    factories.RemembranceFactory(name_latin="Zahra Draft", name_ar="زهرة", live=False)
    counts = letter_counts()
    latin, arabic = dict(counts["latin_letters"]), dict(counts["arabic_letters"])
    assert latin["B"] == 2 and latin["Z"] == 0
    assert arabic["ب"] == 2 and arabic["ز"] == 0
    nav = letters_nav(client.get(site_tree.names_index.url).content.decode())
    assert re.search(r'href="\?letter=B"[^>]*>\s*<span class="letters__letter">B</span> <span[^>]*>2</span>', nav)
    assert 'href="?letter=Z"' not in nav
    assert '<span class="letters__letter">Z</span>' in nav
    assert 'aria-disabled="true"><span class="letters__letter">ز</span>' in nav


def test_counts_cost_one_query(site_tree):
    """One grouped query for both alphabets, however many letters and people."""
    for i in range(30):
        factories.RemembranceFactory(name_latin=f"{chr(65 + i % 26)}li Person{i}")
    with CaptureQueriesContext(connection) as queries:
        letter_counts()
    assert len(queries.captured_queries) == 1


def test_the_active_letter_is_marked(site_tree, client):
    factories.RemembranceFactory(name_latin="Bakri Omar", name_ar="بكري عمر")
    nav = letters_nav(client.get(site_tree.names_index.url + "?letter=B").content.decode())
    assert re.search(r'href="\?letter=B"\s+aria-current="true"', nav)


def counting_queries(queries):
    return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


@override_settings(MEMORIAL_PAGE_CACHE=False)
def test_counts_are_kept_between_requests_and_follow_every_change(site_tree, client):
    """Counting every public name costs more than a page may at a national registry's size: the counts
    are kept in the shared cache, and publishing, unpublishing or a changed name shows at the next request."""
    url = site_tree.names_index.url
    person = factories.RemembranceFactory(name_latin="Bakri Omar", name_ar="بكري عمر")
    first = client.get(url)
    assert first.context["total_count"] == 1 and dict(first.context["latin_letters"])["B"] == 1
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.context["total_count"] == 1
    assert counting_queries(queries) == [], "the counts were read again though nothing changed"

    person.unpublish()
    gone = client.get(url)
    assert gone.context["total_count"] == 0 and dict(gone.context["latin_letters"])["B"] == 0

    newcomer = factories.RemembranceFactory(name_latin="Zahra Salem", name_ar="زهرة سالم", live=False)
    assert client.get(url).context["total_count"] == 0  # a draft is never counted
    newcomer.save_revision().publish()
    published = client.get(url)
    assert published.context["total_count"] == 1 and dict(published.context["latin_letters"])["Z"] == 1
    assert dict(published.context["arabic_letters"])["ز"] == 1

    newcomer.name_latin = "Widad Salem"  # a new name published: the letter moves
    newcomer.save_revision().publish()
    renamed = client.get(url)
    assert dict(renamed.context["latin_letters"])["Z"] == 0 and dict(renamed.context["latin_letters"])["W"] == 1


@override_settings(MEMORIAL_PAGE_CACHE=False)
def test_filtered_counts_are_kept_apart_and_follow_changes(site_tree, client):
    """Each combination of filters has its own count; none answers for another."""
    url = site_tree.names_index.url
    factories.RemembranceFactory(name_latin="Bakri Omar", fate="killed")
    missing = factories.RemembranceFactory(name_latin="Basil Omar", fate="missing")
    factories.RemembranceFactory(name_latin="Zahra Salem", fate="missing")
    assert client.get(url).context["paginator"].count == 3
    assert client.get(url + "?letter=B").context["paginator"].count == 2
    assert client.get(url + "?fate=missing").context["paginator"].count == 2
    assert client.get(url + "?fate=missing&letter=B").context["paginator"].count == 1
    assert client.get(url + "?fate=missing&letter=B").context["total_count"] == 3
    missing.unpublish()
    assert client.get(url + "?fate=missing&letter=B").context["paginator"].count == 0
    assert client.get(url + "?fate=missing").context["paginator"].count == 1
    assert client.get(url).context["total_count"] == 2


@override_settings(MEMORIAL_PAGE_CACHE=False)
def test_home_count_follows_publication(site_tree, client):
    """The number of names on the home page is the kept count, told of each change."""
    person = factories.RemembranceFactory()
    assert client.get(site_tree.home.url).context["names_count"] == 1
    factories.RemembranceFactory()
    assert client.get(site_tree.home.url).context["names_count"] == 2
    person.unpublish()
    assert client.get(site_tree.home.url).context["names_count"] == 1


@override_settings(MEMORIAL_PAGE_CACHE=False)
def test_the_rendered_letters_are_kept_and_follow_every_change(site_tree, client):
    """The letters are rendered once per change to what the public sees (and per active letter):
    the kept HTML never shows a count, a link or a marked letter that is no longer true."""
    url = site_tree.names_index.url
    person = factories.RemembranceFactory(name_latin="Bakri Omar", name_ar="بكري عمر")
    before = letters_nav(client.get(url).content.decode())
    assert 'href="?letter=B"' in before and "aria-current" not in before
    assert letters_nav(client.get(url).content.decode()) == before  # kept, and the same
    marked = letters_nav(client.get(url + "?letter=B").content.decode())
    assert re.search(r'href="\?letter=B"\s+aria-current="true"', marked)
    assert "aria-current" not in letters_nav(client.get(url).content.decode())  # each its own

    person.unpublish()
    after = letters_nav(client.get(url).content.decode())
    assert 'href="?letter=B"' not in after and '<span class="letters__letter">B</span>' in after
    newcomer = factories.RemembranceFactory(name_latin="Zahra Salem", name_ar="زهرة سالم", live=False)
    newcomer.save_revision().publish()
    published = letters_nav(client.get(url + "?letter=B").content.decode())
    assert re.search(r'href="\?letter=Z"[^>]*>\s*<span class="letters__letter">Z</span> <span[^>]*>1</span>', published)
    assert 'href="?letter=%D8%B2"' in published  # the Arabic letter too
