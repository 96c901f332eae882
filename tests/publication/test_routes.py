"""Every public address is audited: a new surface that nobody put through the gate fails here.

The site's routes outside the admin are listed below with the test that plants hidden tokens
against them. Adding a route (a feed, an API, an export) without adding it here fails this
test, which asks for the new surface to ask the gate and to join the leak matrix.
"""

from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import get_page_models

# route name -> where its leak tests live
AUDITED = {
    "wagtaildocs_serve": "tests/publication/test_leak_matrix.py (documents of drafts)",
    "wagtaildocs_authenticate_with_password": "Wagtail's own password check for restricted documents",
    "sitemap": "tests/publication/test_leak_matrix.py (walk from /sitemap.xml), test_sitemap.py",
    "robots": "static text, no records",
    "captions": "tests/publication/test_leak_matrix.py (tracks of redacted transcripts)",
    "chapters": "tests/publication/test_leak_matrix.py (tracks of redacted transcripts)",
    "download_vtt": "tests/publication/test_leak_matrix.py (downloads of redacted transcripts)",
    "download_text": "tests/publication/test_leak_matrix.py (downloads of redacted transcripts)",
    "full_transcript": "tests/publication/test_leak_matrix.py (Archivists only; the control)",
    "original": "tests/recordings/test_player.py (originals to Archivists only)",
    "public_media": "tests/publication/test_leak_matrix.py (image files of hidden pages)",
    "search": "tests/publication/test_leak_matrix.py (site search)",
    "testimony": "tests/submissions/test_hostile_input.py (a form; shows nothing stored)",
    "remembrance": "tests/submissions/test_hostile_input.py (a form; shows nothing stored)",
    "status": "tests/submissions/test_public_submission.py (the sender's secret link)",
    "withdraw": "tests/submissions/test_public_submission.py (the sender's secret link)",
    "wagtailcore_authenticate_with_password": "Wagtail's own password check for restricted pages",
    "wagtailcore_login": "tests/publication/test_leak_matrix.py (restricted pages answer 404)",
    "wagtail_serve": "tests/publication/test_leak_matrix.py (every page type), test_routing.py (remembered routes)",
    "listing": "tests/api/test_api_leaks.py (every /api/v2/ endpoint's listing)",
    "detail": "tests/api/test_api_leaks.py (every listed record's detail; hidden ones answer 404)",
    "find": "tests/api/test_api.py (finds only what the listing holds)",
    "iiif_manifest": "tests/api/test_iiif.py and tests/api/test_leaks.py (hidden testimonies, withheld lines)",
    "identifier": "tests/publication/test_identifiers.py (hidden pages and people answer 404)",
    "oai": "tests/publication/test_open_data_leaks.py (a whole harvest; withdrawn records are deleted ones)",
}

# page class -> routes it serves below its own address
AUDITED_PAGE_ROUTES = {
    "history.PlaceIndexPage": {"", "<str:slug>/"},
    "remembrance.RemembranceIndexPage": {"", "<int:pk>/<str:slug>/", "<int:pk>/"},
}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def test_every_public_route_is_in_the_audit():
    """Every address outside the admin is listed with the test that checks it leaks nothing."""
    found = {name or route for route, name in _routes(get_resolver().url_patterns) if not route.startswith("admin/")}
    assert found - set(AUDITED) == set(), "new public routes: put them through the gate and the leak matrix"
    assert set(AUDITED) - found == set(), "routes listed here no longer exist"


def test_every_routable_page_route_is_in_the_audit():
    """Every sub-route a page type serves is listed with the test that checks it."""
    found = {}
    for model in get_page_models():
        if issubclass(model, RoutablePageMixin) and not model._meta.abstract:
            routes = {str(pattern.pattern) for pattern in model.get_subpage_urls()}
            found[model._meta.label] = routes
    assert found == AUDITED_PAGE_ROUTES
