"""Template helpers that ask the publication gate: counts of public records and language links."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page

from memorial.core.templatetags.memorial_tags import absolute_on_site, canonical_url
from memorial.publication import gate, identifiers

register = template.Library()


@register.simple_tag
def public_people_count(place, listed=None, limit=200):
    """How many public records name this place.

    ``listed`` is the view's list of them, cut at ``limit``: when shorter, its length is
    the count and no query is needed.
    """
    if listed is not None:
        n = len(listed)
        if n < limit:
            return n
    return gate.public_records(place.people.all()).count()


def _is_named_view(request):
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name and match.url_name != "wagtail_serve")


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per site language: the current page's translation, else that language's home.

    Returns dicts with code, name, url (relative), absolute (for hreflang; empty when the
    link is only a fallback to the home page) and current.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language() or settings.LANGUAGE_CODE
    translations = {}
    suffix = ""
    if isinstance(page, Page) and page.pk and request is not None:
        for other in gate.public_translations(page):
            translations[other.locale.language_code] = other
        page_url = page.get_url(request) or ""
        if page_url and request.path.startswith(page_url) and len(request.path) > len(page_url):
            suffix = request.path[len(page_url) :]
    links = []
    for code, name in settings.LANGUAGES:
        link = {"code": code, "name": name, "current": code == current, "url": "", "absolute": ""}
        if code == current:
            link["url"] = request.get_full_path() if request is not None else f"/{code}/"
            link["absolute"] = canonical_url(context) if translations else ""
        elif code in translations:
            url = translations[code].get_url(request) or f"/{code}/"
            # A person's address is the same in every language; a place's slug is not, so a
            # place page links to the places index of the other language.
            if suffix and context.get("person") is not None:
                url += suffix
            link["url"] = url
            link["absolute"] = absolute_on_site(translations[code], request, url)
        elif page is None and request is not None and _is_named_view(request):
            # Search, the contribution forms and the like: the same view in the other language.
            url = translate_url(request.path, code)
            query = request.GET.urlencode()
            link["url"] = f"{url}?{query}" if query else url
        else:
            link["url"] = f"/{code}/"
        links.append(link)
    return links


@register.simple_tag
def permanent_url(obj):
    """The absolute ``/id/<uuid>/`` address of a page or a record, for citations; empty if it has none."""
    value = identifiers.identifier_of(obj)
    return identifiers.url_of(value) if value else ""
