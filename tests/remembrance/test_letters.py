"""Browse by first letter: every letter with its count of public names, greyed when none is public."""

import re

import pytest
from django.db import connection
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
