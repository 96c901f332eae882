"""The site navigation of each language, cached until any page or view restriction changes.

Every public page shows it, so it is read from the cache rather than the database; any
save, deletion, move, publication or restriction change bumps a version number and the
next request rebuilds it.
"""

import uuid

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from memorial.core.querysets import exclude_restricted

VERSION_KEY = "memorial:navigation-version"
FIELDS = ("id", "title", "url_path", "path", "depth", "locale_id", "content_type_id", "translation_key")


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(VERSION_KEY, version, None)
    return version


def invalidate(**kwargs):
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


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
    key = f"memorial:navigation:{_version()}:{site.pk}:{language_code}"
    found = cache.get(key)
    if found is None:
        found = build_navigation(site, language_code)
        cache.set(key, found, 60 * 60)
    return found


def _page_changed(sender, instance, **kwargs):
    if isinstance(instance, (Page, PageViewRestriction)):
        invalidate()


def connect_signals():
    post_save.connect(_page_changed, dispatch_uid="memorial_nav_save")
    post_delete.connect(_page_changed, dispatch_uid="memorial_nav_delete")
    page_published.connect(invalidate, dispatch_uid="memorial_nav_published")
    page_unpublished.connect(invalidate, dispatch_uid="memorial_nav_unpublished")
    post_page_move.connect(invalidate, dispatch_uid="memorial_nav_moved")
