"""The one place that says by which address a public record is known outside the site.

Manifests and API answers name records by these addresses: a record's public page (where a person
reads it) and its permanent identifier (``/id/<uuid>/``, what a citation should keep).
"""

from django.urls import reverse

from memorial.publication import identifiers as permanent


def page_address(page, request=None):
    """The public, absolute address of a page."""
    return page.get_full_url(request)


def permanent_address(page):
    """The permanent ``/id/<uuid>/`` address of a page, which never changes with its title or place."""
    return permanent.url_of(permanent.identifier_of(page))


def manifest_address(page, request):
    """The absolute address of a testimony's IIIF manifest (also its ``id``)."""
    return request.build_absolute_uri(reverse("iiif_manifest", args=[page.pk]))


def media_address(file_field, request):
    """The absolute address of a file in public media storage (a viewer on another site must reach it)."""
    return request.build_absolute_uri(file_field.url)
