"""Site search: what it finds, and that no query can break it."""

import pytest

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.search.services import MAX_QUERY_LENGTH, clean_query, search_site
from tests import factories
from tests.utils import assert_safe_listing, html, search_url

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "",
    " ",
    "x" * 10_000,
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "' OR 1=1 --",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m",
    "\u202eevil\u202c",
    "\r\n\t",
    "%",
    "_",
    "\\",
    "*:*",
    "AND OR NOT",
    '"unterminated',
    "🕯️ حماة",
    "a " * 500,
]


def test_search_page_without_a_query(client, site_tree):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert response.context["results"].total == 0


def test_hostile_queries_never_break_search(client, site_tree):
    """No query, however long or strange, makes search fail or reflects markup unescaped."""
    factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    factories.RemembranceFactory()
    factories.RemembranceIndexPageFactory(parent=site_tree.home_ar)
    for query in HOSTILE_QUERIES:
        for language in ("en", "ar"):
            assert_safe_listing(client.get(f"/{language}/search/", {"q": query}), query)


def test_raw_hostile_query_strings(client, site_tree):
    for raw in ("q=%00", "q=%FF%FE", "q=%E2%80%AE", "q=%3Cscript%3Ealert(1)%3C/script%3E", "q[]=x", "q=a&q=b"):
        assert_safe_listing(client.get(f"/en/search/?{raw}"), raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("  hama   1982 ", "hama 1982"),
        ("a\x00b", "ab"),
        ("\u202eevil", "evil"),
        ("line\nbreak\ttab", "linebreaktab"),
        ("x" * 10_000, "x" * MAX_QUERY_LENGTH),
    ],
)
def test_clean_query(raw, expected):
    assert clean_query(raw) == expected


def test_search_finds_pages_and_people_of_the_active_language(client, site_tree):
    testimony = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Kilaniyya cellar account")
    person = factories.RemembranceFactory(name_latin="Kilaniyya Resident", name_ar="ساكن الكيلانية")
    text = html(client, search_url("Kilaniyya"))
    assert testimony.url in text
    assert person.get_url_under(site_tree.names_index) in text
    arabic = html(client, search_url("الكيلانية"))
    assert person.get_url_under(site_tree.names_index) in arabic


def test_search_finds_people_by_name_variant_and_every_term():
    person = factories.RemembranceFactory(name_latin="Mohammed Hamwi", name_variants="Muhammad al-Hamawi")
    factories.RemembranceFactory(name_latin="Mohammed Other")
    factories.RemembranceIndexPageFactory()
    results = search_site("muhammad hamawi")
    assert [p for p, _ in results.people] == [person]


def test_search_returns_nothing_in_a_language_without_a_names_index():
    factories.RemembranceFactory(name_latin="Someone")
    results = search_site("Someone")
    assert results.people == [] and results.people_index is None


def test_search_results_never_include_drafts_or_the_root():
    factories.TestimonyPageFactory(title="Hiddenword draft", live=False)
    factories.RemembranceIndexPageFactory()
    factories.RemembranceFactory(name_latin="Hiddenword Person", live=False)
    results = search_site("Hiddenword")
    assert results.pages == [] and results.people == []
    factories.TestimonyPageFactory(title="Root cellar account")
    found = search_site("Root").pages
    assert found, "a live page matching the root's title is found, so the check below is not vacuous"
    assert all(page.depth > 1 for page in found)


def test_search_asks_the_gate_so_a_page_consent_holds_back_is_not_found(site_tree):
    """A live page whose governing consent is archive only is no hit, even if nothing unpublished it."""
    held = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Qzheldback account")
    shown = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Qzheldback control")
    # Written past the lifecycle (as a bulk import or a restore could), so the page stays live.
    ConsentRecord.objects.bulk_create(
        [ConsentRecord(testimony=held, given_by="Qz", publication_level=PublicationLevel.ARCHIVE_ONLY)]
    )
    held.refresh_from_db()
    assert held.live
    titles = [page.title for page in search_site("Qzheldback").pages]
    assert titles == ["Qzheldback control"]
    assert shown.title in titles
