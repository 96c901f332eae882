"""The site navigation of each language, cached until the publication generation moves on.

Every public page shows it, so it is read from the shared cache rather than the database; the
publication lifecycle moves the generation on for any save, deletion, move, publication or
restriction change, in whichever process it happens, and the next request rebuilds it.
"""

from wagtail.models import Page

from memorial.core.generation import remembered
from memorial.core.querysets import MemorialPageQuerySet, exclude_restricted
from memorial.core.sites import site_for_request

FIELDS = ("id", "title", "url_path", "path", "depth", "locale_id", "content_type_id", "translation_key")

# The section pages other pages link into (the places index, the timeline, ...) and the routes
# under them. The families own these page types and register them in their AppConfig.ready(),
# so the shared template tags find them without importing any family.
_sections = {}  # section name -> page model
_routes = {}  # route name -> (page model, name of its route)


def register_section(name, model):
    """A section page type, found by ``name`` (e.g. "places") in the language of each link."""
    _sections[name] = model


def register_route(name, model, route):
    """A route of a section page type, e.g. ("place", PlaceIndexPage, "place_route")."""
    _routes[name] = (model, route)


def sections():
    """{section name: page model}, in the order the families registered them."""
    return dict(_sections)


def section_model(name):
    """The page model registered for a section, or None."""
    return _sections.get(name)


def route_path(name, **kwargs):
    """The path of a registered route below its section page's address; needs no query."""
    model, route = _routes[name]
    return model.get_resolver().reverse(route, **kwargs)


def build_navigation(site, language_code):
    """(home, menu items) for a site in a language: the root's translation and its in-menu sections."""
    root_key = Page.objects.filter(pk=site.root_page_id).values("translation_key")
    home = Page.objects.filter(translation_key__in=root_key, locale__language_code=language_code).only(
        *FIELDS
    ).first() or Page.objects.only(*FIELDS).get(pk=site.root_page_id)
    items = list(
        exclude_restricted(home.get_descendants().live().in_menu().filter(depth__lte=home.depth + 2))
        .order_by("path")
        .only(*FIELDS)
    )
    return home, items


def navigation_for(site, language_code):
    return remembered(f"navigation:{site.pk}:{language_code}", lambda: build_navigation(site, language_code))


def build_section_pages(request, locale_id):
    """{section name: (page, address)}: the live, unrestricted section page of each registered type."""
    names = {model: name for name, model in sections().items()}
    found = {}
    pages = MemorialPageQuerySet(Page).live().filter(locale_id=locale_id).type(*names).public().order_by("path")
    for page in pages.only(*FIELDS):
        name = names.get(page.specific_class)
        if name is not None and name not in found:
            found[name] = (page, page.get_url(request) or "")
    return found


def section_pages(request, locale_id):
    """The section pages of a language, kept until the publication generation moves on (one query then).

    The pages are not specific: links into their routes use the class's resolver, which needs no
    query. Addresses are relative to the request's site, which is part of the key.
    """
    site = site_for_request(request)
    if site is None:
        return build_section_pages(request, locale_id)
    return remembered(f"sections:{site.pk}:{locale_id}", lambda: build_section_pages(request, locale_id))
