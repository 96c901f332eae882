"""Template helpers for the public site.

Links between the page families (a testimony to its places, events, themes and people)
go through the section page of the linked item's language. The section pages are read from
the shared cache (one query whenever the publication generation has moved on) and remembered
on the request, so a listing of fifty items costs the same number of queries as one of five.
"""

import re

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from memorial.core import navigation
from memorial.core.querysets import MemorialPageQuerySet

register = template.Library()

_CLOSING_P = re.compile(r"</p>\s*$")


def _cache(context):
    """A per-request dict for section pages and their addresses; a throwaway one without a request."""
    request = context.get("request")
    if request is None:
        return {}
    if not hasattr(request, "_memorial_links"):
        request._memorial_links = {}
    return request._memorial_links


def _locale_id(context, obj=None):
    if obj is not None and getattr(obj, "locale_id", None):
        return obj.locale_id
    page = context.get("page")
    if isinstance(page, Page) and page.locale_id:
        return page.locale_id
    cache = _cache(context)
    if "active_locale" not in cache:
        try:
            cache["active_locale"] = Locale.get_active().pk
        except Locale.DoesNotExist:
            cache["active_locale"] = None
    return cache["active_locale"]


def _sections(context, locale_id):
    """The section pages other pages link into, for one locale: {section name: (page, url)}.

    Read from the shared cache (``navigation.section_pages``: one query when the publication
    generation has moved on), once per request and locale. The families register their section
    page types in ``memorial.core.navigation``.
    """
    cache = _cache(context)
    key = ("sections", locale_id)
    if key not in cache:
        request = context.get("request")
        if request is None:
            cache[key] = navigation.build_section_pages(None, locale_id)
        else:
            cache[key] = navigation.section_pages(request, locale_id)
    return cache[key]


def _section(context, name, locale_id):
    """The live public section page of a registered section in a locale, and its address, or (None, "")."""
    page = context.get("page")
    model = navigation.section_model(name)
    if isinstance(page, Page) and model is not None and page.specific_class is model and page.locale_id == locale_id:
        cache = _cache(context)
        key = ("own-url", page.pk)
        if key not in cache:
            cache[key] = page.get_url(context.get("request")) or ""
        return page, cache[key]
    return _sections(context, locale_id).get(name, (None, ""))


@register.simple_tag(takes_context=True)
def place_url(context, place):
    """The place's own page under the places index of its language; empty if there is none."""
    if not place or not place.slug:
        return ""
    section, url = _section(context, "places", _locale_id(context, place))
    if not section:
        return ""
    return url + navigation.route_path("place", slug=place.slug)


@register.simple_tag(takes_context=True)
def event_url(context, event):
    """The event's anchor on the timeline of its language."""
    section, url = _section(context, "timeline", _locale_id(context, event))
    if not section:
        return ""
    return f"{url}#event-{event.pk}"


@register.simple_tag(takes_context=True)
def theme_url(context, theme):
    """The testimonies index filtered to a theme."""
    section, url = _section(context, "testimonies", _locale_id(context, theme))
    if not section or not theme.slug:
        return ""
    return f"{url}?theme={theme.slug}"


@register.simple_tag(takes_context=True)
def person_url(context, person, index=None):
    """A person's page under the given names index, or under the names index of the visitor's language."""
    if index is None:
        index, url = _section(context, "names", _locale_id(context))
        if index is None:
            return ""
    else:
        cache = _cache(context)
        key = ("own-url", index.pk)
        if key not in cache:
            cache[key] = index.get_url(context.get("request")) or ""
        url = cache[key]
    return url + navigation.route_path("person", pk=person.pk, slug=person.slug)


@register.simple_tag(takes_context=True)
def names_index_url(context, place=None):
    """The names memorial of the visitor's language, filtered to a place when one is given."""
    section, url = _section(context, "names", _locale_id(context))
    if not section:
        return ""
    if place is not None and place.slug:
        return f"{url}?place={place.slug}"
    return url


