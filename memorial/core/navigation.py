"""The site navigation of each language, cached until the publication generation moves on.

Every public page shows it, so it is read from the shared cache rather than the database; the
publication lifecycle moves the generation on for any save, deletion, move, publication or
restriction change, in whichever process it happens, and the next request rebuilds it.
"""

from django.core.cache import cache
from wagtail.models import Page

from memorial.core.generation import generation
from memorial.core.querysets import exclude_restricted

FIELDS = ("id", "title", "url_path", "path", "depth", "locale_id", "content_type_id", "translation_key")


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
    key = f"memorial:navigation:{generation()}:{site.pk}:{language_code}"
    found = cache.get(key)
    if found is None:
        found = build_navigation(site, language_code)
        cache.set(key, found, 60 * 60)
    return found
