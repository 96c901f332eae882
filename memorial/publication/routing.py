"""Wagtail's page routing with a remembered answer: an address read in one query instead of one per level.

Wagtail finds a page by walking the tree from the site's root, a query (or two) for every level of
the address, and then asks for the page's view restrictions. Here the walk's answer (which page an
address reached, with a routable page's arguments) is remembered in the shared cache, keyed by the
publication generation, the site, the language and the address.

The remembered answer is only a hint, never a decision: the page is read again on every request
through the gate (``gate.public_pages``), which checks in the same query that it is live, under no
view restriction and not held back, and its address must still be the one remembered. A page that
fails any of these (unpublished, restricted, withdrawn, moved, renamed, a hint from an older
generation) is routed by Wagtail's own walk, exactly as without this module, so a restricted page
reaches ``wagtail_hooks.restricted_pages_do_not_exist_for_others`` and an unpublished one answers 404.
Only pages the gate finds public are ever remembered or served through a hint. The same query reads
the page's public translations, which the language links then need not ask for again. That query is
compiled to SQL once a day for each page model (``memorial.core.prepared``): building it from the
gate's rules cost about 3 ms of every request, running it a tenth of one.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Subquery
from django.http import Http404
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page, Site, get_page_models

from memorial.core.generation import generation
from memorial.core.prepared import Prepared
from memorial.core.sites import site_for_request

from . import gate

KEY_PREFIX = "memorial:route:"
SECONDS = 24 * 60 * 60
MAX_PATH = 300  # longer addresses are routed, not remembered: nobody fills the cache at will
PAGE_MARKER = -1982  # no page has a negative id: where the page's id goes in the prepared query
_prepared = {}  # (page model, day, the gate's rules) -> the query of a page and its public translations


def serve(request, path):
    """Wagtail's ``serve`` view, handed the route when a remembered one still holds."""
    site_for_request(request)
    if not hasattr(request, "_wagtail_route_for_request"):
        route, exact = remembered_route(request, path)
        if route is None:
            route = Page.route_for_request(request, path)
        request._wagtail_route_for_request = route
        if not exact:
            remember(request, path, route)
    return wagtail_views.serve(request, path)


def _page_models():
    return {model._meta.label: model for model in get_page_models()}


def _components(path):
    return [component for component in path.split("/") if component]


def route_key(site, components, current=None):
    """The cache key of an address (its path components) on a site, in the active language.

    The address is hashed: keys stay short whatever a visitor types.
    """
    address = hashlib.sha256("/".join(components).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}{current or generation()}:{site.pk}:{translation.get_language()}:{address}"


def remembered_route(request, path):
    """(route, whether it came from this very address's hint), or (None, False).

    The longest part of the address that reached a public page is looked up (one read of the
    cache for all of them); the page is read in one query with the gate's decision, and the rest
    of the address (a person under the names index, a page below) is routed by that page, as
    Wagtail would from there.
    """
    site = Site.find_for_request(request)
    components = _components(path)
    if site is None or len(path) > MAX_PATH:
        return None, False
    current = generation()
    keys = [route_key(site, components[:length], current) for length in range(len(components), -1, -1)]
    found = cache.get_many(keys)
    for key in keys:
        if key in found:
            break
    else:
        return None, False
    label, page_id, url_path, consumed = found[key]
    model = _page_models().get(label)
    if model is None:
        return None, False
    page, translations = None, []
    for version in public_versions(model, page_id):
        if version.pk == page_id:
            page = version
        else:
            translations.append(version)
    if page is None or page.url_path != url_path:
        return None, False
    # The gate has just found no view restriction on the page or above it: nothing to ask again.
    page.memorial_view_restrictions = []
    page.public_translations_read = translations
    try:
        route = page.route(request, components[consumed:])
    except Http404:
        return None, False
    return route, route is not None and route[0] is page


def public_versions(model, page_id):
    """The page and its public translations (for the language links), each with its locale, if the
    gate finds the page public today: one query, compiled once a day for each page model."""
    on = gate.today()
    key = (model, on, gate.hold_back_rules())
    prepared = _prepared.get(key)
    if prepared is None:
        serving = getattr(model, "for_serving", None)
        queryset = serving() if serving is not None else model.objects.all()
        same_key = Page.objects.filter(pk=PAGE_MARKER).values("translation_key")[:1]
        queryset = gate.public_pages(queryset.filter(translation_key=Subquery(same_key)), on=on)
        prepared = Prepared(queryset.select_related("locale"), page=PAGE_MARKER)
        if any(day != on for _model, day, _rules in _prepared):
            _prepared.clear()  # compiled for another day
        _prepared[key] = prepared
    return prepared.rows(page=page_id)


def remember(request, path, route):
    """Keep the page Wagtail's walk reached, under its own address, when the public may see it."""
    if route is None or len(path) > MAX_PATH:
        return
    page = route[0]
    site = Site.find_for_request(request)
    components = _components(path)
    consumed = page.depth - site.root_page.depth if site is not None else -1
    if not 0 <= consumed <= len(components) or not gate.page_is_public(page):
        return
    hint = (page._meta.label, page.pk, page.url_path, consumed)
    cache.set(route_key(site, components[:consumed]), hint, SECONDS)