def absolute_on_site(page, request, url):
    """``url`` (a path on ``page``'s site) made absolute with that site's root, as canonical links are."""
    root = page.get_full_url(request) or ""
    page_url = page.get_url(request) or ""
    if root and page_url and root.endswith(page_url):
        return root[: len(root) - len(page_url)] + url
    return request.build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's own address on its site; for routed subpages and views, the path requested."""
    request = context.get("request")
    page = context.get("page")
    if request is None:
        return ""
    if isinstance(page, Page) and page.pk:
        url = page.get_url(request)
        if url and request.path.startswith(url):
            # The page itself, or one of its routes (a person, a place).
            return absolute_on_site(page, request, request.path)
    return request.build_absolute_uri(request.path)


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    request = context.get("request")
    if not url:
        return ""
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag
def cited_text(text, numbers=None):
    """Rich text with superscript links to its footnotes, placed inside its last paragraph."""
    html = str(text) if isinstance(text, RichText) else str(RichText(str(text or "")))
    if not numbers:
        return mark_safe(html)  # noqa: S308 - rich text is sanitised by Wagtail's rewriter
    refs = format_html_join(
        "",
        '<sup class="footnote-ref"><a href="#fn-{0}" id="fnref-{0}" aria-describedby="footnotes-label">{0}</a></sup>',
        ((n,) for n in numbers),
    )
    if _CLOSING_P.search(html):
        return mark_safe(_CLOSING_P.sub(lambda _m: f"{refs}</p>", html, count=1))  # noqa: S308
    return mark_safe(html + refs)  # noqa: S308


@register.simple_tag
def estimate_range(estimates):
    """The lowest and highest figure across the estimates, as (low, high), or None for a single value."""
    values = []
    for estimate in estimates or []:
        if estimate.get("low") is not None:
            values.append(estimate["low"])
        if estimate.get("high") is not None:
            values.append(estimate["high"])
    if not values or min(values) == max(values):
        return None
    return (min(values), max(values))


@register.filter
def is_active(value, active):
    """Whether a filter option is the chosen one (the active value arrives as a string)."""
    return value is not None and active is not None and str(value) == str(active)


@register.simple_tag(takes_context=True)
def breadcrumb_pages(context, page):
    """The page's ancestors below the site root, home first.

    Most ancestors are already loaded as the navigation's home and menu items; only when
    one is missing (a page outside the menu) is ``page.breadcrumbs`` queried.
    """
    cached = getattr(page, "_breadcrumb_pages", None)
    if cached is not None:  # the structured data in the head asked first
        return cached
    page._breadcrumb_pages = _breadcrumb_pages(context, page)
    return page._breadcrumb_pages


def _breadcrumb_pages(context, page):
    navigation = context.get("navigation")
    known = {}
    if navigation is not None:
        home = navigation.home
        if home is not None:
            known[home.path] = home
        for item in navigation.items:
            known[item.path] = item
    step = page.steplen
    paths = [page.path[:i] for i in range(2 * step, len(page.path), step)]
    if paths and all(path in known for path in paths):
        return [known[path] for path in paths]
    return list(page.breadcrumbs)


@register.simple_tag(takes_context=True)
def linked_page(context, page, field):
    """A page chosen in ``field``, if live and public, reusing the navigation's copy when it is a menu item."""
    pk = getattr(page, f"{field}_id", None)
    if not pk:
        return None
    navigation = context.get("navigation")
    if navigation is not None:
        for item in navigation.items:
            if item.pk == pk:
                return item
    # One query: the page only if it is live and no view restriction covers it.
    return (
        MemorialPageQuerySet(Page)
        .live()
        .filter(pk=pk)
        .public()
        .only("id", "title", "url_path", "path", "depth", "locale_id")
        .first()
    )


@register.simple_tag
def elided_page_range(page_obj, on_each_side=2, on_ends=1):
    """Page numbers around the current page, with the paginator's ellipsis for the gaps."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends))
