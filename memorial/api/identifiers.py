"""The one place that says by which address a public record is known outside the site.

Manifests and API answers name records by these addresses. Today they are the records' public
pages; when stable identifiers exist, only this module changes.
"""

from django.urls import reverse


def page_address(page, request=None):
    """The public, absolute address of a page."""
    return page.get_full_url(request)


def manifest_address(page, request):
    """The absolute address of a testimony's IIIF manifest (also its ``id``)."""
    return request.build_absolute_uri(reverse("iiif_manifest", args=[page.pk]))


def media_address(file_field, request):
    """The absolute address of a file in public media storage (a viewer on another site must reach it)."""
    return request.build_absolute_uri(file_field.url)
